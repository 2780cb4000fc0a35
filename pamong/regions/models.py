from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One Kemendagri administrative unit: province, regency/city, district or village.

    The code is the official dotted code (``35``, ``35.22``, ``35.22.15``, ``35.22.15.1001``);
    its length fixes the level, so the level is stored only to make filtering cheap.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Provinsi")
        REGENCY = "regency", _("Kabupaten/Kota")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Desa/Kelurahan")

    class VillageKind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")

    code = models.CharField(_("kode"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    # Only for villages: the first digit of the 4-digit village part (1 kelurahan, 2 desa).
    village_kind = models.CharField(_("jenis desa"), max_length=10, choices=VillageKind.choices, blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]
        indexes = [
            # Children of a unit at one level (villages of a district, districts of a regency).
            models.Index(fields=["parent", "level"], name="region_parent_level"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(level="village") & ~models.Q(village_kind=""))
                | (~models.Q(level="village") & models.Q(village_kind="")),
                name="region_village_kind_only_for_villages",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def is_village(self) -> bool:
        return self.level == self.Level.VILLAGE

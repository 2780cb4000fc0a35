from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A government unit of the regency (perangkat daerah and the units below it)."""

    class Kind(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        BAGIAN = "bagian", _("Bagian Sekretariat Daerah")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        BADAN = "badan", _("Badan")
        DINAS = "dinas", _("Dinas")
        SATPOL = "satpol", _("Satuan Polisi Pamong Praja")
        RSUD = "rsud", _("Rumah Sakit Umum Daerah")
        KECAMATAN = "kecamatan", _("Kecamatan")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA = "desa", _("Pemerintah Desa")
        UPT = "upt", _("Unit Pelaksana Teknis")

    # Units whose work is bound to one territory: they must name their region.
    TERRITORIAL = {Kind.KECAMATAN, Kind.KELURAHAN, Kind.DESA}

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("wilayah"),
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    head_name = models.CharField(_("nama kepala"), max_length=150, blank=True)
    head_nip = models.CharField(
        _("NIP kepala"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{18}$", _("NIP terdiri dari 18 angka."))],
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=["kecamatan", "kelurahan", "desa"]) | models.Q(region__isnull=False),
                name="agency_territorial_has_region",
                violation_error_message=_("Kecamatan, kelurahan dan desa wajib menyebut wilayahnya."),
            ),
            models.CheckConstraint(
                condition=models.Q(head_nip="") | models.Q(head_nip__regex=r"^[0-9]{18}$"),
                name="agency_head_nip_18_digits",
                violation_error_message=_("NIP terdiri dari 18 angka."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

from django.db import models
from django.utils.translation import gettext_lazy as _


class DayOff(models.Model):
    """A non-working day added by the regency on top of the national public holidays.

    National holidays come from the ``holidays`` package; collective leave (cuti bersama) and
    regional holidays are decided every year by decree and are entered here by admins.
    """

    class Kind(models.TextChoices):
        CUTI_BERSAMA = "cuti_bersama", _("Cuti bersama")
        REGIONAL = "regional", _("Libur daerah")
        NATIONAL = "national", _("Libur nasional tambahan")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.CUTI_BERSAMA)

    class Meta:
        verbose_name = _("hari libur tambahan")
        verbose_name_plural = _("hari libur tambahan")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y} {self.name}"

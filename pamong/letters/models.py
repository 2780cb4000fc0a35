"""Village letters (surat) and citizen self-service (layanan mandiri).

- ``LetterType``: a managed template (HTML body with ``[placeholders]``, requirements, validity,
  the fields the requester fills in, the number format).
- ``LetterCounter`` + ``Letter``: numbers run per village per year; the counter row is locked
  while a letter is issued and ``(village, year, sequence)`` is unique, so two letters never
  share a number (see services.issue_letter).
- ``ResidentPin``: a resident's self-service PIN (hashed), separate from user accounts.
- ``LetterRequest`` + ``RequestEvent`` + ``RequestFile``: a resident's request and its history;
  the workflow is the table in ``transitions.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.storage import private_storage

DEFAULT_NUMBER_FORMAT = "[kode_surat]/[nomor_surat, 3]/[kode_desa]/[bulan_romawi]/[tahun]"


class Paper(models.TextChoices):
    A4 = "A4", _("A4 (210 x 297 mm)")
    F4 = "F4", _("F4/Folio (215 x 330 mm)")


class LetterType(models.Model):
    code = models.CharField(_("kode surat"), max_length=20, unique=True)
    name = models.CharField(_("nama surat"), max_length=150)
    description = models.TextField(_("keterangan"), blank=True)
    body = models.TextField(
        _("isi surat (HTML)"),
        help_text=_("Gunakan kode isian seperti [nama], [nik], [alamat], [keperluan], [format_nomor_surat]."),
    )
    # [{"name": "keperluan", "label": "Keperluan", "required": true}, …]; checked by templating.check_field_spec.
    fields = models.JSONField(_("isian pemohon"), default=list, blank=True)
    # ["Surat pengantar RT/RW", "Fotokopi KK", …]
    requirements = models.JSONField(_("persyaratan"), default=list, blank=True)
    validity_days = models.PositiveSmallIntegerField(_("masa berlaku (hari)"), default=30)
    number_format = models.CharField(_("format nomor"), max_length=120, default=DEFAULT_NUMBER_FORMAT)
    paper = models.CharField(_("ukuran kertas"), max_length=2, choices=Paper.choices, default=Paper.A4)
    self_service = models.BooleanField(
        _("bisa diajukan mandiri"), default=True, help_text=_("Warga dapat mengajukan lewat layanan mandiri.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jenis surat")
        verbose_name_plural = _("jenis surat")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9.-]+$"), name="lettertype_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class LetterCounter(models.Model):
    """The last number used in one village in one year. Locked by issue_letter."""

    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="lettercounter_village_year")]

    def __str__(self) -> str:
        return f"{self.village_id} {self.year}: {self.last}"


class Letter(models.Model):
    letter_type = models.ForeignKey(LetterType, on_delete=models.PROTECT, related_name="letters")
    resident = models.ForeignKey("villages.Resident", on_delete=models.PROTECT, related_name="letters")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="letters")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("nomor surat"), max_length=120)
    issued_at = models.DateTimeField(_("diterbitkan"), default=timezone.now)
    valid_until = models.DateField(_("berlaku sampai"))
    values = models.JSONField(_("isian"), default=dict, blank=True)
    body_html = models.TextField()  # the type's body with every placeholder filled in, as issued
    content_hash = models.CharField(max_length=64)  # SHA-256 of body_html, printed and shown on verification
    verification_token = models.CharField(max_length=64, unique=True)
    signer_name = models.CharField(_("nama penandatangan"), max_length=150)
    signer_nip = models.CharField(_("NIP penandatangan"), max_length=18, blank=True)
    signer_title = models.CharField(_("jabatan penandatangan"), max_length=100)
    paper = models.CharField(_("ukuran kertas"), max_length=2, choices=Paper.choices, default=Paper.A4)
    pdf = models.FileField(storage=private_storage, upload_to="letters/%Y/", blank=True)
    pdf_rendered_at = models.DateTimeField(null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)

    class Meta:
        verbose_name = _("surat")
        verbose_name_plural = _("surat")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["village", "year", "sequence"], name="letter_number_unique_per_village"),
        ]
        indexes = [
            # The operator's list of a village's letters, newest first.
            models.Index(fields=["village", "-issued_at"], name="letter_village_issued"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class ResidentPin(models.Model):
    """A resident's self-service PIN. Only the hash is kept; the operator sees the PIN once."""

    resident = models.OneToOneField("villages.Resident", on_delete=models.CASCADE, related_name="pin")
    pin_hash = models.CharField(max_length=128)
    must_change = models.BooleanField(default=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    # Raised on every issue/change: a session signed in with an older PIN ends.
    generation = models.PositiveIntegerField(default=1)
    # Where to tell the resident about their requests; the registry keeps no contact.
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    last_sign_in_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("PIN layanan mandiri")
        verbose_name_plural = _("PIN layanan mandiri")

    def __str__(self) -> str:
        return f"PIN {self.resident_id}"


class LetterRequest(models.Model):
    class Status(models.TextChoices):
        INCOMPLETE = "belum_lengkap", _("Belum Lengkap")
        CHECKING = "diperiksa", _("Sedang Diperiksa")
        AWAITING_SIGNATURE = "menunggu_ttd", _("Menunggu Tanda Tangan")
        READY = "siap_diambil", _("Siap Diambil")
        COLLECTED = "sudah_diambil", _("Sudah Diambil")
        CANCELLED = "dibatalkan", _("Dibatalkan")

    resident = models.ForeignKey("villages.Resident", on_delete=models.PROTECT, related_name="letter_requests")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="letter_requests")
    letter_type = models.ForeignKey(LetterType, on_delete=models.PROTECT, related_name="requests")
    values = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices)
    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="request")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("permohonan surat")
        verbose_name_plural = _("permohonan surat")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The operator's queue: one village, one status, oldest first.
            models.Index(fields=["village", "status", "created_at"], name="letterrequest_queue"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.letter_type.code}"


class RequestEvent(models.Model):
    """One step of a request. ``by`` is the operator; None when the resident acted."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=15, blank=True)
    to_status = models.CharField(max_length=15)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    by_resident = models.BooleanField(default=False)
    reason = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class RequestFile(models.Model):
    """A requirement document the resident uploaded (checked by type and size)."""

    request = models.ForeignKey(LetterRequest, on_delete=models.CASCADE, related_name="files")
    requirement = models.CharField(max_length=150, blank=True)
    file = models.FileField(storage=private_storage, upload_to="letter-requests/%Y/")
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

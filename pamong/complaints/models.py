"""Aspirations, complaints and information requests (LAPOR-style), and their history.

The workflow lives in ``transitions.py`` (the table) and ``services.py`` (the writes); the
models hold the data and the invariants the database can enforce.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pamong.core.storage import private_storage

# Indonesia's bounding box, generous by a little: Sabang/We island to Merauke, Miangas to Rote.
LAT_MIN, LAT_MAX = -11, 6
LONG_MIN, LONG_MAX = 95, 141


class DaysUnit(models.TextChoices):
    WORKING = "working", _("hari kerja")
    CALENDAR = "calendar", _("hari kalender")


class Category(models.Model):
    """A report category (managed reference data), with its default OPD and deadline overrides.

    An empty override inherits the rule of the report type (see ``deadlines.py``).
    """

    name = models.CharField(_("nama"), max_length=150)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("induk"),
    )
    default_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("OPD bawaan"),
    )
    follow_up_days = models.PositiveSmallIntegerField(_("batas tindak lanjut (hari)"), null=True, blank=True)
    follow_up_unit = models.CharField(
        _("satuan batas waktu"), max_length=10, choices=DaysUnit.choices, default=DaysUnit.WORKING
    )
    extension_days = models.PositiveSmallIntegerField(_("perpanjangan (hari)"), null=True, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("kategori laporan")
        verbose_name_plural = _("kategori laporan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="complaints_category_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} / {self.name}" if self.parent_id else self.name


class RejectionReason(models.Model):
    """Why the coordinator rejects or archives a report (managed list)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    label = models.CharField(_("alasan"), max_length=150)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("alasan penolakan")
        verbose_name_plural = _("alasan penolakan")
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class Report(models.Model):
    class Type(models.TextChoices):
        ASPIRATION = "aspirasi", _("Aspirasi")
        COMPLAINT = "pengaduan", _("Pengaduan")
        INFORMATION = "informasi", _("Permintaan Informasi")

    class Channel(models.TextChoices):
        WEB = "web", _("Situs web")
        API = "api", _("API")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")
        FACE_TO_FACE = "face_to_face", _("Tatap muka")
        PHONE = "phone", _("Telepon")

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Menunggu konfirmasi pelapor")
        SUBMITTED = "submitted", _("Menunggu verifikasi")
        ON_HOLD = "on_hold", _("Ditunda")
        REJECTED = "rejected", _("Ditolak/diarsipkan")
        DISPOSED = "disposed", _("Diteruskan ke OPD")
        ACCEPTED = "accepted", _("Diterima OPD")
        IN_PROGRESS = "in_progress", _("Sedang ditindaklanjuti")
        RETURNED = "returned", _("Dikembalikan ke koordinator")
        ANSWERED = "answered", _("Sudah ditanggapi")
        CLOSED = "closed", _("Selesai")

    class GuestChannel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    code = models.CharField(_("kode pelacakan"), max_length=20, unique=True)
    # The reporter's private link (/lapor/akses/<token>/): lets a guest react to the answer.
    access_token = models.CharField(max_length=64, unique=True)
    type = models.CharField(_("jenis"), max_length=12, choices=Type.choices)
    title = models.CharField(_("judul"), max_length=150)
    body = models.TextField(_("isi laporan"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    village = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    # Copied from village.parent so that filters and counts by kecamatan need no join.
    district = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    latitude = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)
    address = models.CharField(_("alamat/lokasi"), max_length=255, blank=True)
    event_date = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    channel = models.CharField(_("kanal"), max_length=15, choices=Channel.choices, default=Channel.WEB)
    # anonim: the report is public, the reporter's identity is not (not even to the OPD).
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    # rahasia: the report is not public at all.
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    guest_name = models.CharField(_("nama pelapor tamu"), max_length=150, blank=True)
    # Normalised email address or +62… phone number, confirmed with a one-time code.
    guest_contact = models.CharField(_("kontak pelapor tamu"), max_length=254, blank=True)
    guest_channel = models.CharField(max_length=10, choices=GuestChannel.choices, blank=True)
    status = models.CharField(_("status"), max_length=25, choices=Status.choices)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    # While on hold: when the pause began and the status to return to.
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_from_status = models.CharField(max_length=25, choices=Status.choices, blank=True)
    extended = models.BooleanField(_("sudah diperpanjang"), default=False)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    # The officer who accepted the report for the OPD ("my work").
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    idempotency_key = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # First verification by the coordinator: only verified reports can become public.
    verified_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Only for guest reports: the sender's address, to limit how many one address may send.
    submitted_from_ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("laporan")
        verbose_name_plural = _("laporan")
        ordering = ["-created_at", "-id"]
        indexes = [
            # Guest reports per address in the last hour (services._check_guest_rate); partial,
            # so the index holds guest reports only.
            models.Index(
                fields=["submitted_from_ip", "created_at"],
                name="complaints_guest_ip_created",
                condition=models.Q(submitted_from_ip__isnull=False),
            ),
            # Coordinator queue (queries.coordinator_queue): reports waiting for verification,
            # by deadline; partial so the first page is an ordered index scan.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=["submitted", "returned"]),
                name="complaints_queue_due",
            ),
            # Held reports (status = on_hold) and counts by status.
            models.Index(fields=["status", "due_at"], name="complaints_status_due"),
            # Overdue lists and the escalation sweep (queries.overdue_reports): running
            # deadlines (transitions.DEADLINE_STATES) with due_at < now, oldest first.
            models.Index(
                fields=["due_at", "id"],
                condition=Q(status__in=["accepted", "disposed", "in_progress", "returned", "submitted"]),
                name="complaints_running_due",
            ),
            # OPD inbox (queries.agency_inbox): agency in (X, its units), status in (...), by due_at.
            models.Index(fields=["agency", "status", "due_at"], name="complaints_agency_status_due"),
            # Public list (queries.public_reports): newest first; partial on the public rule so
            # the page and its count are index scans.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(is_confidential=False, verified_at__isnull=False) & ~Q(status="rejected"),
                name="complaints_public_created",
            ),
            # My reports (queries.my_reports): reporter = me, newest first.
            models.Index(fields=["reporter", "-created_at"], name="complaints_reporter_created"),
            # Public list filtered by kecamatan; leadership counts by kecamatan.
            models.Index(fields=["district", "created_at"], name="complaints_district_created"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=LAT_MIN, latitude__lte=LAT_MAX),
                name="complaints_latitude_in_indonesia",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=LONG_MIN, longitude__lte=LONG_MAX),
                name="complaints_longitude_in_indonesia",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="complaints_point_complete",
            ),
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | ~Q(guest_contact=""),
                name="complaints_has_reporter_or_guest_contact",
            ),
            # A retried submission finds the first one instead of creating a second.
            models.UniqueConstraint(
                fields=["reporter", "idempotency_key"],
                condition=Q(reporter__isnull=False) & ~Q(idempotency_key=""),
                name="complaints_idempotency_per_reporter",
            ),
            models.UniqueConstraint(
                fields=["guest_contact", "idempotency_key"],
                condition=Q(reporter__isnull=True) & ~Q(idempotency_key=""),
                name="complaints_idempotency_per_guest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_guest(self) -> bool:
        return self.reporter_id is None


class ReportEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Riwayat laporan hanya bisa ditambah (report events are append-only).")

    def delete(self):
        raise TypeError("Riwayat laporan hanya bisa ditambah (report events are append-only).")


class ReportEvent(models.Model):
    """One step of a report's history: a transition or a note. Append-only.

    ``agency`` and ``due_at`` are snapshots after the step, so time per state, on-time rates
    and counts per OPD can be computed from these rows alone.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("aksi"), max_length=30)
    from_status = models.CharField(max_length=25, choices=Report.Status.choices, blank=True)
    to_status = models.CharField(max_length=25, choices=Report.Status.choices, blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("alasan"), blank=True)
    note = models.TextField(_("catatan"), blank=True)
    # Internal notes and staff-only steps: never shown to the public or the reporter.
    is_internal = models.BooleanField(_("internal"), default=False)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    # The deadline in force just before this step (an answer is on time if at <= previous_due_at).
    previous_due_at = models.DateTimeField(null=True, blank=True)

    objects = ReportEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("riwayat laporan")
        verbose_name_plural = _("riwayat laporan")
        ordering = ["at", "id"]
        indexes = [
            # Timeline of one report.
            models.Index(fields=["report", "at"], name="complaints_event_report_at"),
            # Leadership numbers: events of one action in a period (answers per OPD, on-time rate).
            models.Index(fields=["action", "at"], name="complaints_event_action_at"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Riwayat laporan hanya bisa ditambah (report events are append-only).")
        super().save(*args, **kwargs)


class Attachment(models.Model):
    """A file sent with a report or an answer.

    The original stays in private storage for the handling staff; images also get a
    re-encoded copy without EXIF/GPS that is the only version anyone else sees. Both are
    served through a view that checks permissions, never by a public URL.
    """

    class Kind(models.TextChoices):
        REPORT = "report", _("Lampiran laporan")
        EVIDENCE = "evidence", _("Bukti tindak lanjut")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(ReportEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT)
    original = models.FileField(storage=private_storage, upload_to="complaints/original/%Y/%m/")
    sanitized = models.FileField(storage=private_storage, upload_to="complaints/public/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=150)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class Rating(models.Model):
    """The reporter's satisfaction with the answer (the seeds' four-point scale)."""

    class Score(models.IntegerChoices):
        NOT_SATISFIED = 1, _("Tidak Puas")
        FAIRLY_SATISFIED = 2, _("Cukup Puas")
        SATISFIED = 3, _("Puas")
        VERY_SATISFIED = 4, _("Sangat Puas")

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(choices=Score.choices)
    comment = models.TextField(blank=True)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("penilaian")
        verbose_name_plural = _("penilaian")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=4), name="complaints_rating_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.get_score_display()}"

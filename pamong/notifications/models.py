from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one destination through one channel, and what became of it.

    Rows are written in the caller's transaction; a background task delivers them after
    commit. ``key`` makes a send idempotent: asking twice for the same key yields one row,
    and the worker claims a row with a conditional update before sending, so a retried or
    duplicated task never sends twice.

    States: PENDING → SENDING (claimed by a worker) → SENT, or back to PENDING with
    ``last_error`` and a later ``next_attempt_at`` after a gateway failure, or FAILED once
    ``NOTIFY_MAX_ATTEMPTS`` claims have failed. A SENDING row whose worker died is put back to
    PENDING by the ``send_pending_notifications`` sweeper. See pamong.notifications.tasks.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        WHATSAPP = "whatsapp", _("WhatsApp")

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        SENDING = "sending", _("Sedang dikirim")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    key = models.CharField(_("kunci"), max_length=120, unique=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    destination = models.CharField(_("tujuan"), max_length=254)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications",
    )
    subject = models.CharField(_("subjek"), max_length=200, blank=True)
    body = models.TextField(_("isi"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    last_error = models.TextField(_("galat terakhir"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    claimed_at = models.DateTimeField(_("diambil"), null=True, blank=True)
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    # When a PENDING row is due: now for a fresh row, later after a failure (backoff). The
    # sweeper re-enqueues PENDING rows that are long overdue, i.e. whose task was lost.
    next_attempt_at = models.DateTimeField(_("percobaan berikutnya"), default=timezone.now)
    # A secret (a one-time code) is in the body: hidden from staff and erased once delivered.
    is_sensitive = models.BooleanField(_("berisi rahasia"), default=False)

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [
            # The admin list: filtered by status, newest first.
            models.Index(fields=["status", "created_at"], name="notification_status_created"),
            # The sweeper: PENDING rows overdue (next_attempt_at) and SENDING rows stuck (few).
            models.Index(fields=["status", "next_attempt_at"], name="notification_status_next"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="notification_sent_has_sent_at"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="notification_sending_has_claimed_at",
            ),
        ]

    def __str__(self) -> str:
        # No destination: this string shows up in admin pages and logs, which mask contacts.
        return f"{self.channel} {self.key} ({self.status})"

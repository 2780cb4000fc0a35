from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    """One message to one destination through one channel, and what became of it.

    Rows are written in the caller's transaction; a background task delivers them after
    commit. ``key`` makes a send idempotent: asking twice for the same key yields one row,
    and the worker claims a row with a conditional update before sending, so a retried or
    duplicated task never sends twice.
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

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-created_at"]
        indexes = [
            # The sweeper's query: rows still waiting or stuck in "sending".
            models.Index(fields=["status", "created_at"], name="notification_status_created"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.destination} ({self.status})"

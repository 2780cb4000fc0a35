from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class EventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Jejak audit hanya bisa ditambah (audit events are append-only).")

    def delete(self):
        raise AppendOnlyError("Jejak audit hanya bisa ditambah (audit events are append-only).")


class Event(models.Model):
    """One entry of the append-only audit trail, written by services through audit.services.record.

    ``before`` and ``after`` hold the changed fields only; ``object_type`` is ``app_label.model``.
    """

    at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pelaku"),
    )
    action = models.CharField(_("aksi"), max_length=60, db_index=True)
    object_type = models.CharField(_("jenis objek"), max_length=60, blank=True)
    object_id = models.CharField(_("ID objek"), max_length=64, blank=True)
    before = models.JSONField(_("sebelum"), null=True, blank=True)
    after = models.JSONField(_("sesudah"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=255, blank=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("peristiwa audit")
        verbose_name_plural = _("jejak audit")
        ordering = ["-at", "-id"]
        indexes = [
            # History of one object ("who touched report X").
            models.Index(fields=["object_type", "object_id", "at"], name="audit_object_at"),
            # What one person did.
            models.Index(fields=["actor", "at"], name="audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Jejak audit hanya bisa ditambah (audit events are append-only).")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Jejak audit hanya bisa ditambah (audit events are append-only).")

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import Notification


def mask_destination(destination: str) -> str:
    """``si***@example.id`` / ``+62812****890``: enough to recognise, not enough to harvest."""
    if "@" in destination:
        name, _sep, domain = destination.partition("@")
        return f"{name[:2]}***@{domain}"
    if len(destination) > 9:
        return f"{destination[:6]}{'*' * (len(destination) - 9)}{destination[-3:]}"
    return "***"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: rows are written by services and the worker. "Kirim ulang" goes through
    ``services.resend``, so it is audited and enqueues exactly like any other delivery."""

    list_display = ["created_at", "channel", "masked_destination", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "channel"]
    # Exact matches only: support staff look up one address or one key, nobody browses by fragments.
    search_fields = ["=destination", "=key"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    fields = [
        "key",
        "channel",
        "destination",
        "user",
        "subject",
        "visible_body",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
    ]
    readonly_fields = fields

    @admin.display(description=_("isi"))
    def visible_body(self, obj: Notification) -> str:
        return _("[berisi kode rahasia, tidak ditampilkan]") if obj.is_sensitive else obj.body

    @admin.display(description=_("tujuan"), ordering="destination")
    def masked_destination(self, obj: Notification) -> str:
        return mask_destination(obj.destination)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("notifications.change_notification")

    @admin.action(description=_("Kirim ulang"), permissions=["resend"])
    def resend_failed(self, request, queryset):
        resent = sum(
            services.resend(notification=notification, by=request.user, request=request)
            for notification in queryset.filter(status=Notification.Status.FAILED)
        )
        skipped = queryset.count() - resent
        if resent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notifikasi dijadwalkan untuk dikirim ulang.",
                    "%(count)d notifikasi dijadwalkan untuk dikirim ulang.",
                    resent,
                )
                % {"count": resent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notifikasi dilewati: hanya yang berstatus Gagal yang bisa dikirim ulang.",
                    "%(count)d notifikasi dilewati: hanya yang berstatus Gagal yang bisa dikirim ulang.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

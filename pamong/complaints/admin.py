"""Back office for the reference data. Reports are read-only here: their changes go through
the workflow (services), so the audit trail has no back door."""

from django.contrib import admin

from .models import Category, RejectionReason, Report, ReportEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "default_agency", "follow_up_days", "follow_up_unit", "is_active"]
    list_filter = ["is_active", "follow_up_unit"]
    search_fields = ["name"]
    list_select_related = ["parent", "default_agency"]
    raw_id_fields = ["parent", "default_agency"]


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "is_active"]


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "reason", "is_internal"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "type", "status", "agency", "due_at", "created_at"]
    list_filter = ["status", "type", "channel"]
    search_fields = ["code", "title"]
    list_select_related = ["agency"]
    inlines = [ReportEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

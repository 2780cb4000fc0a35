"""Back office for the reference lists and address clusters.

Residents, families and events are not here on purpose: they change only through the services
(audited, validated), and personal data stays out of generic admin lists.
"""

from django.contrib import admin

from .models import Cluster, ImportBatch, Lookup


@admin.register(Lookup)
class LookupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    ordering = ["kind", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Kind and code are what imports and statistics match on; only the name and activity change.
        return ["kind", "code"] if obj else []

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cluster)
class ClusterAdmin(admin.ModelAdmin):
    list_display = ["__str__", "village"]
    search_fields = ["dusun", "village__name"]
    list_select_related = ["village"]
    raw_id_fields = ["village"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["file_name", "village", "status", "processed", "total_rows", "error_count", "created_at"]
    list_filter = ["status"]
    list_select_related = ["village"]
    readonly_fields = [f.name for f in ImportBatch._meta.fields]

    def has_add_permission(self, request):
        return False

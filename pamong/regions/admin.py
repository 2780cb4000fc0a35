from django.contrib import admin

from .models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Read-only: regions change only through ``manage.py load_regions`` (the official list)."""

    list_display = ["code", "name", "level", "village_kind", "parent"]
    list_filter = ["level", "village_kind"]
    list_select_related = ["parent"]
    search_fields = ["^code", "name"]  # codes by prefix: "35.22.15" finds its villages
    # Counting all ~91,600 rows of a fully loaded list on every page is wasted work.
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

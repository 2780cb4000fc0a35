from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from . import services
from .models import DayOff


class YearFilter(admin.SimpleListFilter):
    """Cuti bersama are decreed per year, so admins review and enter them a year at a time."""

    title = _("tahun")
    parameter_name = "tahun"

    def lookups(self, request, model_admin):
        years = (
            DayOff.objects.annotate(year=ExtractYear("date"))
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(date__year=int(self.value()))
        return queryset


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Saves and deletes go through the workdays services, which audit them."""

    list_display = ["date", "weekday", "name", "kind"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name"]
    date_hierarchy = "date"
    ordering = ["date"]

    @admin.display(description=_("hari"), ordering="date")
    def weekday(self, obj: DayOff) -> str:
        return formats.date_format(obj.date, "l")

    def save_model(self, request, obj, form, change):
        services.save_day_off(day_off=obj, by=request.user, request=request)

    def delete_model(self, request, obj):
        services.delete_day_off(day_off=obj, by=request.user, request=request)

    def delete_queryset(self, request, queryset):
        # The bulk "delete selected" action: one audited delete per row, not one silent DELETE.
        for day_off in queryset:
            services.delete_day_off(day_off=day_off, by=request.user, request=request)

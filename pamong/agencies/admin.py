from django.contrib import admin

from . import services
from .models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Editable, but every save goes through the audited services; units are never deleted.

    A unit that no longer exists is marked inactive: deleting would lose its history and
    the reports and accounts that point at it.
    """

    list_display = ["name", "short_name", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["parent", "region"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent", "region"]

    def get_readonly_fields(self, request, obj=None):
        # The code is the seed's key (load_agencies matches on it), so it is set once.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            fields = {name: form.cleaned_data[name] for name in form.changed_data}
            services.update_agency(agency=obj, by=request.user, request=request, **fields)
            return
        fields = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS if name in form.cleaned_data}
        created = services.create_agency(by=request.user, request=request, code=obj.code, **fields)
        # The admin goes on with ``obj`` (change message, redirect), so it must become the saved row.
        obj.pk = created.pk
        obj._state.adding = False

"""Back office: letter types (with a server-rendered preview) and read-only letter lists.

Saving a letter type goes through services.save_letter_type, so it is validated and audited
like any other write. The preview needs no JavaScript (strict CSP): the change form has a
second submit button whose ``formaction`` posts the unsaved form to ``preview/``.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services, templating
from .errors import LetterError
from .models import Letter, LetterRequest, LetterType


class LetterTypeForm(forms.ModelForm):
    class Meta:
        model = LetterType
        fields = [
            "code",
            "name",
            "description",
            "body",
            "fields",
            "requirements",
            "validity_days",
            "number_format",
            "paper",
            "self_service",
            "is_active",
        ]

    def clean_fields(self):
        return templating.check_field_spec(self.cleaned_data["fields"])

    def clean_number_format(self):
        templating.check_number_format(self.cleaned_data["number_format"])
        return self.cleaned_data["number_format"]

    def clean_requirements(self):
        value = self.cleaned_data["requirements"]
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise ValidationError(_('Persyaratan harus berupa daftar teks, mis. ["Fotokopi KK"].'))
        return [item.strip() for item in value]


def sample_rendering(*, body: str, number_format: str, code: str, fields) -> tuple[str, str]:
    """(number, body HTML) filled with made-up values, as the preview shows them."""
    from datetime import date

    try:
        spec = templating.check_field_spec(fields)
    except ValidationError:
        spec = []
    number = templating.format_number(
        number_format, code=code or "KODE", sequence=7, village_code="35.22.15.1011", on=date(2026, 3, 1)
    )
    values = {
        **templating.SAMPLE_VALUES,
        **{f["name"]: f"({f['label']})" for f in spec},
        "format_nomor_surat": number,
    }
    return number, templating.render(body, values)


@admin.register(LetterType)
class LetterTypeAdmin(admin.ModelAdmin):
    form = LetterTypeForm
    list_display = ["code", "name", "validity_days", "paper", "self_service", "is_active"]
    list_filter = ["is_active", "self_service"]
    search_fields = ["code", "name"]
    change_form_template = "letters/admin/lettertype_change_form.html"

    def get_urls(self):
        preview = self.admin_site.admin_view(require_POST(self.preview_view))
        return [path("preview/", preview, name="letters_lettertype_preview"), *super().get_urls()]

    def preview_view(self, request):
        if not (self.has_change_permission(request) or self.has_add_permission(request)):
            raise PermissionDenied
        import json

        try:
            fields = json.loads(request.POST.get("fields") or "[]")
        except ValueError:
            fields = []
        number, body = sample_rendering(
            body=request.POST.get("body", ""),
            number_format=request.POST.get("number_format", "") or "[nomor_surat]",
            code=request.POST.get("code", ""),
            fields=fields,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Pratinjau surat"),
            "name": request.POST.get("name", ""),
            "number": number,
            # Admin-written HTML with escaped sample values, shown to the admin who wrote it.
            "body": mark_safe(body),  # noqa: S308
            "placeholders": templating.STANDARD_PLACEHOLDERS,
        }
        return render(request, "letters/admin/preview.html", context)

    def save_model(self, request, obj, form, change):
        try:
            services.save_letter_type(letter_type=obj, by=request.user, request=request)
        except LetterError as exc:  # the form already checked the same rules
            raise ValidationError(exc.message) from exc


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["number", "letter_type", "village", "issued_at", "revoked_at"]
    list_filter = ["letter_type"]
    search_fields = ["number"]
    fields = [
        "number",
        "letter_type",
        "village",
        "issued_at",
        "valid_until",
        "signer_name",
        "content_hash",
        "revoked_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LetterRequest)
class LetterRequestAdmin(admin.ModelAdmin):
    list_display = ["pk", "letter_type", "village", "status", "created_at"]
    list_filter = ["status", "letter_type"]
    fields = ["letter_type", "village", "status", "created_at", "letter"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

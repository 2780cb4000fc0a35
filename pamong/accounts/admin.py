from django import forms
from django.contrib import admin
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import User
from .phones import normalize_phone

EDITABLE = ["full_name", "email", "phone", "role", "village", "agency"]


class UserAdminForm(forms.ModelForm):
    """Collects the fields; the accounts services decide what is allowed, so the admin refuses
    exactly what the commands and pages refuse, and every change is audited."""

    password = forms.CharField(label=_("Kata sandi awal"), widget=forms.PasswordInput, strip=False, required=False)

    class Meta:
        model = User
        fields = [*EDITABLE, "language", "is_active"]

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower() or None

    def clean_phone(self):
        raw = (self.cleaned_data.get("phone") or "").strip()
        return normalize_phone(raw) if raw else None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            services.check_staff_scope(
                role=cleaned["role"], village=cleaned.get("village"), agency=cleaned.get("agency")
            )
        except services.AccountError as exc:
            raise ValidationError({exc.field: exc.message} if exc.field else exc.message) from exc
        try:
            services.check_contact_free(
                email=cleaned.get("email"),
                phone=cleaned.get("phone"),
                exclude=self.instance if self.instance.pk else None,
            )
        except services.AccountError as exc:
            self.add_error(exc.field, exc.message)
        if self.instance.pk is None:
            if not cleaned.get("password"):
                self.add_error("password", _("Kata sandi awal wajib diisi untuk akun baru."))
            else:
                try:
                    validate_password(
                        cleaned["password"], User(full_name=cleaned.get("full_name", ""), email=cleaned.get("email"))
                    )
                except ValidationError as exc:
                    self.add_error("password", exc)
        return cleaned

    def validate_unique(self):
        # Duplicates are refused by the service with a clearer message.
        pass


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = ["full_name", "email", "phone", "role", "village", "agency", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["full_name", "email", "phone"]
    list_select_related = ["village", "agency"]
    autocomplete_fields = ["village", "agency"]
    readonly_fields = ["last_login", "date_joined", "email_verified_at", "phone_verified_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return [*EDITABLE, "password"]
        return [*EDITABLE, "language", "is_active", *self.readonly_fields]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # Accounts are deactivated, never deleted: the audit trail points at them.
        return False

    def save_form(self, request, form, change):
        return form.instance

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data.get(name) for name in form.Meta.fields if name in form.cleaned_data}
        try:
            if change:
                saved = services.change_user(user=User.objects.get(pk=obj.pk), by=request.user, request=request, **data)
            else:
                data = {k: v for k, v in data.items() if k in EDITABLE}
                saved = services.create_staff_user(by=request.user, password=form.cleaned_data["password"], **data)
        except services.AccountError as exc:
            # Shown on the form by save_related's caller would be nicer; Django's admin has no
            # hook between validation and save, so the rules that can fail here are re-checked
            # in the form (scope) and the rest (duplicates, weak password) surface as a message.
            raise ValidationError(exc.message) from exc
        obj.pk = saved.pk
        obj.__dict__.update(saved.__dict__)

    def save_related(self, request, form, formsets, change):
        pass

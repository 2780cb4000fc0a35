from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .phones import normalize_phone


class SignInForm(forms.Form):
    identifier = forms.CharField(
        label=_("Email atau nomor HP"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ContactFieldsMixin:
    """Email and phone: at least one; the phone is normalised to +62…."""

    def clean_email(self):
        return (self.cleaned_data.get("email") or "").strip().lower()

    def clean_phone(self):
        raw = (self.cleaned_data.get("phone") or "").strip()
        return normalize_phone(raw) if raw else ""

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("phone"):
            raise ValidationError(_("Isi email atau nomor HP (salah satu wajib)."))
        return cleaned


class RegistrationForm(ContactFieldsMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Nama lengkap"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=_("Nomor HP"),
        required=False,
        max_length=20,
        help_text=_("Contoh: 0812 3456 7890"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    password1 = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        help_text=_("Minimal 10 karakter, jangan hanya angka."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("Kedua kata sandi tidak sama."))
        return cleaned


class VerifyForm(forms.Form):
    code = forms.RegexField(
        label=_("Kode verifikasi"),
        regex=r"^\s*\d{6}\s*$",
        max_length=8,
        error_messages={"invalid": _("Kode terdiri dari 6 angka.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class ProfileForm(ContactFieldsMixin, forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=20)
    language = forms.ChoiceField(label=_("Bahasa"), choices=settings.LANGUAGES)

"""Forms validate the shape of the input; services decide and write."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import LetterRequest, LetterType, Paper
from .workflow import requirement_key

nik_validator = RegexValidator(r"^[0-9]{16}$", _("NIK harus 16 digit angka."))
pin_validator = RegexValidator(r"^[0-9]{6}$", _("PIN harus 6 digit angka."))
FILE_ACCEPT = "application/pdf,image/jpeg,image/png,image/webp"


def pin_field(label):
    return forms.CharField(
        label=label,
        max_length=6,
        validators=[pin_validator],
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": "[0-9]{6}"}),
    )


class SignInForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        validators=[nik_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    pin = pin_field(_("PIN (6 digit)"))


class ChangePinForm(forms.Form):
    current_pin = pin_field(_("PIN saat ini"))
    new_pin = pin_field(_("PIN baru"))
    new_pin_again = pin_field(_("Ulangi PIN baru"))

    def clean(self):
        data = super().clean()
        if data.get("new_pin") and data.get("new_pin_again") and data["new_pin"] != data["new_pin_again"]:
            self.add_error("new_pin_again", _("Kedua PIN baru tidak sama."))
        return data


class ContactForm(forms.Form):
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        validators=[RegexValidator(r"^\+?[0-9]{8,15}$", _("Nomor HP hanya angka, 8-15 digit."))],
    )
    email = forms.EmailField(label=_("Email"), required=False)


def _add_type_fields(form: forms.Form, letter_type: LetterType) -> None:
    for field in letter_type.fields:
        form.fields[field["name"]] = forms.CharField(
            label=field["label"], required=field.get("required", False), max_length=500
        )


def _add_requirement_fields(form: forms.Form, letter_type: LetterType, *, only: set[str] | None = None) -> None:
    for index, requirement in enumerate(letter_type.requirements):
        if only is not None and requirement not in only:
            continue
        form.fields[requirement_key(index)] = forms.FileField(
            label=requirement,
            required=False,
            help_text=_("PDF atau foto (JPEG/PNG), paling besar 2 MB."),
            widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
        )


class RequestForm(forms.Form):
    """The type's fields, then one upload per requirement (a missing one: Belum Lengkap)."""

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type
        _add_type_fields(self, letter_type)
        _add_requirement_fields(self, letter_type)

    def values(self) -> dict:
        return {f["name"]: self.cleaned_data.get(f["name"], "") for f in self.letter_type.fields}

    def uploads(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name.startswith("syarat_") and value}


class CompleteForm(forms.Form):
    def __init__(self, *args, letter_request: LetterRequest, missing: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        _add_requirement_fields(self, letter_request.letter_type, only=missing)

    def uploads(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if value}


class IssuePinForm(forms.Form):
    nik = forms.CharField(label=_("NIK penduduk"), max_length=16, validators=[nik_validator])
    phone = ContactForm.base_fields["phone"]
    email = ContactForm.base_fields["email"]


class ActionForm(forms.Form):
    reason = forms.CharField(label=_("Alasan/keterangan untuk pemohon"), required=False, widget=forms.Textarea)
    signer_name = forms.CharField(
        label=_("Nama penandatangan"),
        required=False,
        max_length=150,
        help_text=_("Kosongkan untuk memakai kepala desa/lurah yang tercatat hari ini."),
    )
    signer_nip = forms.CharField(label=_("NIP penandatangan"), required=False, max_length=18)


class IssueLetterForm(forms.Form):
    """Issuing at the counter: a resident by NIK, the type's fields, the signer, the paper."""

    nik = forms.CharField(label=_("NIK penduduk"), max_length=16, validators=[nik_validator])
    paper = forms.ChoiceField(label=_("Ukuran kertas"), choices=Paper.choices)
    signer_name = ActionForm.base_fields["signer_name"]
    signer_nip = ActionForm.base_fields["signer_nip"]
    signer_title = forms.CharField(
        label=_("Jabatan penandatangan"), required=False, max_length=100, help_text=_("Mis. Sekretaris Desa (a.n.).")
    )

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type
        self.fields["paper"].initial = letter_type.paper
        _add_type_fields(self, letter_type)

    def values(self) -> dict:
        return {f["name"]: self.cleaned_data.get(f["name"], "") for f in self.letter_type.fields}

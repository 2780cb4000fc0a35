"""Forms validate input and hand clean data to services; they never write."""

import uuid
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pamong.agencies.models import Agency
from pamong.regions.models import Region

from .attachments import MAX_FILES
from .models import Category, Rating, RejectionReason, Report
from .validation import BODY_MAX, TEXT_MAX, TITLE_MAX
from .villages import regency_districts, regency_villages, village_in_regency


class FastSelect(forms.Select):
    """A select whose options are written in Python, not one template (or dict) per option.

    Django renders each <option> through a template; for the 430 villages or 70 OPDs of a
    regency that is most of a page's time. Same attributes and ARIA as the stock widget; as
    there, only the first option matching the value is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        found = False

        def option(option_value, label) -> str:
            nonlocal found
            text = "" if option_value is None else str(option_value)
            chosen = not found and text in wanted
            found = found or chosen
            selected = " selected" if chosen else ""
            return f'<option value="{escape(text)}"{selected}>{escape(str(label))}</option>'

        parts = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                options = "".join(option(v, label) for v, label in group_label)
                parts.append(f'<optgroup label="{escape(str(group_value))}">{options}</optgroup>')
            else:
                parts.append(option(group_value, group_label))
        final_attrs = self.build_attrs(self.attrs, attrs)
        return mark_safe(f'<select name="{escape(name)}"{flatatt(final_attrs)}>{"".join(parts)}</select>')  # noqa: S308 - every value above is escaped


class _ListChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a short option list with one plain SELECT.

    Django's iterator uses ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor: DECLARE, FETCH and CLOSE, three round trips for 50 categories.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = _ListChoiceIterator


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("Paling banyak %(n)d berkas.") % {"n": MAX_FILES})
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def _village_choices():
    """Villages grouped by kecamatan (an <optgroup> each), as people look them up."""
    villages = regency_villages().select_related("parent").order_by("parent__name", "name")
    groups: dict[str, list] = {}
    for v in villages:
        groups.setdefault(_("Kec. %(name)s") % {"name": v.parent.name if v.parent else "—"}, []).append(
            (v.code, v.name)
        )
    return [("", _("— pilih desa/kelurahan —")), *groups.items()]


class VillageField(forms.ChoiceField):
    """A village of the regency by code; cleans to the Region.

    The code is looked up once (``villages.village_in_regency``, which says precisely what is
    wrong with a bad code) instead of being searched for in all 430 options, and the service
    takes the Region as checked: a valid submission reads one village, not the whole list twice.
    """

    def to_python(self, value) -> Region | None:
        code = super().to_python(value)
        if code in self.empty_values:
            return None
        try:
            return village_in_regency(code)
        except ValueError as exc:
            raise forms.ValidationError(str(exc), code="invalid_choice") from None

    def validate(self, value) -> None:
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")


INTAKE_CHANNELS = [
    Report.Channel.FACE_TO_FACE,
    Report.Channel.PHONE,
    Report.Channel.SMS,
    Report.Channel.WHATSAPP,
]


class ReportForm(forms.Form):
    type = forms.ChoiceField(label=_("Jenis laporan"), choices=Report.Type.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Judul"), max_length=TITLE_MAX)
    body = forms.CharField(label=_("Isi laporan"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    category = ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.filter(is_active=True).select_related("parent"),
        required=False,
        empty_label=_("— tidak tahu / pilih nanti —"),
        widget=FastSelect,
    )
    village = VillageField(label=_("Desa/kelurahan lokasi"), widget=FastSelect)
    address = forms.CharField(label=_("Alamat atau patokan lokasi"), max_length=255, required=False)
    latitude = forms.DecimalField(
        label=_("Lintang (opsional)"),
        max_digits=9,
        decimal_places=6,
        required=False,
        help_text=_("Salin dari aplikasi peta di ponsel, misal -7.150975. Tanpa koordinat pun laporan diterima."),
    )
    longitude = forms.DecimalField(label=_("Bujur (opsional)"), max_digits=9, decimal_places=6, required=False)
    event_date = forms.DateField(
        label=_("Tanggal kejadian"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    files = MultipleFileField(
        label=_("Lampiran (foto JPEG/PNG atau PDF, maks. 5 berkas @ 5 MB)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"}),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonim: laporan tampil publik, identitas saya dirahasiakan"), required=False
    )
    is_confidential = forms.BooleanField(label=_("Rahasia: laporan tidak ditampilkan ke publik"), required=False)
    guest_name = forms.CharField(label=_("Nama (opsional)"), max_length=150, required=False)
    contact = forms.CharField(label=_("Email atau nomor HP (untuk kode konfirmasi)"), max_length=254, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    channel = forms.ChoiceField(
        label=_("Diterima melalui"),
        choices=[(c.value, c.label) for c in INTAKE_CHANNELS],
        required=False,
        widget=FastSelect,
    )

    def __init__(self, *args, guest: bool, intake: bool = False, **kwargs):
        """``guest``: a visitor, who confirms by code. ``intake``: a coordinator recording a
        citizen's report taken face to face, by phone, SMS or WhatsApp."""
        super().__init__(*args, **kwargs)
        # A callable: the 430 villages are read when the select is rendered, not on every POST.
        self.fields["village"].choices = _village_choices
        if guest or intake:
            self.fields["contact"].required = True
        else:
            del self.fields["guest_name"]
            del self.fields["contact"]
        if intake:
            self.fields["channel"].required = True
            self.fields["guest_name"].label = _("Nama pelapor")
            self.fields["contact"].label = _("Email atau nomor HP pelapor")
        else:
            del self.fields["channel"]
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("type", Report.Type.COMPLAINT)

    def report_values(self) -> dict:
        """The clean data as services.submit_report's keyword arguments."""
        data = dict(self.cleaned_data)
        data.setdefault("channel", Report.Channel.WEB)
        data["channel"] = data["channel"] or Report.Channel.WEB
        return data

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("Isi lintang dan bujur bersama-sama, atau kosongkan keduanya."))
        return data


class ConfirmForm(forms.Form):
    code = forms.CharField(label=_("Kode konfirmasi (6 angka)"), max_length=6, min_length=6)


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Kode pelacakan"), max_length=20)


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Jenis"), choices=[("", _("Semua")), *Report.Type.choices], required=False, widget=FastSelect
    )
    status = forms.ChoiceField(label=_("Status"), choices=(), required=False, widget=FastSelect)
    category = ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.select_related("parent"), required=False, widget=FastSelect
    )
    # The OPDs reports are disposed to (top-level units), not the 430 village governments:
    # rendering ~600 options was most of the public list's time at regency scale.
    agency = ModelChoiceField(
        label=_("OPD"),
        queryset=Agency.objects.filter(is_active=True, parent__isnull=True),
        required=False,
        widget=FastSelect,
    )
    district = ModelChoiceField(label=_("Kecamatan"), queryset=regency_districts(), required=False, widget=FastSelect)
    village = ModelChoiceField(
        label=_("Desa/kelurahan"), queryset=regency_villages(), required=False, widget=FastSelect
    )
    date_from = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, statuses=None, **kwargs):
        super().__init__(*args, **kwargs)
        statuses = statuses or Report.Status.choices
        self.fields["status"].choices = [("", _("Semua")), *statuses]
        # 430 villages in one select are slow to render and to use: the village list shows
        # the chosen kecamatan's villages only (pick a kecamatan, apply, then a village).
        district = self.data.get("district") if self.is_bound else None
        if district:
            self.fields["village"].queryset = regency_villages().filter(parent_id=district)
        else:
            self.fields["village"].widget = forms.HiddenInput()


# --- Staff actions --------------------------------------------------------------------------


class DisposeForm(forms.Form):
    agency = ModelChoiceField(label=_("Perangkat daerah (OPD)"), queryset=Agency.objects.none(), widget=FastSelect)
    category = ModelChoiceField(
        label=_("Kategori"),
        queryset=Category.objects.filter(is_active=True).select_related("parent"),
        required=False,
        widget=FastSelect,
    )
    is_anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True, parent__isnull=True)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2}))


class RejectForm(forms.Form):
    reason = ModelChoiceField(label=_("Alasan penolakan"), queryset=RejectionReason.objects.filter(is_active=True))
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Catatan"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Tanggapan untuk pelapor"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    evidence = forms.FileField(label=_("Foto bukti (opsional)"), required=False)


class ForwardForm(forms.Form):
    unit = ModelChoiceField(label=_("Unit kerja"), queryset=Agency.objects.none())

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            self.fields["unit"].queryset = Agency.objects.filter(parent=agency, is_active=True)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Penilaian Anda"), choices=Rating.Score.choices, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Komentar (opsional)"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Tanggapan Anda atas jawaban"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("Dari"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

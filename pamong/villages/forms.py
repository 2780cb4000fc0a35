"""Forms of the registry pages. They validate shapes; the services decide and write."""

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from pamong.regions.queries import regency_villages

from .models import Family, Lookup, Resident
from .services import Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def lookup_field(kind: str, label, *, required: bool) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Lookup.objects.filter(kind=kind, is_active=True).order_by("code"),
        label=label,
        required=required,
        empty_label=_("— pilih —"),
    )


class PersonForm(forms.Form):
    nik = forms.CharField(
        label=_("NIK"),
        max_length=16,
        required=False,
        help_text=_("16 angka. Kosongkan bila belum punya NIK: sistem memberi NIK sementara."),
    )
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=Resident.Sex.choices, widget=forms.RadioSelect)
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())
    religion = lookup_field(Lookup.Kind.RELIGION, _("Agama"), required=True)
    marital_status = lookup_field(Lookup.Kind.MARITAL_STATUS, _("Status perkawinan"), required=True)
    education = lookup_field(Lookup.Kind.EDUCATION, _("Pendidikan dalam KK"), required=False)
    occupation = lookup_field(Lookup.Kind.OCCUPATION, _("Pekerjaan"), required=False)
    blood_type = lookup_field(Lookup.Kind.BLOOD_TYPE, _("Golongan darah"), required=False)
    disability = lookup_field(Lookup.Kind.DISABILITY, _("Disabilitas"), required=False)
    citizenship = forms.ChoiceField(
        label=_("Kewarganegaraan"), choices=Resident.Citizenship.choices, initial=Resident.Citizenship.WNI
    )
    father_name = forms.CharField(label=_("Nama ayah"), max_length=150, required=False)
    mother_name = forms.CharField(label=_("Nama ibu"), max_length=150, required=False)
    father_nik = forms.CharField(label=_("NIK ayah"), max_length=16, required=False)
    mother_nik = forms.CharField(label=_("NIK ibu"), max_length=16, required=False)
    residency = forms.ChoiceField(
        label=_("Status penduduk"), choices=Resident.Residency.choices, initial=Resident.Residency.PERMANENT
    )

    def person(self) -> Person:
        data = self.cleaned_data
        return Person(**{name: data[name] for name in Person.__dataclass_fields__ if name in data})


def _rw_rt_field(label) -> forms.CharField:
    digits = RegexValidator(r"^[0-9]{1,3}$", _("Isi angka, paling banyak 3 digit (mis. 1 atau 001)."))
    return forms.CharField(label=label, max_length=3, required=False, validators=[digits])


class ClusterForm(forms.Form):
    """Dusun, RW and RT of an address cluster; any may stay empty where the village does not use it."""

    dusun = forms.CharField(label=_("Dusun"), max_length=60, required=False)
    rw = _rw_rt_field(_("RW"))
    rt = _rw_rt_field(_("RT"))


class FamilyForm(ClusterForm):
    field_order = ["number", "address", "dusun", "rw", "rt"]
    number = forms.CharField(
        label=_("No. KK"),
        max_length=16,
        required=False,
        help_text=_("Kosongkan bila belum ada: diberi nomor sementara."),
    )
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)


class MemberForm(PersonForm):
    relation = forms.ChoiceField(
        label=_("Hubungan dalam keluarga"),
        choices=[c for c in Resident.Relation.choices if c[0] != Resident.Relation.HEAD],
    )


class ResidentEditForm(PersonForm):
    relation = forms.ChoiceField(label=_("Hubungan dalam keluarga"), choices=Resident.Relation.choices)

    def __init__(self, *args, resident: Resident, **kwargs):
        initial = {name: getattr(resident, name) for name in (*Person.__dataclass_fields__, "relation")}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["nik"].required = True
        self.fields["nik"].help_text = ""

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in (*Person.__dataclass_fields__, "relation")}


class EventDatesForm(forms.Form):
    event_date = forms.DateField(label=_("Tanggal peristiwa"), widget=DateInput())
    report_date = forms.DateField(label=_("Tanggal lapor"), widget=DateInput())
    note = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class HeadChoiceMixin:
    """A "new head" choice among the other living members of the resident's family."""

    def add_new_head(self, resident: Resident) -> None:
        others = resident.family.members.filter(status=Resident.Status.ALIVE).exclude(pk=resident.pk)
        if resident.is_head and others.exists():
            self.fields["new_head"] = forms.ModelChoiceField(
                queryset=others.order_by("name"),
                label=_("Kepala keluarga baru"),
                help_text=_("Penduduk ini kepala keluarga: pilih penggantinya."),
                required=False,
            )


class CloseEventForm(HeadChoiceMixin, EventDatesForm):
    """Death, lost, left."""

    def __init__(self, *args, resident: Resident, with_destination: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_destination:
            self.fields["destination"] = forms.CharField(label=_("Tujuan (bila diketahui)"), required=False)
        self.add_new_head(resident)


class MoveOutForm(HeadChoiceMixin, EventDatesForm):
    within = forms.TypedChoiceField(
        label=_("Pindah ke"),
        choices=[("1", _("Desa/kelurahan lain di kabupaten ini")), ("0", _("Luar kabupaten"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    to_village = forms.ModelChoiceField(queryset=None, label=_("Desa/kelurahan tujuan"), required=False)
    to_family_number = forms.CharField(
        label=_("No. KK keluarga tujuan"),
        max_length=16,
        required=False,
        help_text=_("Kosongkan untuk membuat keluarga baru dengan penduduk ini sebagai kepala keluarga."),
    )
    relation = forms.ChoiceField(
        label=_("Hubungan dalam keluarga tujuan"),
        choices=[c for c in Resident.Relation.choices if c[0] != Resident.Relation.HEAD],
        initial=Resident.Relation.OTHER_FAMILY,
    )
    new_family_number = forms.CharField(label=_("No. KK baru (bila keluarga baru)"), max_length=16, required=False)
    destination = forms.CharField(label=_("Alamat tujuan di luar kabupaten"), max_length=255, required=False)

    def __init__(self, *args, resident: Resident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_village"].queryset = regency_villages().exclude(pk=resident.village_id)
        self.add_new_head(resident)

    def clean(self):
        data = super().clean()
        if data.get("within") and not data.get("to_village"):
            self.add_error("to_village", _("Pilih desa/kelurahan tujuan."))
        number = (data.get("to_family_number") or "").strip()
        data["to_family"] = None
        if data.get("within") and data.get("to_village") and number:
            data["to_family"] = Family.objects.filter(number=number, village=data["to_village"]).first()
            if data["to_family"] is None:
                self.add_error("to_family_number", _("No. KK ini tidak terdaftar di desa tujuan."))
        return data


class FamilyMoveForm(EventDatesForm):
    """A whole family moves out: within the regency into a new family card there, or away."""

    within = MoveOutForm.base_fields["within"]
    to_village = forms.ModelChoiceField(queryset=None, label=_("Desa/kelurahan tujuan"), required=False)
    new_family_number = forms.CharField(
        label=_("No. KK di desa tujuan"),
        max_length=16,
        required=False,
        help_text=_("Kosongkan bila belum terbit: diberi nomor sementara."),
    )
    new_family_address = forms.CharField(label=_("Alamat di desa tujuan"), max_length=255, required=False)
    destination = forms.CharField(label=_("Alamat tujuan di luar kabupaten"), max_length=255, required=False)

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_village"].queryset = regency_villages().exclude(pk=family.village_id)

    def clean(self):
        data = super().clean()
        if data.get("within") and not data.get("to_village"):
            self.add_error("to_village", _("Pilih desa/kelurahan tujuan."))
        return data


class BirthForm(PersonForm):
    report_date = forms.DateField(label=_("Tanggal lapor"), widget=DateInput())
    note = forms.CharField(label=_("Keterangan"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_date"].label = _("Tanggal lahir (tanggal peristiwa)")
        self.fields["marital_status"].initial = Lookup.objects.filter(kind=Lookup.Kind.MARITAL_STATUS, code=1).first()


class MoveInForm(PersonForm):
    origin = forms.CharField(label=_("Alamat asal"), max_length=255)
    event_date = forms.DateField(label=_("Tanggal pindah"), widget=DateInput())
    report_date = forms.DateField(label=_("Tanggal lapor"), widget=DateInput())
    family_number = forms.CharField(
        label=_("No. KK"),
        max_length=16,
        required=False,
        help_text=_("No. KK keluarga di desa ini yang didatangi, atau No. KK baru. Kosong: keluarga baru sementara."),
    )
    relation = forms.ChoiceField(
        label=_("Hubungan dalam keluarga (bila bergabung)"),
        choices=[c for c in Resident.Relation.choices if c[0] != Resident.Relation.HEAD],
        initial=Resident.Relation.OTHER_FAMILY,
    )
    address = forms.CharField(label=_("Alamat di desa (keluarga baru)"), max_length=255, required=False)


class HeadChangeForm(forms.Form):
    new_head = forms.ModelChoiceField(queryset=None, label=_("Kepala keluarga baru"))

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_head"].queryset = family.members.filter(status=Resident.Status.ALIVE, is_head=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Berkas CSV atau XLSX"), help_text=_("Bentuk ekspor SIAK; lihat panduan kolom."))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Cari nama atau NIK"), required=False, max_length=60)


class MonthForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=1900, max_value=2100)
    bulan = forms.IntegerField(label=_("Bulan"), min_value=1, max_value=12)

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from pamong.letters import templating
from pamong.letters.models import DEFAULT_NUMBER_FORMAT, LetterType
from pamong.letters.seed import STANDARD_TYPES, seed_letter_types


def test_placeholders_are_filled_and_values_escaped():
    html = templating.render("<p>[nama] / [nik]</p>", {"nama": '<script>alert("x")</script>', "nik": "3522"})
    assert html == "<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; / 3522</p>"


def test_unknown_placeholders_stay_visible():
    assert templating.render("[nama] [nama_salah]", {"nama": "Siti"}) == "Siti [nama_salah]"


def test_default_number_format_pads_the_sequence_and_uses_roman_month():
    number = templating.format_number(
        DEFAULT_NUMBER_FORMAT, code="SKD", sequence=7, village_code="35.22.15.1011", on=date(2026, 11, 3)
    )
    assert number == "SKD/007/3522151011/XI/2026"


def test_a_sequence_longer_than_the_width_is_printed_whole():
    assert (
        templating.format_number("[nomor_surat, 3]", code="X", sequence=1234, village_code="1", on=date(2026, 1, 1))
        == "1234"
    )


def test_indonesian_dates():
    assert templating.indonesian_date(date(2026, 8, 17)) == "17 Agustus 2026"


@pytest.mark.parametrize(
    ("number_format", "message"),
    [
        ("[kode_surat]/[tahun]", "Format nomor harus memuat [nomor_surat]."),
        ("[nomor_surat]/[nama]", "Kode tidak dikenal dalam format nomor: nama."),
    ],
)
def test_bad_number_formats_are_refused(number_format, message):
    with pytest.raises(ValidationError) as exc:
        templating.check_number_format(number_format)
    assert exc.value.messages == [message]


@pytest.mark.parametrize(
    "spec",
    [
        {"name": "keperluan"},
        [{"name": "Keperluan Saya", "label": "x"}],
        [{"name": "nama", "label": "Nama"}],  # would shadow a standard placeholder
        [{"name": "a", "label": "A"}, {"name": "a", "label": "A lagi"}],
        [{"name": "a"}],
    ],
)
def test_bad_field_specs_are_refused(spec):
    with pytest.raises(ValidationError):
        templating.check_field_spec(spec)


def test_field_spec_is_normalised():
    assert templating.check_field_spec([{"name": "keperluan", "label": "Keperluan", "required": 1}]) == [
        {"name": "keperluan", "label": "Keperluan", "required": True}
    ]


def test_seed_creates_twelve_standard_types_once(db):
    assert seed_letter_types() == 12
    assert seed_letter_types() == 0
    assert sorted(LetterType.objects.values_list("code", flat=True)) == sorted(t["code"] for t in STANDARD_TYPES)


def test_seed_leaves_an_edited_type_alone(db):
    seed_letter_types()
    LetterType.objects.filter(code="SKD").update(name="Domisili (diubah)")
    seed_letter_types()
    assert LetterType.objects.get(code="SKD").name == "Domisili (diubah)"


@pytest.mark.parametrize("spec", STANDARD_TYPES, ids=lambda s: s["code"])
def test_every_standard_type_fills_every_placeholder(spec):
    templating.check_field_spec(spec["fields"])
    values = {**templating.SAMPLE_VALUES, "format_nomor_surat": "X/001"} | {f["name"]: "isi" for f in spec["fields"]}
    assert templating.placeholders_in(templating.render(spec["body"], values)) == set()

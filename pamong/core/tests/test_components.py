"""The shared components in templates/components/ that every app uses."""

from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation


class ReportForm(forms.Form):
    title = forms.CharField(label="Judul", help_text="Singkat dan jelas.")
    note = forms.CharField(label="Catatan", required=False)
    channel = forms.ChoiceField(label="Saluran", choices=[("web", "Web"), ("sms", "SMS")], widget=forms.RadioSelect)
    agree = forms.BooleanField(label="Saya setuju")

    def clean(self):
        raise forms.ValidationError("Laporan serupa sudah ada.")


def _render_form(form) -> str:
    with translation.override("id"):
        return render_to_string("components/form.html", {"form": form})


def test_form_component_labels_fields_and_marks_required_ones():
    html = _render_form(ReportForm())

    assert (
        '<label class="field__label" for="id_title">Judul<span class="field__required" aria-hidden="true">'
        "*</span></label>" in html
    )
    assert '<label class="field__label" for="id_note">Catatan</label>' in html
    assert '<span class="field__help" id="id_title_helptext">Singkat dan jelas.</span>' in html
    assert 'aria-describedby="id_title_helptext"' in html
    assert (
        '<legend class="field__label">Saluran<span class="field__required" aria-hidden="true">*</span></legend>' in html
    )
    assert html.count('id="id_channel"') == 1
    assert "wajib diisi." in html
    assert "error-summary" not in html


def test_form_component_ties_errors_to_their_fields_and_summarises_them_first():
    form = ReportForm(data={"title": "", "channel": "web", "agree": "on"})
    with translation.override("id"):
        assert not form.is_valid()

    html = _render_form(form)

    assert html.index('class="error-summary" role="alert"') < html.index('class="field ')
    assert "<li>Laporan serupa sudah ada.</li>" in html
    assert '<li><a href="#id_title">Judul: Bidang ini tidak boleh kosong.</a></li>' in html
    assert '<ul class="field__errors" id="id_title_error"><li>Bidang ini tidak boleh kosong.</li></ul>' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_pagination_component_keeps_the_filters_and_marks_the_current_page(rf):
    page = Paginator(list(range(200)), 10).page(8)
    request = rf.get("/lapor/?q=jalan&page=8")

    html = render_to_string("components/pagination.html", {"page_obj": page}, request=request)

    assert '<nav class="pagination" aria-label="Navigasi halaman">' in html
    assert '<a class="pagination__link" href="?q=jalan&amp;page=7" rel="prev">' in html
    assert '<a class="pagination__link" href="?q=jalan&amp;page=9" rel="next">' in html
    assert (
        '<span class="pagination__current" aria-current="page"><span class="visually-hidden">Halaman </span>8</span>'
        in html
    )
    assert html.count('<span class="pagination__gap">…</span>') == 2
    assert "Menampilkan 71\u201380 dari 200" in html  # an en dash between the numbers


def test_pagination_component_shows_nothing_for_a_single_page(rf):
    page = Paginator(list(range(5)), 10).page(1)

    html = render_to_string("components/pagination.html", {"page_obj": page}, request=rf.get("/"))

    assert html.strip() == ""


def test_badge_component_renders_the_tone_and_label():
    html = render_to_string("components/badge.html", {"label": "Selesai", "tone": "success"})

    assert html.strip() == '<span class="badge badge--success">Selesai</span>'

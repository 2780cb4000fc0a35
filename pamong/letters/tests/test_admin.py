from django.urls import reverse

from pamong.audit.models import Event
from pamong.letters.models import LetterType


def form_data(**overrides):
    data = {
        "code": "SKX",
        "name": "Surat Keterangan Uji",
        "description": "",
        "body": "<p>[nama] untuk [keperluan]</p>",
        "fields": '[{"name": "keperluan", "label": "Keperluan", "required": true}]',
        "requirements": '["Fotokopi KTP"]',
        "validity_days": "30",
        "number_format": "[kode_surat]/[nomor_surat, 3]/[kode_desa]/[bulan_romawi]/[tahun]",
        "paper": "A4",
        "self_service": "on",
        "is_active": "on",
    }
    return data | overrides


def test_the_preview_renders_the_unsaved_body_with_sample_values_escaped(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:letters_lettertype_preview"),
        form_data(body="<p>[nama] [nik] [keperluan] [salah]</p>"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Siti Contoh 3522155501900001 (Keperluan) [salah]</p>" in html
    assert "SKX/007/3522151011/III/2026" in html
    assert not LetterType.objects.exists()


def test_the_preview_is_for_admins_only(client, village_operator):
    client.force_login(village_operator)
    response = client.post(reverse("admin:letters_lettertype_preview"), form_data())
    assert response.status_code == 302  # to the admin sign-in


def test_saving_a_type_in_the_admin_is_validated_and_audited(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:letters_lettertype_add"), form_data())
    assert response.status_code == 302
    letter_type = LetterType.objects.get()
    assert letter_type.fields == [{"name": "keperluan", "label": "Keperluan", "required": True}]
    assert Event.objects.get(action="letters.type_create").actor == admin_user


def test_a_number_format_without_the_sequence_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("admin:letters_lettertype_add"), form_data(number_format="[kode_surat]/[tahun]"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number_format"] == ["Format nomor harus memuat [nomor_surat]."]
    assert not LetterType.objects.exists()


def test_the_change_form_offers_the_preview_button(client, admin_user, skd):
    client.force_login(admin_user)
    html = client.get(reverse("admin:letters_lettertype_change", args=[skd.pk])).content.decode()
    assert f'formaction="{reverse("admin:letters_lettertype_preview")}"' in html

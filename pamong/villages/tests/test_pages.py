from datetime import date

import pytest
from django.urls import reverse

from pamong.audit.models import Event
from pamong.conftest import PASSWORD
from pamong.villages import services
from pamong.villages.models import Family, PopulationEvent, Resident

from .conftest import KK, lookup, person


@pytest.fixture
def registry(family, head, wife):
    return family


def login(client, user):
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_the_regency_statistics_page_shows_suppressed_counts_to_the_public(client, registry, district):
    response = client.get(reverse("villages:index"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Statistik penduduk Kabupaten Bojonegoro" in body
    assert "&lt;5" in body
    assert reverse("villages:stats", args=[district.code]) in body
    assert "Sutrisno" not in body and "3522" not in body


def test_staff_see_full_statistics(client, registry, regent, village):
    body = login(client, regent).get(reverse("villages:stats", args=[village.code])).content.decode()
    assert "&lt;5" not in body
    assert "Statistik penduduk Kadipaten" in body


def test_a_statistics_table_downloads_as_csv_suppressed_for_the_public(client, registry, village):
    response = client.get(reverse("villages:stats_csv", args=[village.code, "sex"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode().splitlines()[1:] == ["Laki-laki,<5,0,<5", "Perempuan,0,<5,<5", "Jumlah,<5,<5,<5"]


def test_staff_download_full_csv(client, registry, village, coordinator):
    response = login(client, coordinator).get(reverse("villages:stats_csv", args=[village.code, "sex"]))
    assert response.content.decode().splitlines()[1:] == ["Laki-laki,1,0,1", "Perempuan,0,1,1", "Jumlah,1,1,2"]


def test_statistics_of_a_region_outside_the_regency_or_an_unknown_table_are_not_found(client, regency, village):
    from pamong.regions.models import Region

    Region.objects.create(code="35.78", name="Kota Surabaya", level="regency", parent=regency.parent)
    assert client.get(reverse("villages:stats", args=["35.78"])).status_code == 404
    assert client.get(reverse("villages:stats", args=["xx"])).status_code == 404
    assert client.get(reverse("villages:stats_csv", args=[village.code, "nik"])).status_code == 404


def test_the_monthly_report_page_and_csv(client, registry, village, village_operator):
    from pamong.villages import events

    events.record_death(
        by=village_operator, resident=registry.members.get(is_head=False), event_date=date(2026, 11, 2),
        report_date=date(2026, 11, 2),
    )  # fmt: skip
    url = reverse("villages:monthly", args=[village.code])
    public = client.get(url + "?tahun=2026&bulan=11").content.decode()
    assert "Laporan perubahan penduduk Kadipaten" in public
    staff_csv = login(client, village_operator).get(url + "?tahun=2026&bulan=11&format=csv").content.decode()
    assert staff_csv.splitlines() == [
        ",Awal bulan,Lahir,Mati,Pindah masuk,Pindah keluar,Hilang,Pergi,Akhir bulan",
        "Laki-laki,1,0,0,0,0,0,0,1",
        "Perempuan,1,0,1,0,0,0,0,0",
        "Jumlah,2,0,1,0,0,0,0,1",
    ]


def test_the_operator_lands_on_the_own_village_dashboard(client, village_operator, village):
    response = login(client, village_operator).get(reverse("villages:manage"))
    assert response.url == reverse("villages:dashboard", args=[village.code])
    assert client.get(response.url).status_code == 200


def test_the_resident_list_shows_full_numbers_to_the_village_operator(client, registry, village_operator, village):
    body = login(client, village_operator).get(reverse("villages:residents", args=[village.code])).content.decode()
    assert "3522151705800001" in body and KK in body


def test_the_resident_list_is_masked_for_an_admin(client, registry, admin_user, village):
    body = login(client, admin_user).get(reverse("villages:residents", args=[village.code])).content.decode()
    assert "3522********0001" in body
    assert "3522151705800001" not in body and KK not in body


def test_the_resident_list_searches_by_name_and_nik(client, registry, village_operator, village):
    url = reverse("villages:residents", args=[village.code])
    login(client, village_operator)
    response = client.post(url, {"q": "siti"})
    assert response.url == url
    assert [r.name for r in client.get(url).context["page_obj"]] == ["Siti Rahayu"]
    assert [r.name for r in client.post(url, {"q": "35221517"}, follow=True).context["page_obj"]] == ["Sutrisno"]
    assert [r.name for r in client.post(url, {"q": ""}, follow=True).context["page_obj"]] == ["Siti Rahayu", "Sutrisno"]


def test_the_resident_list_takes_a_constant_number_of_queries(
    client, registry, village_operator, village, django_assert_num_queries
):
    url = reverse("villages:residents", args=[village.code])
    login(client, village_operator)
    client.get(url)
    # session, user, village (with kecamatan), count, page.
    with django_assert_num_queries(5):
        client.get(url)
    for seq in range(10, 40):
        services.add_member(
            by=village_operator, family=registry, relation="4", person=person(name=f"Anak {seq}", seq=seq)
        )
    with django_assert_num_queries(5):
        assert len(client.get(url).context["page_obj"]) == 25


def test_opening_a_resident_record_is_audited(client, head, village_operator):
    response = login(client, village_operator).get(reverse("villages:resident", args=[head.pk]))
    assert response.status_code == 200
    assert "3522151705800001" in response.content.decode()
    event = Event.objects.get(action="resident.view")
    assert (event.actor, event.object_id) == (village_operator, str(head.pk))
    client.get(reverse("villages:family", args=[head.family_id]))
    assert Event.objects.get(action="family.view").object_id == str(head.family_id)


def every_operator_url(family, resident, village):
    return [
        reverse("villages:dashboard", args=[village.code]),
        reverse("villages:residents", args=[village.code]),
        reverse("villages:families", args=[village.code]),
        reverse("villages:family_create", args=[village.code]),
        reverse("villages:move_in", args=[village.code]),
        reverse("villages:import", args=[village.code]),
        reverse("villages:export", args=[village.code]),
        reverse("villages:resident", args=[resident.pk]),
        reverse("villages:resident_edit", args=[resident.pk]),
        reverse("villages:resident_event", args=[resident.pk, "mati"]),
        reverse("villages:resident_event", args=[resident.pk, "pindah"]),
        reverse("villages:family", args=[family.pk]),
        reverse("villages:member_add", args=[family.pk]),
        reverse("villages:family_edit", args=[family.pk]),
        reverse("villages:head_change", args=[family.pk]),
        reverse("villages:birth", args=[family.pk]),
    ]


@pytest.mark.parametrize("persona", ["other_operator", "citizen", "regent", "coordinator"])
def test_nobody_but_the_villages_operator_opens_its_registry_pages(client, request, registry, head, village, persona):
    login(client, request.getfixturevalue(persona))
    before = (Resident.objects.count(), Family.objects.count(), PopulationEvent.objects.count())
    for url in every_operator_url(registry, head, village):
        assert client.get(url).status_code in (403, 404), url
        assert client.post(url, {}).status_code in (403, 404, 405), url
    assert not Event.objects.filter(action="resident.view").exists()
    assert (Resident.objects.count(), Family.objects.count(), PopulationEvent.objects.count()) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, registry, head, village):
    for url in every_operator_url(registry, head, village):
        assert client.get(url).status_code == 302, url


def test_the_operator_registers_a_family_through_the_form(client, village_operator, village):
    data = {
        "kk-number": KK, "kk-address": "Jl. Diponegoro 4", "kk-dusun": "Krajan", "kk-rw": "2", "kk-rt": "5",
        "kepala-nik": "", "kepala-name": "Darmaji", "kepala-sex": "L", "kepala-birth_place": "Bojonegoro",
        "kepala-birth_date": "1970-01-01", "kepala-religion": lookup("religion", 1).pk,
        "kepala-marital_status": lookup("marital_status", 2).pk, "kepala-citizenship": "WNI",
        "kepala-residency": "tetap",
    }  # fmt: skip
    response = login(client, village_operator).post(reverse("villages:family_create", args=[village.code]), data)
    family = Family.objects.get()
    assert response.url == reverse("villages:family", args=[family.pk])
    assert (str(family.cluster), family.members.get().nik) == ("Dusun Krajan / RW 002 / RT 005", "0352215101100001")


def test_a_refused_death_shows_the_message_and_changes_nothing(client, head, wife, village_operator):
    url = reverse("villages:resident_event", args=[head.pk, "mati"])
    data = {"event_date": "2026-11-10", "report_date": "2026-11-10"}
    response = login(client, village_operator).post(url, data)
    assert response.status_code == 200
    assert "pilih kepala keluarga baru" in response.content.decode()
    assert (PopulationEvent.objects.count(), Resident.objects.get(pk=head.pk).status) == (0, "hidup")
    response = client.post(url, data | {"new_head": wife.pk})
    assert response.status_code == 302
    assert Resident.objects.get(pk=head.pk).status == "mati"


def test_a_birth_through_the_form(client, family, head, village_operator):
    data = {
        "name": "Bayi Laki", "sex": "L", "birth_place": "Bojonegoro", "birth_date": "2026-11-15",
        "report_date": "2026-11-16", "religion": lookup("religion", 1).pk,
        "marital_status": lookup("marital_status", 1).pk, "citizenship": "WNI", "residency": "tetap",
    }  # fmt: skip
    response = login(client, village_operator).post(reverse("villages:birth", args=[family.pk]), data)
    child = Resident.objects.get(name="Bayi Laki")
    assert response.url == reverse("villages:resident", args=[child.pk])
    assert child.events.get().kind == "lahir"


def test_a_move_to_another_village_through_the_form(client, wife, village_operator, other_village):
    data = {
        "within": "1", "to_village": other_village.pk, "relation": "9", "event_date": "2026-11-10",
        "report_date": "2026-11-11",
    }  # fmt: skip
    login(client, village_operator).post(reverse("villages:resident_event", args=[wife.pk, "pindah"]), data)
    wife.refresh_from_db()
    assert (wife.village, wife.is_head) == (other_village, True)


def test_the_export_is_for_the_villages_own_operators_only(client, registry, village, village_operator, admin_user):
    response = login(client, village_operator).get(reverse("villages:export", args=[village.code]))
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("NIK,NO_KK,NAMA_LGKP,JENIS_KLMIN")
    assert lines[1].startswith(f"3522151705800001,{KK},Sutrisno,L,Bojonegoro,17-05-1980,1,")
    assert len(lines) == 3
    assert Event.objects.filter(action="villages.export").count() == 1
    client.logout()
    assert login(client, admin_user).get(reverse("villages:export", args=[village.code])).status_code == 403


def test_every_registry_page_opens_for_the_villages_operator(client, registry, head, village, village_operator):
    login(client, village_operator)
    for url in every_operator_url(registry, head, village):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("villages:monthly", args=[village.code])).status_code == 200


def test_public_pages_carry_no_personal_data(client, registry, village, district):
    for url in (
        reverse("villages:index"),
        reverse("villages:stats", args=[district.code]),
        reverse("villages:stats", args=[village.code]),
        reverse("villages:monthly", args=[village.code]),
        reverse("villages:stats_csv", args=[village.code, "religion"]),
    ):
        body = client.get(url).content.decode()
        assert "Sutrisno" not in body and "Siti" not in body and "35221517" not in body and KK not in body, url


def test_the_landing_page_explains_when_regions_are_not_loaded(client, db):
    response = client.get(reverse("villages:index"))
    assert response.status_code == 503
    assert "Data wilayah belum dimuat" in response.content.decode()


def test_admins_manage_the_reference_lists_in_the_back_office(client, admin_user):
    login(client, admin_user)
    response = client.get(reverse("admin:villages_lookup_changelist") + "?kind__exact=occupation")
    assert response.status_code == 200
    assert "89 data rujukan" in response.content.decode()
    item = lookup("religion", 1)
    assert client.get(reverse("admin:villages_lookup_delete", args=[item.pk])).status_code == 403

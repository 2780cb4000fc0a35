from pamong.agencies.models import Agency


def test_agency_api_lists_active_units_by_name_in_pages_of_50(client, bojonegoro_agencies, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/agencies/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 503
    assert len(body["items"]) == 50
    assert body["items"][0] == {
        "code": "badan-bkpp",
        "name": "Badan Kepegawaian, Pendidikan dan Pelatihan",
        "short_name": "BKPP",
        "kind": "badan",
        "parent_code": None,
        "region_code": None,
        "address": "",
        "phone": "",
        "email": "",
        "head_name": "",
    }


def test_agency_api_filters_by_kind(client, bojonegoro_agencies):
    body = client.get("/api/agencies/", {"kind": "bagian"}).json()

    assert body["count"] == 9
    assert [item["name"] for item in body["items"]][:2] == ["Bagian Administrasi Pembangunan", "Bagian Hukum"]
    assert {item["parent_code"] for item in body["items"]} == {"sekretariat-daerah"}


def test_agency_api_pages_on(client, bojonegoro_agencies):
    first = client.get("/api/agencies/", {"kind": "kecamatan", "page_size": 20}).json()
    second = client.get("/api/agencies/", {"kind": "kecamatan", "page_size": 20, "page": 2}).json()

    assert (len(first["items"]), len(second["items"])) == (20, 8)
    assert not {i["code"] for i in first["items"]} & {i["code"] for i in second["items"]}
    assert second["items"][-1]["region_code"] == "35.22.23"  # Kecamatan Trucuk, last by name


def test_agency_api_refuses_an_unknown_kind(client, bojonegoro_agencies):
    assert client.get("/api/agencies/", {"kind": "kementerian"}).status_code == 422


def test_agency_api_leaves_out_inactive_units(client, agency, other_agency):
    Agency.objects.filter(pk=other_agency.pk).update(is_active=False)

    body = client.get("/api/agencies/").json()

    assert [item["code"] for item in body["items"]] == ["dinas-pubmpr"]


def test_agency_api_returns_one_unit(client, bojonegoro_agencies):
    body = client.get("/api/agencies/kelurahan-35-22-15-1011").json()

    assert (body["name"], body["kind"], body["parent_code"], body["region_code"]) == (
        "Kelurahan Kadipaten",
        "kelurahan",
        "kecamatan-35-22-15",
        "35.22.15.1011",
    )


def test_agency_api_answers_404_in_indonesian_for_an_unknown_code(client, db):
    response = client.get("/api/agencies/dinas-tidak-ada")

    assert response.status_code == 404
    assert response.json() == {"detail": "Perangkat daerah dengan kode 'dinas-tidak-ada' tidak ditemukan."}

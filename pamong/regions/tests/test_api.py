def test_region_api_returns_the_region_with_parent_and_children(client, bojonegoro, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/api/regions/35.22.15")

    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("code", "name", "level", "village_kind", "parent")} == {
        "code": "35.22.15",
        "name": "Bojonegoro",
        "level": "district",
        "village_kind": None,
        "parent": {"code": "35.22", "name": "Kabupaten Bojonegoro", "level": "regency", "village_kind": None},
    }
    assert len(body["children"]) == 18
    assert body["children"][0] == {
        "code": "35.22.15.1001",
        "name": "Jetak",
        "level": "village",
        "village_kind": "kelurahan",
    }


def test_region_api_for_a_province_has_no_parent(client, bojonegoro):
    body = client.get("/api/regions/35").json()

    assert body["parent"] is None
    assert body["children"] == [
        {"code": "35.22", "name": "Kabupaten Bojonegoro", "level": "regency", "village_kind": None}
    ]


def test_region_api_for_a_village_has_no_children(client, bojonegoro):
    body = client.get("/api/regions/35.22.15.2015").json()

    assert (body["name"], body["village_kind"], body["children"]) == ("Campurejo", "desa", [])


def test_region_api_answers_404_in_indonesian_for_an_unknown_code(client, bojonegoro):
    response = client.get("/api/regions/35.99")

    assert response.status_code == 404
    assert response.json() == {"detail": "Wilayah dengan kode '35.99' tidak ditemukan."}


def test_region_api_answers_404_for_a_malformed_code(client, bojonegoro):
    response = client.get("/api/regions/35.2x")

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Kode wilayah '35.2x' tidak valid. Format: 35, 35.22, 35.22.01 atau 35.22.01.2001."
    }

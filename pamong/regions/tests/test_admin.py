from pamong.regions.models import Region


def test_admin_finds_regions_by_code_prefix(client, admin_user, bojonegoro):
    client.force_login(admin_user)

    response = client.get("/admin/regions/region/", {"q": "35.22.15"})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("code", flat=True))[:2] == ["35.22.15", "35.22.15.1001"]
    assert response.context["cl"].result_count == 19


def test_admin_filters_regions_by_village_kind(client, admin_user, bojonegoro):
    client.force_login(admin_user)

    response = client.get("/admin/regions/region/", {"village_kind__exact": "kelurahan"})

    assert response.context["cl"].result_count == 11


def test_admin_cannot_add_change_or_delete_regions(client, admin_user, bojonegoro):
    client.force_login(admin_user)

    assert client.get("/admin/regions/region/35.22/change/").status_code == 200  # shown read-only
    assert client.get("/admin/regions/region/add/").status_code == 403
    assert client.get("/admin/regions/region/35.22/delete/").status_code == 403
    response = client.post("/admin/regions/region/35.22/change/", {"name": "Bojonegoro Baru"})
    assert response.status_code == 403
    assert Region.objects.get(code="35.22").name == "Kabupaten Bojonegoro"

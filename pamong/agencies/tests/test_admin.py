from pamong.agencies.models import Agency
from pamong.audit.models import Event


def form_data(agency: Agency, **changes) -> dict:
    data = {
        "name": agency.name,
        "short_name": agency.short_name,
        "kind": agency.kind,
        "parent": agency.parent_id or "",
        "region": agency.region_id or "",
        "address": agency.address,
        "phone": agency.phone,
        "email": agency.email,
        "head_name": agency.head_name,
        "head_nip": agency.head_nip,
        "is_active": "on" if agency.is_active else "",
    }
    return {**data, **changes}


def test_admin_edit_goes_through_the_service_and_writes_an_audit_event(client, admin_user, agency):
    client.force_login(admin_user)

    response = client.post(
        f"/admin/agencies/agency/{agency.pk}/change/",
        form_data(agency, phone="(0353) 881826", head_name="Ir. Budi Santoso"),
    )

    assert response.status_code == 302
    agency.refresh_from_db()
    assert (agency.phone, agency.head_name) == ("(0353) 881826", "Ir. Budi Santoso")
    event = Event.objects.get()
    assert (event.action, event.actor, event.object_id) == ("agency.update", admin_user, str(agency.pk))
    assert event.before == {"phone": "", "head_name": ""}
    assert event.after == {"phone": "(0353) 881826", "head_name": "Ir. Budi Santoso"}


def test_admin_cannot_change_the_code(client, admin_user, agency):
    client.force_login(admin_user)

    client.post(f"/admin/agencies/agency/{agency.pk}/change/", form_data(agency, code="dinas-lain"))

    agency.refresh_from_db()
    assert agency.code == "dinas-pubmpr"


def test_admin_add_goes_through_the_service_and_writes_an_audit_event(client, admin_user, agency):
    client.force_login(admin_user)
    new = Agency(code="upt-alat-berat", name="UPT Alat Berat", kind=Agency.Kind.UPT, parent=agency)

    response = client.post("/admin/agencies/agency/add/", {**form_data(new), "code": "upt-alat-berat"})

    assert response.status_code == 302
    created = Agency.objects.get(code="upt-alat-berat")
    assert created.parent == agency
    event = Event.objects.get()
    assert (event.action, event.actor, event.object_id) == ("agency.create", admin_user, str(created.pk))


def test_admin_cannot_delete_agencies(client, admin_user, agency):
    client.force_login(admin_user)

    response = client.post(f"/admin/agencies/agency/{agency.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Agency.objects.filter(pk=agency.pk).exists()


def test_admin_list_filters_by_kind_in_a_fixed_number_of_queries(
    client, admin_user, bojonegoro_agencies, django_assert_max_num_queries
):
    client.force_login(admin_user)

    with django_assert_max_num_queries(10):
        response = client.get("/admin/agencies/agency/", {"kind__exact": "kecamatan"})

    assert response.status_code == 200
    assert response.context["cl"].result_count == 28

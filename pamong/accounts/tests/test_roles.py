"""Every role against every account-level page: who may see what, and the scope rules."""

import pytest
from django.urls import reverse

from pamong.accounts import services
from pamong.accounts.access import can_operate_village, can_work_for_agency
from pamong.accounts.models import Role, User
from pamong.agencies.models import Agency
from pamong.audit.models import Event

PERSONAS = ["anonymous", "citizen", "village_operator", "officer", "coordinator", "regent", "admin_user"]

# URL → the personas that get the page (200); everyone else is sent to sign in (302) when
# anonymous, or refused (403). Pages open to everybody list every persona.
MATRIX = {
    "core:home": set(PERSONAS),
    "accounts:profile": set(PERSONAS) - {"anonymous"},
    "accounts:workspace": {"village_operator", "officer", "coordinator", "regent", "admin_user"},
    "admin:index": {"admin_user"},
    "admin:audit_event_changelist": {"admin_user"},
    "admin:accounts_user_changelist": {"admin_user"},
    "admin:workdays_dayoff_changelist": {"admin_user"},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_role_matrix(client, request, persona, url_name):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    else:
        request.getfixturevalue("db")

    response = client.get(reverse(url_name))

    if persona in MATRIX[url_name]:
        assert response.status_code == 200
    elif url_name.startswith("admin:"):
        # The admin sends everyone without admin rights to its own sign-in page.
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
    elif persona == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 403


def test_village_operator_operates_only_their_village(village_operator, village, other_village, admin_user, officer):
    assert can_operate_village(village_operator, village)
    assert not can_operate_village(village_operator, other_village)
    assert can_operate_village(admin_user, other_village)
    assert not can_operate_village(officer, village)


def test_officer_works_for_their_agency_and_its_sub_units_only(officer, agency, other_agency, coordinator):
    sub_unit = Agency.objects.create(code="upt-jalan", name="UPT Jalan", kind=Agency.Kind.UPT, parent=agency)

    assert can_work_for_agency(officer, agency)
    assert can_work_for_agency(officer, sub_unit)
    assert not can_work_for_agency(officer, other_agency)
    assert not can_work_for_agency(coordinator, agency)


@pytest.mark.parametrize(
    "role, scope, message",
    [
        (Role.VILLAGE_OPERATOR, {}, "Operator desa harus terikat pada satu desa/kelurahan."),
        (Role.OFFICER, {}, "Petugas OPD harus terikat pada satu perangkat daerah."),
        (Role.COORDINATOR, {"village": "village"}, "Hanya operator desa yang dapat terikat pada desa."),
        (Role.LEADERSHIP, {"agency": "agency"}, "Hanya petugas OPD yang dapat terikat pada perangkat daerah."),
        (Role.VILLAGE_OPERATOR, {"village": "district"}, "Operator desa harus terikat pada satu desa/kelurahan."),
    ],
)
def test_staff_scope_must_fit_the_role(request, db, role, scope, message):
    kwargs = {name: request.getfixturevalue(fixture) for name, fixture in scope.items()}

    with pytest.raises(services.AccountError, match=message):
        services.create_staff_user(
            by=None, full_name="X", role=role, password="Bengawan-Solo-88", email="x@example.id", **kwargs
        )

    assert not User.objects.filter(email="x@example.id").exists()


def test_admin_creates_an_officer_through_the_admin_with_an_audit_event(client, admin_user, agency):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "full_name": "Petugas Baru",
            "email": "baru@example.id",
            "phone": "",
            "role": "officer",
            "agency": agency.pk,
            "village": "",
            "password": "Bengawan-Solo-88",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(email="baru@example.id")
    assert (user.role, user.agency_id, user.is_staff) == ("officer", agency.pk, False)
    event = Event.objects.get(action="account.create_staff")
    assert (event.actor_id, event.object_id) == (admin_user.pk, str(user.pk))


def test_admin_cannot_create_an_officer_without_an_agency(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "full_name": "Petugas Baru",
            "email": "baru@example.id",
            "phone": "",
            "role": "officer",
            "agency": "",
            "village": "",
            "password": "Bengawan-Solo-88",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["agency"] == [
        "Petugas OPD harus terikat pada satu perangkat daerah."
    ]
    assert not User.objects.filter(email="baru@example.id").exists()


def test_admin_changing_a_role_is_audited_with_before_and_after(client, admin_user, citizen):
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:accounts_user_change", args=[citizen.pk]),
        {
            "full_name": citizen.full_name,
            "email": citizen.email,
            "phone": "",
            "role": "coordinator",
            "agency": "",
            "village": "",
            "language": "id",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.role == "coordinator"
    event = Event.objects.get(action="account.change")
    assert (event.before, event.after) == ({"role": "citizen"}, {"role": "coordinator"})


def test_only_an_admin_may_change_other_accounts(coordinator, citizen):
    with pytest.raises(services.AccountError, match="Hanya admin sistem"):
        services.change_user(user=citizen, by=coordinator, role=Role.LEADERSHIP)

    citizen.refresh_from_db()
    assert citizen.role == Role.CITIZEN
    assert Event.objects.count() == 0


def test_workspace_shows_admin_tools_only_to_the_admin(client, admin_user, regent):
    client.force_login(regent)
    assert "Administrasi sistem" not in client.get(reverse("accounts:workspace")).content.decode()
    client.force_login(admin_user)
    assert "Administrasi sistem" in client.get(reverse("accounts:workspace")).content.decode()

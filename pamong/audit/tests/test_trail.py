import pytest
from django.test import RequestFactory
from django.urls import reverse

from pamong.audit.models import AppendOnlyError, Event
from pamong.audit.services import record


def test_record_keeps_actor_object_changes_ip_and_user_agent(citizen, agency):
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3", HTTP_USER_AGENT="Mozilla/5.0 (Android)")

    event = record(
        actor=citizen,
        action="agency.update",
        obj=agency,
        before={"phone": ""},
        after={"phone": "0353-881826"},
        request=request,
    )

    event.refresh_from_db()
    assert (event.actor_id, event.action, event.object_type, event.object_id) == (
        citizen.pk,
        "agency.update",
        "agencies.agency",
        str(agency.pk),
    )
    assert (event.before, event.after) == ({"phone": ""}, {"phone": "0353-881826"})
    assert (event.ip_address, event.user_agent) == ("10.1.2.3", "Mozilla/5.0 (Android)")


def test_anonymous_actor_is_stored_as_no_actor(db):
    from django.contrib.auth.models import AnonymousUser

    event = record(actor=AnonymousUser(), action="auth.login_failed")

    assert event.actor_id is None


def test_an_event_cannot_be_changed_or_deleted(db):
    event = record(actor=None, action="system.start")

    event.action = "system.other"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).action == "system.start"


def test_admin_can_browse_and_filter_but_not_change_events(client, admin_user):
    record(actor=admin_user, action="account.change")
    record(actor=None, action="auth.login_failed")
    client.force_login(admin_user)

    listing = client.get(reverse("admin:audit_event_changelist"), {"action": "auth.login_failed"})
    event = Event.objects.get(action="account.change")
    change_page = client.post(reverse("admin:audit_event_change", args=[event.pk]), {"action": "x"})
    delete_page = client.post(reverse("admin:audit_event_delete", args=[event.pk]), {"post": "yes"})

    assert listing.status_code == 200
    assert [e.action for e in listing.context["cl"].result_list] == ["auth.login_failed"]
    assert change_page.status_code == 403
    assert delete_page.status_code == 403
    assert reverse("admin:audit_event_add") not in listing.content.decode()
    assert Event.objects.get(pk=event.pk).action == "account.change"

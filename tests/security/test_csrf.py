"""CSRF on every form: the POST forms are discovered by rendering each page of the matrix as
each persona allowed to see it; every one refuses a POST without the token (403) and changes
nothing, while the same POST with the token gets past the check."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import reverse

from .conftest import PERSONAS, client_as, fingerprint
from .test_authorization_matrix import MATRIX, O


class PostForms(HTMLParser):
    """Collects ``<form method="post">``: its action and the values of its named fields."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._open = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            is_post = (attrs.get("method") or "get").lower() == "post"
            self._open = {"action": attrs.get("action") or "", "fields": {}} if is_post else None
        elif self._open is not None and tag in {"input", "select", "textarea", "button"} and attrs.get("name"):
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if attrs.get("type") == "file":
                return
            self._open["fields"].setdefault(attrs["name"], attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None


# Whose pages hold which forms: the visitor's (sign in, register, guest report), the citizen's
# (profile, verification, rating), the OPD officer's and the coordinator's (workspace actions).
# Rendering every page for all nine personas finds nothing more and takes twice as long.
RENDER_AS = ("anonymous", "owner", "officer", "coordinator")


def discover_forms(client, world) -> dict[str, tuple[str, str, dict]]:
    """action path → (persona, page path, fields) for every POST form on every GET page."""
    found = {}
    for name, rows in MATRIX.items():
        for case in rows.values():
            if case.method != "GET":
                continue
            allowed = [persona for persona, outcome in zip(PERSONAS, case.expect, strict=True) if outcome == O]
            for persona in [p for p in RENDER_AS if p in allowed] or allowed[:1]:
                page = reverse(name, kwargs=case.kwargs(world))
                response = client_as(client, world.users[persona]).get(page, case.query(world))
                if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                    continue  # a redirect (its target is a row of its own) or a file
                parser = PostForms()
                parser.feed(response.content.decode())
                for form in parser.forms:
                    action = urlsplit(urljoin(page, form["action"])).path
                    fields = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
                    found.setdefault(action, (persona, page, fields))
    return found


def test_every_post_form_refuses_a_request_without_the_csrf_token(shared_client, world):
    """Each form is posted twice: without the token (403, nothing changed), then with it, in a
    rolled-back savepoint, to show that the refusal came from the CSRF check and not the data."""
    forms = discover_forms(shared_client, world)
    # The discovery must reach the forms that matter, or this test proves little.
    expected = {
        reverse("accounts:login"),
        reverse("accounts:logout"),
        reverse("accounts:register"),
        reverse("accounts:verify"),
        reverse("accounts:resend_code"),
        reverse("accounts:profile"),
        reverse("set_language"),
        reverse("complaints:submit"),
        reverse("complaints:confirm", args=[world.reports["guest"].access_token]),
        reverse("complaints:react", args=[world.reports["answered"].access_token, "nilai"]),
        reverse("complaints:react", args=[world.reports["answered"].access_token, "balas"]),
        reverse("complaints:act", args=[world.reports["public"].code, "accept"]),
        reverse("complaints:act", args=[world.reports["unverified"].code, "dispose"]),
    }
    assert expected <= set(forms), sorted(expected - set(forms))

    guarded = Client(enforce_csrf_checks=True)
    let_through, refused_with_token = [], []
    for action, (persona, page, fields) in sorted(forms.items()):
        client = client_as(guarded, world.users[persona])
        client.get(page)  # the browser holds the CSRF cookie; the forged form lacks the token
        signed_in = client.session.get("_auth_user_id")
        before = fingerprint()

        response = client.post(action, fields)

        if response.status_code != 403 or fingerprint() != before:
            let_through.append(f"{action} ({persona}): {response.status_code}")
        assert client.session.get("_auth_user_id") == signed_in, f"{action}: sesi berubah"
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies, f"{action}: bahasa berubah"
        with transaction.atomic():
            token = client.cookies[settings.CSRF_COOKIE_NAME].value
            if client.post(action, {**fields, "csrfmiddlewaretoken": token}).status_code == 403:
                refused_with_token.append(f"{action} ({persona})")
            transaction.set_rollback(True)
    assert not let_through, "POST tanpa token CSRF diterima:\n" + "\n".join(let_through)
    assert not refused_with_token, "Ditolak walau dengan token:\n" + "\n".join(refused_with_token)


def test_a_cross_site_post_with_the_token_from_another_session_is_refused(world):
    """A token is bound to the cookie it came with: a stolen one does not help another browser."""
    attacker = Client(enforce_csrf_checks=True)
    attacker.get(reverse("accounts:login"))
    stolen = attacker.cookies[settings.CSRF_COOKIE_NAME].value
    victim = Client(enforce_csrf_checks=True)
    victim.force_login(world.users["coordinator"])
    victim.get(reverse("complaints:workspace", args=[world.reports["unverified"].code]))
    before = fingerprint()

    response = victim.post(
        reverse("complaints:act", args=[world.reports["unverified"].code, "dispose"]),
        {"dispose-agency": world.agency.pk, "csrfmiddlewaretoken": stolen},
    )

    assert response.status_code == 403
    assert fingerprint() == before

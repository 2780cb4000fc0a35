"""Every URL and every role, generated from the URL configuration (issue 4, security tests).

``MATRIX`` names, for each URL, one or more cases (which report, which file, which token)
and the outcome each persona must get:

- ``ok``: the page (2xx) or a redirect that is not to the sign-in page;
- ``login``: a redirect to the sign-in page;
- ``denied``: 403 or 404;
- ``refused`` (POST only): an ordinary answer, but the service turned the action down and
  nothing changed (the workspace shows a message).

A POST case that is denied, refused or sent to sign in must change nothing; an allowed POST
case marked ``writes`` must change something. A new URL without an entry fails the test
that walks the resolver, so every new page gets its row here before it ships.

The API (``api:*``) has its own privacy tests and the fuzz run; the Django admin is
checked below for every registered model.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .conftest import PERSONAS, client_as, fingerprint

O, L, D, R = "ok", "login", "denied", "refused"  # noqa: E741 - one letter keeps the rows in columns
#           anon owner other v.op  off  o.off coord lead admin
EVERYONE = (O, O, O, O, O, O, O, O, O)
NOBODY = (D, D, D, D, D, D, D, D, D)
SIGNED_IN = (L, O, O, O, O, O, O, O, O)
GOVERNMENT = (L, D, D, O, O, O, O, O, O)


@dataclass(frozen=True)
class Case:
    expect: tuple[str, ...]
    kwargs: Callable = field(default=lambda w: {})
    method: str = "GET"
    data: Callable = field(default=lambda w: {})
    query: Callable = field(default=lambda w: {})
    writes: bool = False  # an allowed POST must change the state


def code(name):
    return lambda w: {"code": w.reports[name].code}


def token(name, **extra):
    return lambda w: {"token": w.reports[name].access_token, **extra}


def file(name):
    return lambda w: {"pk": w.files[name].pk}


def act(report, action):
    return lambda w: {"code": w.reports[report].code, "action": action}


UNKNOWN_TOKEN = "x" * 43

MATRIX: dict[str, dict[str, Case]] = {
    "core:home": {"beranda": Case(EVERYONE)},
    "set_language": {"ganti bahasa": Case(EVERYONE, method="POST", data=lambda w: {"language": "en", "next": "/"})},
    # Signed-in visitors are sent on (to the next page or their profile): "ok".
    "accounts:login": {"halaman masuk": Case(EVERYONE)},
    "accounts:logout": {"keluar": Case(EVERYONE, method="POST")},
    "accounts:register": {"pendaftaran": Case(EVERYONE)},
    "accounts:verify": {"verifikasi kontak": Case(SIGNED_IN)},
    "accounts:resend_code": {"kirim ulang kode": Case(SIGNED_IN, method="POST", writes=True)},
    "accounts:profile": {"profil": Case(SIGNED_IN)},
    "accounts:workspace": {"ruang kerja": Case(GOVERNMENT)},
    "complaints:list": {"daftar publik": Case(EVERYONE)},
    "complaints:submit": {"formulir laporan": Case(EVERYONE)},
    # The private token is the guest's key: whoever holds it may confirm, follow and react.
    "complaints:confirm": {
        "token laporan tamu": Case(EVERYONE, kwargs=token("guest")),
        "token tak dikenal": Case(NOBODY, kwargs=lambda w: {"token": UNKNOWN_TOKEN}),
    },
    "complaints:submitted": {
        "token laporan tamu": Case(EVERYONE, kwargs=token("guest")),
        "token tak dikenal": Case(NOBODY, kwargs=lambda w: {"token": UNKNOWN_TOKEN}),
    },
    "complaints:track": {
        "formulir lacak": Case(EVERYONE),
        "lacak laporan rahasia (status saja)": Case(EVERYONE, query=lambda w: {"code": w.reports["rahasia"].code}),
    },
    "complaints:private": {
        "token pelapor": Case(EVERYONE, kwargs=token("answered")),
        "token tak dikenal": Case(NOBODY, kwargs=lambda w: {"token": UNKNOWN_TOKEN}),
    },
    "complaints:react": {
        "menilai dengan token pelapor": Case(
            EVERYONE, kwargs=token("answered", how="nilai"), method="POST", data=lambda w: {"score": 4}, writes=True
        ),
        "menilai dengan token tak dikenal": Case(
            NOBODY,
            kwargs=lambda w: {"token": UNKNOWN_TOKEN, "how": "nilai"},
            method="POST",
            data=lambda w: {"score": 4},
        ),
        "reaksi tak dikenal": Case(NOBODY, kwargs=token("answered", how="hapus"), method="POST"),
    },
    "complaints:mine": {"laporan saya": Case(SIGNED_IN)},
    "complaints:detail": {
        "laporan publik": Case(EVERYONE, kwargs=code("public")),
        #                        anon owner other v.op off o.off coord lead admin
        "laporan rahasia": Case((D, O, D, D, O, D, O, O, O), kwargs=code("rahasia")),
        "laporan belum diverifikasi": Case((D, O, D, D, D, D, O, O, O), kwargs=code("unverified")),
    },
    # The public and leadership get the cleaned copy of an image only; PDFs have none.
    "complaints:attachment": {
        "foto laporan publik": Case(EVERYONE, kwargs=file("public_photo")),
        "foto laporan rahasia": Case((D, O, D, D, O, D, O, O, O), kwargs=file("rahasia_photo")),
        "PDF laporan rahasia": Case((D, O, D, D, O, D, O, D, O), kwargs=file("rahasia_pdf")),
        "foto laporan belum diverifikasi": Case((D, O, D, D, D, D, O, O, O), kwargs=file("unverified_photo")),
        "foto laporan rahasia dengan token pelapor": Case(
            EVERYONE, kwargs=file("rahasia_photo"), query=lambda w: {"t": w.reports["rahasia"].access_token}
        ),
    },
    "complaints:queue": {"antrean koordinator": Case((L, D, D, D, D, D, O, D, O))},
    "complaints:inbox": {"kotak masuk OPD": Case((L, D, D, D, O, O, D, D, D))},
    "complaints:my_work": {"tugas saya": Case((L, D, D, D, O, O, D, D, D))},
    "complaints:overdue": {"laporan terlambat": Case((L, D, D, D, O, O, O, O, O))},
    "complaints:workspace": {
        "laporan di OPD pemilik": Case((L, D, D, D, O, D, O, O, O), kwargs=code("public")),
        "laporan belum diverifikasi": Case((L, D, D, D, D, D, O, O, O), kwargs=code("unverified")),
        "laporan tamu belum dikonfirmasi": Case((L, D, D, D, D, D, D, D, D), kwargs=code("guest")),
    },
    # Leadership is read-only; the admin administers the system but does not handle reports.
    "complaints:act": {
        "catatan internal": Case(
            (L, D, D, D, O, D, O, R, R),
            kwargs=act("public", "note"),
            method="POST",
            data=lambda w: {"note-text": "Sudah dicek ke lokasi."},
            writes=True,
        ),
        "verifikasi dan disposisi": Case(
            (L, D, D, D, D, D, O, R, R),
            kwargs=act("unverified", "dispose"),
            method="POST",
            data=lambda w: {"dispose-agency": w.agency.pk},
            writes=True,
        ),
        "OPD menerima laporan": Case(
            (L, D, D, D, O, D, R, R, R), kwargs=act("public", "accept"), method="POST", writes=True
        ),
        "tolak laporan": Case(
            (L, D, D, D, D, D, O, R, R),
            kwargs=act("unverified", "reject"),
            method="POST",
            data=lambda w: {"reject-reason": w.rejection_reason.pk},
            writes=True,
        ),
        "aksi tak dikenal": Case((L, D, D, D, R, D, R, R, R), kwargs=act("public", "hapus"), method="POST"),
    },
    "complaints:leadership": {"ringkasan pimpinan": Case((L, D, D, D, D, D, O, O, O))},
}

# Covered elsewhere: the API by its privacy tests and the fuzz run, the admin below.
NOT_IN_MATRIX = ("admin:", "api:")


def named_urls(resolver=None, namespace: str = "") -> set[str]:
    """Every ``namespace:name`` reachable from the root URLconf."""
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or ""
            names |= named_urls(entry, f"{namespace}:{inner}".strip(":") if inner else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def classify(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return L if location.startswith(reverse("accounts:login")) or "/admin/login/" in location else O
    if 200 <= response.status_code < 300:
        return O
    if response.status_code in (403, 404):
        return D
    return f"status {response.status_code}"


def request_as(client, world, persona: str, url_name: str, case: Case):
    client = client_as(client, world.users[persona])
    url = reverse(url_name, kwargs=case.kwargs(world))
    if case.method == "POST":
        return client.post(url, case.data(world))
    return client.get(url, case.query(world))


def cases():
    return [pytest.param(name, label, id=f"{name}-{label}") for name in sorted(MATRIX) for label in MATRIX[name]]


def test_every_url_has_an_entry_in_the_matrix():
    urls = {name for name in named_urls() if not name.startswith(NOT_IN_MATRIX)}

    missing = sorted(urls - set(MATRIX))
    stale = sorted(set(MATRIX) - urls)

    assert not missing, f"URL baru tanpa entri matriks: {', '.join(missing)}"
    assert not stale, f"Entri matriks tanpa URL: {', '.join(stale)}"


def test_every_matrix_row_names_each_persona_once():
    for name, rows in MATRIX.items():
        for label, case in rows.items():
            assert len(case.expect) == len(PERSONAS), f"{name} / {label}"
            assert set(case.expect) <= {O, L, D, R}, f"{name} / {label}"
            assert case.method == "POST" or R not in case.expect, f"{name} / {label}: 'refused' is for POST"


@pytest.mark.parametrize(("url_name", "label"), cases())
def test_each_persona_gets_the_outcome_the_matrix_names(shared_client, world, url_name, label):
    """One savepoint per persona: each request meets the same world and is rolled back."""
    case = MATRIX[url_name][label]
    wrong = []
    for persona, expected in zip(PERSONAS, case.expect, strict=True):
        with transaction.atomic():
            before = fingerprint()
            response = request_as(shared_client, world, persona, url_name, case)
            got = classify(response)
            changed = fingerprint() != before
            transaction.set_rollback(True)
        if case.method == "POST" and got == O and not changed and expected == R:
            got = R
        if got != expected:
            where = response.get("Location", "")
            wrong.append(f"{persona}: diharapkan {expected}, didapat {got} ({response.status_code} {where})".strip())
        elif case.method == "POST" and expected != O and changed:
            wrong.append(f"{persona}: {expected}, tetapi data berubah")
        elif case.method == "POST" and expected == O and case.writes and not changed:
            wrong.append(f"{persona}: diizinkan, tetapi tidak ada yang berubah")
    assert not wrong, f"{url_name} ({label}):\n" + "\n".join(wrong)


# --- The Django admin -----------------------------------------------------------------------


def admin_changelists() -> list[str]:
    return [f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry]


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "admin"])
def test_the_admin_refuses_everyone_but_the_system_admin(shared_client, world, persona):
    client = client_as(shared_client, world.users[persona])
    owner = world.users["owner"]
    urls = [
        reverse("admin:index"),
        *(reverse(name) for name in admin_changelists()),
        reverse("admin:accounts_user_change", args=[owner.pk]),
        reverse("admin:complaints_report_change", args=[world.reports["rahasia"].pk]),
    ]

    answers = {url: client.get(url) for url in urls}

    let_in = [url for url, response in answers.items() if response.status_code != 302]
    assert not let_in, f"{persona} masuk ke admin: {let_in}"
    assert {response["Location"].split("?")[0] for response in answers.values()} == {reverse("admin:login")}


def test_the_system_admin_opens_every_admin_changelist(shared_client, world):
    client = client_as(shared_client, world.users["admin"])

    statuses = {name: client.get(reverse(name)).status_code for name in admin_changelists()}

    assert set(statuses.values()) == {200}, statuses


def test_a_refused_admin_post_changes_nothing(shared_client, world):
    client = client_as(shared_client, world.users["coordinator"])
    owner = world.users["owner"]
    before = fingerprint()

    response = client.post(
        reverse("admin:accounts_user_change", args=[owner.pk]),
        {"full_name": "Diambil alih", "email": owner.email, "role": "admin", "is_active": "on"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert fingerprint() == before

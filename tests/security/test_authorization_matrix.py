"""Every URL and every role, generated from the URL configuration (issue 4, security tests).

``MATRIX`` names, for each URL, one or more cases (which report, which file, which token)
and the outcome each persona must get:

- ``ok``: the page (2xx) or a redirect that is not to the sign-in page;
- ``login``: a redirect to the sign-in page;
- ``denied``: 403 or 404;
- ``refused`` (POST only): an ordinary answer, but the service turned the action down and
  nothing changed (the workspace shows a message);
- ``selfservice``: a redirect to the residents' self-service sign-in (``letters:sign_in``, NIK
  and PIN). That session is not a user account: self-service pages send every visitor without
  it there, whatever their account role, and signing out of it ends there too.

A case with ``resident`` is requested with that resident signed in to self-service as well
(on top of the persona's account, or alone for the anonymous visitor).

A POST case that is denied, refused or sent to either sign-in must change nothing; an allowed POST
case marked ``writes`` must change something. A new URL without an entry fails the test
that walks the resolver, so every new page gets its row here before it ships.

The API (``api:*``) has its own privacy tests and the fuzz run; the Django admin is
checked below for every registered model.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from pamong.letters.models import ResidentPin
from pamong.letters.queries import SESSION_KEY

from .conftest import (
    LETTER_TYPE,
    OUTSIDER_NIK,
    PERSONAS,
    SIGNER,
    WIFE_NIK,
    client_as,
    fingerprint,
    requirement_files,
)

O, L, D, R, S = "ok", "login", "denied", "refused", "selfservice"  # noqa: E741 - one letter keeps the rows in columns
#           anon owner other v.op  off  o.off coord lead admin
EVERYONE = (O, O, O, O, O, O, O, O, O)
NOBODY = (D, D, D, D, D, D, D, D, D)
SIGNED_IN = (L, O, O, O, O, O, O, O, O)
GOVERNMENT = (L, D, D, O, O, O, O, O, O)
SELF_SERVICE = (S, S, S, S, S, S, S, S, S)  # no self-service session: off to the NIK/PIN sign-in
# The village's operator (of the village the request or letter belongs to) and the admin.
OPERATOR = (L, D, D, O, D, D, D, D, O)
OTHER_VILLAGE = (L, D, D, D, D, D, D, D, O)  # a request of a village the operator does not operate


@dataclass(frozen=True)
class Case:
    expect: tuple[str, ...]
    kwargs: Callable = field(default=lambda w: {})
    method: str = "GET"
    data: Callable = field(default=lambda w: {})
    query: Callable = field(default=lambda w: {})
    writes: bool = False  # an allowed POST must change the state
    resident: Callable | None = None  # world → the resident signed in to self-service as well


def code(name):
    return lambda w: {"code": w.reports[name].code}


def token(name, **extra):
    return lambda w: {"token": w.reports[name].access_token, **extra}


def file(name):
    return lambda w: {"pk": w.files[name].pk}


def act(report, action):
    return lambda w: {"code": w.reports[report].code, "action": action}


def request_pk(name):
    return lambda w: {"pk": w.requests[name].pk}


def letter_pk(name):
    return lambda w: {"pk": w.letters[name].pk}


def step(name, action):
    return lambda w: {"pk": w.requests[name].pk, "action": action}


def request_file(request_name, of=None):
    """The first file of request ``of`` (default: the same one), asked for under ``request_name``."""
    return lambda w: {
        "pk": w.requests[request_name].pk,
        "file_pk": w.requests[of or request_name].files.order_by("pk").first().pk,
    }


def resident(name):
    return lambda w: w.residents[name]


UNKNOWN_TOKEN = "x" * 43
LETTER_TYPE_CODE = lambda w: {"code": LETTER_TYPE}  # noqa: E731
ISSUE_QUERY = lambda w: {"jenis": LETTER_TYPE}  # noqa: E731
NEW_PIN = {"current_pin": "246813", "new_pin": "817263", "new_pin_again": "817263"}


# --- Villages (the registry) ---
VILLAGE, OTHER_VILLAGE_CODE = "35.22.15.1011", "35.22.15.2015"  # operated by village_operator / not
NEW_CLUSTER = lambda w: {"dusun": "Baru"}  # noqa: E731
OWN_VILLAGE_ONLY = (L, D, D, O, D, D, D, D, D)  # unmasked NIKs: the village's own operator, not the admin
STAFF_ONLY = (L, D, D, D, D, D, D, D, D)  # signed in or not, nobody gets it


def village_code(code):
    return lambda w: {"code": code}


def resident_pk(name):
    return lambda w: {"pk": w.residents[name].pk}


def family_pk(name):
    return lambda w: {"pk": w.residents[name].family_id}


def cluster_pk(name):
    return lambda w: {"pk": w.residents[name].family.cluster_id}


def batch_pk(name):
    return lambda w: {"pk": w.batches[name].pk}


def event_of(name, kind):
    return lambda w: {"pk": w.residents[name].pk, "kind": kind}


DEATH = {"event_date": "2026-11-01", "report_date": "2026-11-02", "note": "Meninggal di rumah"}


def issue_for(nik):
    return lambda w: {"nik": nik, "paper": "A4", "keperluan": "Melamar kerja", **SIGNER}


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
    # The benchmark's bare insert: off (404 for everyone) unless PAMONG_BENCH_ENDPOINTS=1.
    "scale:bare_insert": {"endpoint benchmark mati": Case(NOBODY, method="POST", data=lambda w: {"note": "uji"})},
    # --- Letters (layanan surat) -----------------------------------------------------------
    "letters:index": {"katalog surat": Case(EVERYONE)},
    "letters:verify": {
        "token surat terbit": Case(EVERYONE, kwargs=lambda w: {"token": w.letters["ready"].verification_token}),
        "token tak dikenal": Case(NOBODY, kwargs=lambda w: {"token": UNKNOWN_TOKEN}),
    },
    # The PDF: the operators of the letter's village and the admin at any time; the resident
    # named on it and their family head (self-service) once it is Siap/Sudah Diambil.
    "letters:pdf": {
        #                                anon owner other v.op off o.off coord lead admin
        "surat siap diambil, tanpa sesi mandiri": Case((D, D, D, O, D, D, D, D, O), kwargs=letter_pk("ready")),
        "surat siap diambil, pemiliknya masuk mandiri": Case(
            EVERYONE, kwargs=letter_pk("ready"), resident=resident("wife")
        ),
        "surat siap diambil, kepala keluarganya masuk mandiri": Case(
            EVERYONE, kwargs=letter_pk("ready"), resident=resident("head")
        ),
        "surat siap diambil, warga desa lain masuk mandiri": Case(
            (D, D, D, O, D, D, D, D, O), kwargs=letter_pk("ready"), resident=resident("outsider")
        ),
        "surat menunggu tanda tangan, pemiliknya masuk mandiri": Case(
            (D, D, D, O, D, D, D, D, O), kwargs=letter_pk("awaiting"), resident=resident("wife")
        ),
        "surat desa lain": Case((D, D, D, D, D, D, D, D, O), kwargs=letter_pk("other_village")),
        # Issued at the counter, without a request: nothing to wait for, its holder may download it.
        "surat loket desa lain, pemiliknya masuk mandiri": Case(
            EVERYONE, kwargs=letter_pk("other_village"), resident=resident("outsider")
        ),
    },
    "letters:sign_in": {"halaman masuk mandiri": Case(EVERYONE)},
    # Signing out of self-service ends on its sign-in page, for everyone.
    "letters:sign_out": {
        "keluar tanpa sesi mandiri": Case(SELF_SERVICE, method="POST"),
        "keluar dari sesi mandiri": Case(SELF_SERVICE, method="POST", resident=resident("wife")),
    },
    "letters:home": {
        "tanpa sesi mandiri": Case(SELF_SERVICE),
        "warga masuk mandiri": Case(EVERYONE, resident=resident("wife")),
    },
    "letters:change_pin": {
        "tanpa sesi mandiri": Case(SELF_SERVICE),
        "ganti PIN tanpa sesi mandiri": Case(SELF_SERVICE, method="POST", data=lambda w: NEW_PIN),
        "warga masuk mandiri": Case(EVERYONE, resident=resident("wife")),
        "warga mengganti PIN-nya": Case(
            EVERYONE, method="POST", data=lambda w: NEW_PIN, resident=resident("wife"), writes=True
        ),
    },
    "letters:new_request": {
        "tanpa sesi mandiri": Case(SELF_SERVICE, kwargs=LETTER_TYPE_CODE),
        "ajukan tanpa sesi mandiri": Case(
            SELF_SERVICE, kwargs=LETTER_TYPE_CODE, method="POST", data=lambda w: {"keperluan": "Melamar kerja"}
        ),
        "warga masuk mandiri": Case(EVERYONE, kwargs=LETTER_TYPE_CODE, resident=resident("wife")),
        "warga mengajukan": Case(
            EVERYONE,
            kwargs=LETTER_TYPE_CODE,
            method="POST",
            data=lambda w: {"keperluan": "Melamar kerja", **requirement_files()},
            resident=resident("head"),
            writes=True,
        ),
        "jenis surat tak dikenal": Case(NOBODY, kwargs=lambda w: {"code": "HAPUS"}, resident=resident("wife")),
    },
    "letters:request_detail": {
        "tanpa sesi mandiri": Case(SELF_SERVICE, kwargs=request_pk("checking")),
        "permohonan sendiri": Case(EVERYONE, kwargs=request_pk("checking"), resident=resident("wife")),
        "permohonan warga lain": Case(NOBODY, kwargs=request_pk("other_village"), resident=resident("wife")),
    },
    "letters:cancel_request": {
        "tanpa sesi mandiri": Case(SELF_SERVICE, kwargs=request_pk("checking"), method="POST"),
        "membatalkan permohonan sendiri": Case(
            EVERYONE, kwargs=request_pk("checking"), method="POST", resident=resident("wife"), writes=True
        ),
        "membatalkan permohonan warga lain": Case(
            NOBODY, kwargs=request_pk("other_village"), method="POST", resident=resident("wife")
        ),
    },
    # Village operators (of the request's village) and the admin; a self-service session opens nothing here.
    "letters:queue": {
        "antrean operator": Case(OPERATOR),
        "antrean operator dengan sesi mandiri": Case(OPERATOR, resident=resident("wife")),
    },
    "letters:workspace": {
        "permohonan desa sendiri": Case(OPERATOR, kwargs=request_pk("checking")),
        "permohonan desa lain": Case(OTHER_VILLAGE, kwargs=request_pk("other_village")),
        "permohonan sendiri dengan sesi mandiri": Case(
            OPERATOR, kwargs=request_pk("checking"), resident=resident("wife")
        ),
    },
    "letters:request_file": {
        "berkas permohonan desa sendiri": Case(OPERATOR, kwargs=request_file("checking")),
        "berkas permohonan desa lain": Case(OTHER_VILLAGE, kwargs=request_file("other_village")),
        "berkas desa lain lewat permohonan desa sendiri": Case(
            (L, D, D, D, D, D, D, D, D), kwargs=request_file("checking", of="other_village")
        ),
    },
    "letters:act": {
        "setujui permohonan desa sendiri": Case(
            OPERATOR, kwargs=step("checking", "approve"), method="POST", data=lambda w: SIGNER, writes=True
        ),
        "setujui permohonan desa lain": Case(
            OTHER_VILLAGE, kwargs=step("other_village", "approve"), method="POST", data=lambda w: SIGNER, writes=True
        ),
        "kembalikan tanpa alasan": Case((L, D, D, R, D, D, D, D, R), kwargs=step("checking", "return"), method="POST"),
        "tandatangani permohonan yang masih diperiksa": Case(
            (L, D, D, R, D, D, D, D, R), kwargs=step("checking", "sign"), method="POST"
        ),
        "aksi tak dikenal": Case((L, D, D, R, D, D, D, D, R), kwargs=step("checking", "hapus"), method="POST"),
    },
    "letters:issue": {
        "pilih jenis surat": Case(OPERATOR),
        "formulir surat": Case(OPERATOR, query=ISSUE_QUERY),
        "terbitkan untuk warga desa sendiri": Case(
            OPERATOR, method="POST", query=ISSUE_QUERY, data=issue_for(WIFE_NIK), writes=True
        ),
        # The operator's form says "not found in your village"; the admin issues for any village.
        "terbitkan untuk warga desa lain": Case(
            (L, D, D, R, D, D, D, D, O), method="POST", query=ISSUE_QUERY, data=issue_for(OUTSIDER_NIK), writes=True
        ),
    },
    "letters:issue_pin": {
        "formulir PIN": Case(OPERATOR),
        "PIN untuk warga desa sendiri": Case(OPERATOR, method="POST", data=lambda w: {"nik": WIFE_NIK}, writes=True),
        "PIN untuk warga desa lain": Case(
            (L, D, D, R, D, D, D, D, O), method="POST", data=lambda w: {"nik": OUTSIDER_NIK}, writes=True
        ),
    },
    # --- Villages (the registry) -----------------------------------------------------------
    # Public statistics: aggregates for everyone (small counts suppressed for the public).
    "villages:index": {"statistik kabupaten": Case(EVERYONE)},
    "villages:stats": {
        "statistik desa": Case(EVERYONE, kwargs=village_code(VILLAGE)),
        "statistik desa lain": Case(EVERYONE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "statistik kecamatan": Case(EVERYONE, kwargs=village_code("35.22.15")),
        "statistik kabupaten": Case(EVERYONE, kwargs=village_code("35.22")),
        "wilayah di luar kabupaten": Case(NOBODY, kwargs=village_code("35")),
        "kode tak dikenal": Case(NOBODY, kwargs=village_code("35.22.15.9999")),
    },
    "villages:monthly": {
        "laporan bulanan desa": Case(EVERYONE, kwargs=village_code(VILLAGE)),
        "laporan bulanan CSV": Case(EVERYONE, kwargs=village_code(VILLAGE), query=lambda w: {"format": "csv"}),
        "kode tak dikenal": Case(NOBODY, kwargs=village_code("35.22.15.9999")),
    },
    "villages:stats_csv": {
        "CSV statistik desa": Case(EVERYONE, kwargs=lambda w: {"code": VILLAGE, "key": "religion"}),
        "tabel tak dikenal": Case(NOBODY, kwargs=lambda w: {"code": VILLAGE, "key": "nik"}),
    },
    # The operator's registry: the operator of the village (and the admin); 403 for another
    # village's code, 404 for another village's record ids.
    "villages:manage": {"ke desa operator": Case(OWN_VILLAGE_ONLY)},
    "villages:dashboard": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "kode tak dikenal": Case(STAFF_ONLY, kwargs=village_code("35.22.15.9999")),
    },
    "villages:residents": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "cari di desa sendiri": Case(
            OPERATOR, kwargs=village_code(VILLAGE), method="POST", data=lambda w: {"q": "Siti"}
        ),
    },
    "villages:families": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
    },
    "villages:family_create": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=village_code(VILLAGE), method="POST"),
    },
    "villages:clusters": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "tambah di desa sendiri": Case(
            OPERATOR, kwargs=village_code(VILLAGE), method="POST", data=NEW_CLUSTER, writes=True
        ),
        "tambah di desa lain": Case(
            OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE), method="POST", data=NEW_CLUSTER, writes=True
        ),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=village_code(VILLAGE), method="POST"),
    },
    "villages:cluster_edit": {
        "dusun desa sendiri": Case(OPERATOR, kwargs=cluster_pk("head")),
        "dusun desa lain": Case(OTHER_VILLAGE, kwargs=cluster_pk("outsider")),
        "ganti nama dusun desa sendiri": Case(
            OPERATOR, kwargs=cluster_pk("head"), method="POST", data=lambda w: {"dusun": "Ganti"}, writes=True
        ),
        "ganti nama dusun desa lain": Case(
            OTHER_VILLAGE, kwargs=cluster_pk("outsider"), method="POST", data=lambda w: {"dusun": "Ganti"}, writes=True
        ),
    },
    # The world's clusters all hold a family: removing is refused for whoever may ask (unit tests
    # remove empty ones); the point here is who may ask.
    "villages:cluster_remove": {
        "hapus dusun desa sendiri": Case(OPERATOR, kwargs=cluster_pk("head"), method="POST"),
        "hapus dusun desa lain": Case(OTHER_VILLAGE, kwargs=cluster_pk("outsider"), method="POST"),
    },
    "villages:move_in": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=village_code(VILLAGE), method="POST"),
    },
    "villages:import": {
        "desa sendiri": Case(OPERATOR, kwargs=village_code(VILLAGE)),
        "desa lain": Case(OTHER_VILLAGE, kwargs=village_code(OTHER_VILLAGE_CODE)),
        "tanpa berkas": Case((L, D, D, R, D, D, D, D, R), kwargs=village_code(VILLAGE), method="POST"),
    },
    # Every NIK unmasked: the village's own operator only (the admin sees masked numbers).
    "villages:export": {
        "desa sendiri": Case(OWN_VILLAGE_ONLY, kwargs=village_code(VILLAGE)),
        "desa lain": Case(STAFF_ONLY, kwargs=village_code(OTHER_VILLAGE_CODE)),
    },
    # Where an import stands (counts and the refusal messages, which mask NIKs): like the upload page.
    "villages:import_progress": {
        "impor desa sendiri": Case(OPERATOR, kwargs=batch_pk("own")),
        "impor desa lain": Case(OTHER_VILLAGE, kwargs=batch_pk("other")),
    },
    "villages:import_errors": {
        "impor desa sendiri": Case(OWN_VILLAGE_ONLY, kwargs=batch_pk("own")),
        "impor desa lain": Case(STAFF_ONLY, kwargs=batch_pk("other")),
    },
    "villages:resident": {
        "penduduk desa sendiri": Case(OPERATOR, kwargs=resident_pk("wife")),
        "penduduk desa lain": Case(OTHER_VILLAGE, kwargs=resident_pk("outsider")),
    },
    "villages:resident_edit": {
        "penduduk desa sendiri": Case(OPERATOR, kwargs=resident_pk("wife")),
        "penduduk desa lain": Case(OTHER_VILLAGE, kwargs=resident_pk("outsider")),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=resident_pk("wife"), method="POST"),
    },
    "villages:resident_event": {
        "formulir kematian": Case(OPERATOR, kwargs=event_of("wife", "mati")),
        "peristiwa tak dikenal": Case(STAFF_ONLY, kwargs=event_of("wife", "hapus")),
        "catat kematian penduduk desa sendiri": Case(
            OPERATOR, kwargs=event_of("wife", "mati"), method="POST", data=lambda w: DEATH, writes=True
        ),
        "catat kematian penduduk desa lain": Case(
            OTHER_VILLAGE, kwargs=event_of("outsider", "mati"), method="POST", data=lambda w: DEATH, writes=True
        ),
    },
    "villages:family": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
    },
    "villages:family_move": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=family_pk("head"), method="POST"),
    },
    "villages:family_edit": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=family_pk("head"), method="POST"),
        "ubah alamat keluarga desa sendiri": Case(
            OPERATOR,
            kwargs=family_pk("head"),
            method="POST",
            data=lambda w: {"number": w.residents["head"].family.number, "address": "Jl. Diponegoro 5"},
            writes=True,
        ),
    },
    "villages:member_add": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=family_pk("head"), method="POST"),
    },
    "villages:head_change": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
        "ganti kepala keluarga desa sendiri": Case(
            OPERATOR,
            kwargs=family_pk("head"),
            method="POST",
            data=lambda w: {"new_head": w.residents["wife"].pk},
            writes=True,
        ),
    },
    "villages:birth": {
        "keluarga desa sendiri": Case(OPERATOR, kwargs=family_pk("head")),
        "keluarga desa lain": Case(OTHER_VILLAGE, kwargs=family_pk("outsider")),
        "formulir kosong": Case((L, D, D, R, D, D, D, D, R), kwargs=family_pk("head"), method="POST"),
    },
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
        if location.startswith(reverse("accounts:login")) or "/admin/login/" in location:
            return L
        return S if location.split("?")[0] == reverse("letters:sign_in") else O
    if 200 <= response.status_code < 300:
        return O
    if response.status_code in (403, 404):
        return D
    return f"status {response.status_code}"


def sign_in_to_self_service(client, resident) -> None:
    """What ``letters:sign_in`` leaves in the session (queries.start_session), on top of any account."""
    pin_row = ResidentPin.objects.get(resident=resident)
    session = client.session
    session[SESSION_KEY] = {"id": pin_row.resident_id, "gen": pin_row.generation}
    session.save()


def request_as(client, world, persona: str, url_name: str, case: Case):
    client = client_as(client, world.users[persona])
    if case.resident is not None:
        sign_in_to_self_service(client, case.resident(world))
    url = reverse(url_name, kwargs=case.kwargs(world))
    if case.method == "POST":
        query = case.query(world)
        return client.post(f"{url}?{urlencode(query)}" if query else url, case.data(world))
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
            assert set(case.expect) <= {O, L, D, R, S}, f"{name} / {label}"
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


# --- Villages: who sees unsuppressed statistics -----------------------------------------------

# Counts of 1-4 are shown as "<5" on the public statistics; full counts only for the village's
# own operators (on their village's pages) and regency-wide roles (villages/queries.py,
# ``can_see_full_statistics``).
#                    anon   owner  other  v.op   off    o.off  coord lead  admin
OWN_VILLAGE_FULL = (False, False, False, True, False, False, True, True, True)
OTHER_VILLAGE_FULL = (False, False, False, False, False, False, True, True, True)


@pytest.mark.parametrize(
    ("code", "expect"),
    [
        pytest.param(VILLAGE, OWN_VILLAGE_FULL, id="desa operator"),
        pytest.param(OTHER_VILLAGE_CODE, OTHER_VILLAGE_FULL, id="desa lain"),
    ],
)
def test_only_the_villages_own_operator_sees_its_unsuppressed_statistics(shared_client, world, code, expect):
    wrong = []
    for persona, full in zip(PERSONAS, expect, strict=True):
        client = client_as(shared_client, world.users[persona])
        page = client.get(reverse("villages:stats", kwargs={"code": code}))
        table = client.get(reverse("villages:stats_csv", kwargs={"code": code, "key": "sex"}))
        suppressed = "<5" in table.content.decode()
        if page.context["full"] != full or suppressed == full:
            wrong.append(f"{persona}: diharapkan {'lengkap' if full else 'disamarkan'}")
    assert not wrong, f"statistik {code}:\n" + "\n".join(wrong)

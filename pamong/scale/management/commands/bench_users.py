"""``manage.py bench_users --out FILE``: the benchmark's signed-in personas, as session keys.

Creates a coordinator, an officer of the OPD with the most open reports, a leadership user
(all through ``accounts.services.create_staff_user``) and a citizen, then a database session
for each, so the load generator needs no sign-in (whose password hashing would otherwise
dominate the first seconds). Writes JSON: session keys, the busy OPD, and villages and
categories to submit reports with. The server must use the same SECRET_KEY (session hashes).
"""

import json
import secrets

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from pamong.accounts.models import Role, User
from pamong.accounts.services import create_staff_user
from pamong.agencies.models import Agency
from pamong.complaints.models import Category, Report
from pamong.complaints.villages import regency_villages

INBOX = [Report.Status.DISPOSED, Report.Status.ACCEPTED, Report.Status.IN_PROGRESS]
DOMAIN = "bench.pamong.test"


class Command(BaseCommand):
    help = "Membuat pengguna benchmark (koordinator, petugas OPD tersibuk, pimpinan, warga) dan sesinya."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Berkas JSON untuk locust.")

    def handle(self, *args, out, **options):
        if not settings.DEBUG:
            raise CommandError("bench_users hanya untuk basis data benchmark (DEBUG=1).")
        busy = (
            Agency.objects.filter(reports__status__in=INBOX)
            .annotate(n=Count("reports"))
            .order_by("-n", "pk")
            .values_list("pk", "n")
            .first()
        )
        if busy is None:
            raise CommandError("Tidak ada laporan di OPD mana pun: jalankan generate_regency dulu.")
        agency = Agency.objects.get(pk=busy[0])
        password = secrets.token_urlsafe(16)
        people = {
            "coordinator": self._staff("koordinator", Role.COORDINATOR, password),
            "officer": self._staff("petugas", Role.OFFICER, password, agency=agency),
            "leadership": self._staff("pimpinan", Role.LEADERSHIP, password),
            "citizen": self._citizen(password),
        }
        data = {
            "sessions": {role: self._session(user) for role, user in people.items()},
            "busy_agency": {"id": agency.pk, "name": agency.name, "open_reports": busy[1]},
            "villages": list(regency_villages().order_by("code").values_list("code", flat=True)),
            "categories": list(Category.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)),
        }
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        self.stdout.write(f"Pengguna benchmark dibuat; OPD tersibuk: {agency} ({busy[1]} laporan terbuka).")

    def _staff(self, name: str, role: str, password: str, agency=None) -> User:
        email = f"{name}@{DOMAIN}"
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            return existing
        return create_staff_user(
            by=None, full_name=f"Benchmark {name.title()}", role=role, password=password, email=email, agency=agency
        )

    def _citizen(self, password: str) -> User:
        email = f"warga@{DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            # Citizens register themselves (accounts.services.register_citizen sends a code);
            # the benchmark's citizen is made directly, as the demo seed does.
            user = User.objects.create_user(email=email, password=password, full_name="Warga Benchmark")
        return user

    @staticmethod
    def _session(user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        return session.session_key

"""``manage.py bench_users --out FILE``: the benchmark's signed-in personas, as session keys.

Creates a coordinator, an officer of the OPD with the most open reports, a leadership user,
an operator of the village with the most living residents (all through
``accounts.services.create_staff_user``) and a citizen, then a database session for each, so
the load generator needs no sign-in (whose password hashing would otherwise dominate the first
seconds). Writes JSON: session keys, the busy OPD, the busy village with ``--niks`` NIKs of its
living residents (evenly spread over the NIK order, so the same database gives the same
sample) for a lookup benchmark, and villages and categories to submit reports with. Without
residents the village operator is left out (``busy_village`` null, no NIKs). The server must
use the same SECRET_KEY (session hashes).
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
from pamong.regions.models import Region
from pamong.villages.models import Resident

INBOX = [Report.Status.DISPOSED, Report.Status.ACCEPTED, Report.Status.IN_PROGRESS]
DOMAIN = "bench.pamong.test"


class Command(BaseCommand):
    help = (
        "Membuat pengguna benchmark (koordinator, petugas OPD tersibuk, pimpinan, operator desa terpadat, warga) "
        "dan sesinya."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="Berkas JSON untuk locust.")
        parser.add_argument(
            "--niks", type=int, default=1000, help="Jumlah NIK contoh dari desa terpadat (bawaan 1000)."
        )

    def handle(self, *args, out, niks, **options):
        if not settings.DEBUG:
            raise CommandError("bench_users hanya untuk basis data benchmark (DEBUG=1).")
        if niks < 0:
            raise CommandError("--niks tidak boleh negatif.")
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
        village, living = self._busy_village()
        sample: list[str] = []
        if village is not None:
            people["village_operator"] = self._staff("operator", Role.VILLAGE_OPERATOR, password, village=village)
            sample = self._nik_sample(village, niks)
        data = {
            "sessions": {role: self._session(user) for role, user in people.items()},
            "busy_agency": {"id": agency.pk, "name": agency.name, "open_reports": busy[1]},
            "busy_village": (
                {"code": village.code, "name": village.name, "residents": living} if village is not None else None
            ),
            "niks": sample,
            "villages": list(regency_villages().order_by("code").values_list("code", flat=True)),
            "categories": list(Category.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)),
        }
        with open(out, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        self.stdout.write(f"Pengguna benchmark dibuat; OPD tersibuk: {agency} ({busy[1]} laporan terbuka).")
        if village is None:
            self.stdout.write("Belum ada penduduk: operator desa dan contoh NIK dilewati.")
        else:
            self.stdout.write(f"Desa terpadat: {village} ({living} penduduk hidup), {len(sample)} NIK contoh.")

    def _staff(self, name: str, role: str, password: str, agency=None, village=None) -> User:
        email = f"{name}@{DOMAIN}"
        existing = User.objects.filter(email=email).first()
        if existing is not None:
            return existing
        return create_staff_user(
            by=None,
            full_name=f"Benchmark {name.title()}",
            role=role,
            password=password,
            email=email,
            agency=agency,
            village=village,
        )

    @staticmethod
    def _busy_village() -> tuple[Region | None, int]:
        """The village with the most living residents (the lowest code on a tie), and that count."""
        busiest = (
            Resident.objects.filter(status=Resident.Status.ALIVE)
            .values("village")
            .annotate(n=Count("pk"))
            .order_by("-n", "village")
            .values_list("village", "n")
            .first()
        )
        if busiest is None:
            return None, 0
        return Region.objects.get(pk=busiest[0]), busiest[1]

    @staticmethod
    def _nik_sample(village: Region, size: int) -> list[str]:
        """``size`` NIKs of the village's living residents, evenly spaced in NIK order."""
        numbers = list(
            Resident.objects.filter(village=village, status=Resident.Status.ALIVE)
            .order_by("nik")
            .values_list("nik", flat=True)
        )
        if size >= len(numbers):
            return numbers
        return [numbers[i * len(numbers) // size] for i in range(size)]

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

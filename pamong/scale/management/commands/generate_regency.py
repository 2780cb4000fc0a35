"""``manage.py generate_regency``: a whole regency of generated data for benchmarks and demos.

Deterministic: the same ``--seed``, sizes and ``--until`` give the same rows. Loads the
regions and agencies of PAMONG_REGION, the complaints reference data and the village
registry's reference lists first (all through their services), then citizens, reports with
their full event history, and ratings; then the village registry (``people.py``): one
generated operator per village, dusun/RW/RT, families, ``--residents`` living residents and
the last year's population events, written village by village so memory stays bounded.
Refuses to run with DEBUG off or into a database that already has reports or residents.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from pamong.accounts.models import User
from pamong.agencies.services import load_agencies
from pamong.complaints.models import Rating, Report, ReportEvent
from pamong.complaints.seed import seed_reference_data
from pamong.core.bulkload import built_at_end
from pamong.regions.services import load_regions
from pamong.scale import loading
from pamong.scale.options import check_size, parse_until, progress_line
from pamong.scale.people import (
    CLUSTER_COLUMNS,
    FAMILY_COLUMNS,
    OPERATOR_COLUMNS,
    POPULATION_EVENT_COLUMNS,
    RESIDENT_COLUMNS,
    PeoplePlanner,
)
from pamong.scale.plan import EVENT_COLUMNS, RATING_COLUMNS, REPORT_COLUMNS, USER_COLUMNS, Planner
from pamong.scale.world import load_registry_world, load_world
from pamong.villages.models import Cluster, Family, PopulationEvent, Resident
from pamong.villages.services import seed_lookups

REGISTRY_TABLES = [Cluster, Family, Resident, PopulationEvent]
# Living residents per write: whole villages up to this many (~8 villages), a few MB of rows.
RESIDENT_BATCH = 25_000


class Command(BaseCommand):
    help = (
        "Membuat data kabupaten sintetis (wilayah, OPD, warga, laporan lima tahun, penduduk desa) "
        "untuk benchmark dan demo."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reports", type=int, default=200_000, help="Jumlah laporan (bawaan 200000).")
        parser.add_argument(
            "--citizens", type=int, default=None, help="Jumlah akun warga (bawaan: seperempat jumlah laporan)."
        )
        parser.add_argument(
            "--residents",
            type=int,
            default=1_300_000,
            help="Jumlah penduduk hidup di registri desa (bawaan 1300000; 0 = dilewati). Jumlah KK mengikuti.",
        )
        parser.add_argument(
            "--until",
            default=None,
            help="Akhir periode lima tahun, YYYY-MM-DD (17.00 WIB; bawaan: awal jam ini). Sama --until, sama data.",
        )
        parser.add_argument("--batch", type=int, default=5000, help="Laporan per batch tulis.")

    def handle(self, *args, seed, reports, citizens, residents, until, batch, **options):
        if not settings.DEBUG:
            raise CommandError("generate_regency hanya untuk basis data pengembangan/benchmark (DEBUG=1).")
        for name, value in (("reports", reports), ("citizens", citizens), ("residents", residents)):
            check_size(name, value)
        if batch < 1:
            raise CommandError("--batch minimal 1.")
        if Report.objects.exists():
            raise CommandError("Basis data sudah berisi laporan; buat data ke basis data yang baru.")
        if residents and Resident.objects.exists():
            raise CommandError("Basis data sudah berisi penduduk; buat data ke basis data yang baru.")
        citizens = max(1, reports // 4) if citizens is None else citizens
        end = parse_until(until)
        started = time.monotonic()
        self._reference_data()
        world = load_world()
        planner = Planner(world, seed=seed, reports=reports, citizens=citizens, until=end)
        with transaction.atomic():
            loading.write_rows(User, USER_COLUMNS, planner.staff.rows)
            loading.write_rows(User, USER_COLUMNS, planner.citizens())
        self.stderr.write(f"staf {len(planner.staff.rows)}, warga {citizens}")
        done = events = ratings = 0
        for part in planner.batches(size=batch):
            with transaction.atomic():
                loading.write_rows(Report, REPORT_COLUMNS, part.reports)
                loading.write_rows(ReportEvent, EVENT_COLUMNS, part.events)
                loading.write_rows(Rating, RATING_COLUMNS, part.ratings)
            done, events, ratings = done + len(part.reports), events + len(part.events), ratings + len(part.ratings)
            self.stderr.write(progress_line("laporan", done, reports, started))
        people = "penduduk: dilewati (--residents 0)"
        if residents:
            first_operator = planner.first_citizen + citizens
            people = self._registry(seed=seed, residents=residents, end=end, first_user_id=first_operator)
        else:
            self.stderr.write(people)
        loading.reset_sequences()
        loading.analyze()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Selesai: {done} laporan, {events} riwayat, {ratings} penilaian, {citizens} warga; {people} "
            f"dalam {elapsed:.1f} s (seed {seed}, sampai {end:%Y-%m-%d})."
        )

    def _reference_data(self) -> None:
        load_regions(code=settings.PAMONG_REGION)
        load_agencies(regency_code=settings.PAMONG_REGION)
        created = seed_reference_data()
        lookups = seed_lookups()
        self.stderr.write(
            f"wilayah dan OPD {settings.PAMONG_REGION} dimuat; referensi pengaduan: {created}; "
            f"referensi penduduk baru: {lookups}"
        )

    def _registry(self, *, seed: int, residents: int, end, first_user_id: int) -> str:
        """Operators, clusters, families, residents and events, whole villages per transaction."""
        try:
            world = load_registry_world()
            planner = PeoplePlanner(world, seed=seed, residents=residents, until=end, first_user_id=first_user_id)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        living = families = events = 0
        # One transaction: keys and plain indexes are built once at the end (core.bulkload), and a
        # failure leaves no half-filled registry behind.
        with transaction.atomic(), built_at_end(REGISTRY_TABLES):
            loading.write_rows(User, OPERATOR_COLUMNS, planner.operator_rows)
            for part in planner.batches(size=RESIDENT_BATCH):
                loading.write_rows(Cluster, CLUSTER_COLUMNS, part.cluster_rows())
                loading.write_rows(Family, FAMILY_COLUMNS, part.family_rows(planner.registered_at))
                loading.write_rows(Resident, RESIDENT_COLUMNS, part.resident_rows(world.lookups))
                loading.write_rows(PopulationEvent, POPULATION_EVENT_COLUMNS, part.event_rows())
                living, families = living + part.living, families + len(part.families)
                events += len(part.events)
                self.stderr.write(progress_line("penduduk", living, residents, started))
            if loading.is_postgresql():
                self.stderr.write("  memeriksa kunci asing dan membangun indeks registri (sekali untuk semua baris)...")
        return (
            f"{living} penduduk hidup dalam {families} KK, {events} peristiwa kependudukan, "
            f"{len(planner.operator_rows)} operator desa ({time.monotonic() - started:.1f} s)"
        )

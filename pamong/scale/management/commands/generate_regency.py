"""``manage.py generate_regency``: a whole regency of generated data for benchmarks and demos.

Deterministic: the same ``--seed``, sizes and ``--until`` give the same rows. Loads the
regions and agencies of PAMONG_REGION and the complaints reference data first (all through
their services), then citizens, reports with their full event history, and ratings.
Refuses to run with DEBUG off or into a database that already has reports.
"""

import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from pamong.accounts.models import User
from pamong.agencies.services import load_agencies
from pamong.complaints.models import Rating, Report, ReportEvent
from pamong.complaints.seed import seed_reference_data
from pamong.regions.services import load_regions
from pamong.scale import loading
from pamong.scale.plan import EVENT_COLUMNS, RATING_COLUMNS, REPORT_COLUMNS, USER_COLUMNS, Planner
from pamong.scale.world import load_world


class Command(BaseCommand):
    help = "Membuat data kabupaten sintetis (wilayah, OPD, warga, laporan lima tahun) untuk benchmark dan demo."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--reports", type=int, default=200_000, help="Jumlah laporan (bawaan 200000).")
        parser.add_argument(
            "--citizens", type=int, default=None, help="Jumlah akun warga (bawaan: seperempat jumlah laporan)."
        )
        parser.add_argument(
            "--until",
            default=None,
            help="Akhir periode lima tahun, YYYY-MM-DD (17.00 WIB; bawaan: awal jam ini). Sama --until, sama data.",
        )
        parser.add_argument("--batch", type=int, default=5000, help="Laporan per batch tulis.")

    def handle(self, *args, seed, reports, citizens, until, batch, **options):
        if not settings.DEBUG:
            raise CommandError("generate_regency hanya untuk basis data pengembangan/benchmark (DEBUG=1).")
        if reports < 0 or (citizens is not None and citizens < 0):
            raise CommandError("Ukuran tidak boleh negatif.")
        if Report.objects.exists():
            raise CommandError("Basis data sudah berisi laporan; buat data ke basis data yang baru.")
        citizens = max(1, reports // 4) if citizens is None else citizens
        end = self._until(until)
        started = time.monotonic()
        self._reference_data()
        world = load_world()
        planner = Planner(world, seed=seed, reports=reports, citizens=citizens, until=end)
        with transaction.atomic():
            loading.write_rows(User, USER_COLUMNS, planner.staff.rows)
            loading.write_rows(User, USER_COLUMNS, planner.citizens())
        self.stderr.write(f"staf {len(planner.staff.rows)}, warga {citizens}")
        self.stderr.write(
            "penduduk: dilewati (registri desa, issue 5, masih dibangun; warga, KK dan NIK menyusul setelah selesai)"
        )
        done = events = ratings = 0
        for part in planner.batches(size=batch):
            with transaction.atomic():
                loading.write_rows(Report, REPORT_COLUMNS, part.reports)
                loading.write_rows(ReportEvent, EVENT_COLUMNS, part.events)
                loading.write_rows(Rating, RATING_COLUMNS, part.ratings)
            done, events, ratings = done + len(part.reports), events + len(part.events), ratings + len(part.ratings)
            self._progress(done, reports, started)
        loading.reset_sequences()
        loading.analyze()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Selesai: {done} laporan, {events} riwayat, {ratings} penilaian, {citizens} warga "
            f"dalam {elapsed:.1f} s (seed {seed}, sampai {end:%Y-%m-%d})."
        )

    def _until(self, value: str | None) -> datetime:
        """The plan's "now": the given day at 17:00 WIB, or by default the start of this hour."""
        if value is None:
            return timezone.now().replace(minute=0, second=0, microsecond=0)
        try:
            day = datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError as exc:
            raise CommandError("--until harus berformat YYYY-MM-DD.") from exc
        return datetime.combine(day, datetime.min.time(), tzinfo=timezone.get_default_timezone()) + timedelta(hours=17)

    def _reference_data(self) -> None:
        load_regions(code=settings.PAMONG_REGION)
        load_agencies(regency_code=settings.PAMONG_REGION)
        created = seed_reference_data()
        self.stderr.write(f"wilayah dan OPD {settings.PAMONG_REGION} dimuat; referensi pengaduan: {created}")

    def _progress(self, done: int, total: int, started: float) -> None:
        """One plain line per batch on stderr: count, share, rate and time left."""
        elapsed = time.monotonic() - started
        rate = done / elapsed if elapsed else 0
        left = (total - done) / rate if rate else 0
        percent = 100 * done / total if total else 100
        self.stderr.write(f"  laporan {done:>9,}/{total:,} ({percent:5.1f} %) {rate:,.0f}/s, sisa ~{left:.0f} s")

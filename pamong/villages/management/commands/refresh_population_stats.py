"""Daily recount of the statistics summary (ages change with the date): run it after midnight
(cron, systemd timer). Safe to run again or while the worker refreshes villages."""

from django.core.management.base import BaseCommand

from pamong.villages.statstasks import refresh_stale


class Command(BaseCommand):
    help = (
        "Hitung ulang ringkasan statistik penduduk desa yang belum dihitung hari ini atau punya "
        "perubahan yang belum dihitung. Jalankan setiap hari setelah tengah malam; aman diulang."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Hitung ulang semua desa.")

    def handle(self, *, force: bool, verbosity: int, **options):
        count = refresh_stale(force=force)
        if verbosity:
            self.stdout.write(f"{count} desa dihitung ulang.")

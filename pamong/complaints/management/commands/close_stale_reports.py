from django.core.management.base import BaseCommand

from pamong.complaints.sweeps import close_stale_reports


class Command(BaseCommand):
    help = "Tutup laporan yang sudah ditanggapi tanpa reaksi pelapor dalam batas hari. Aman diulang."

    def handle(self, *args, **options):
        count = close_stale_reports()
        self.stdout.write(f"{count} laporan ditutup otomatis.")

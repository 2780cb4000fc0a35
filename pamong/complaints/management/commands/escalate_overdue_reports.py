from django.core.management.base import BaseCommand

from pamong.complaints.sweeps import escalate_overdue_reports


class Command(BaseCommand):
    help = "Eskalasi laporan yang melewati batas waktu (jalankan berkala, mis. tiap jam). Aman diulang."

    def handle(self, *args, **options):
        count = escalate_overdue_reports()
        self.stdout.write(f"{count} laporan dieskalasi.")

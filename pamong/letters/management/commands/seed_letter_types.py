from django.core.management.base import BaseCommand

from pamong.letters.seed import seed_letter_types


class Command(BaseCommand):
    help = "Create the standard letter types that do not exist yet (existing ones are left alone)."

    def handle(self, *args, **options):
        created = seed_letter_types()
        self.stdout.write(f"{created} jenis surat dibuat.")

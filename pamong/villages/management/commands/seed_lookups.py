from django.core.management.base import BaseCommand

from pamong.villages.services import seed_lookups


class Command(BaseCommand):
    help = "Tambahkan daftar rujukan (agama, pendidikan, pekerjaan, …) yang belum ada."

    def handle(self, *args, **options):
        added = seed_lookups()
        self.stdout.write(self.style.SUCCESS(f"{added} entri rujukan ditambahkan."))

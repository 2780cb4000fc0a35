"""Delete private files that no database row refers to (left by transactions that rolled back)."""

from datetime import timedelta

from django.core.management import BaseCommand, CommandError
from django.utils import timezone

from pamong.core.storage import orphan_files, private_storage


class Command(BaseCommand):
    help = (
        "Hapus berkas privat (lampiran, berkas persyaratan, PDF surat) yang tidak dirujuk baris mana pun di "
        "basis data, misalnya sisa transaksi yang gagal. Aman dijalankan berulang (harian)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Hanya berkas yang ditulis lebih dari sekian jam lalu (bawaan 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan saja, jangan hapus.")

    def handle(self, *args, older_than_hours: int, dry_run: bool, **options):
        if older_than_hours < 1:
            raise CommandError(
                "--older-than-hours minimal 1: berkas yang baru ditulis mungkin milik transaksi yang masih berjalan."
            )
        names = orphan_files(older_than=timedelta(hours=older_than_hours), now=timezone.now())
        storage = private_storage()
        for name in names:
            if dry_run:
                self.stdout.write(name)
            else:
                storage.delete(name)
        verb = "akan dihapus" if dry_run else "dihapus"
        self.stdout.write(f"{len(names)} berkas tanpa rujukan {verb}.")

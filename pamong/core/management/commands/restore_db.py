"""Restore the whole database from a file written by ``backup_db``: every table is replaced."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError
from django.db import connections

from pamong.core.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Pulihkan seluruh basis data dari berkas buatan backup_db. Semua data saat ini diganti; "
        "hentikan aplikasi dan worker lebih dulu."
    )

    def add_arguments(self, parser):
        parser.add_argument("input", type=Path, help="Berkas cadangan dari backup_db.")
        parser.add_argument("--database", default="default", help="Alias basis data di settings (bawaan: default).")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive", help="Jangan minta konfirmasi."
        )

    def handle(self, *args, **options):
        source, database = options["input"], options["database"]
        name = connections[database].settings_dict["NAME"]
        if options["interactive"]:
            answer = input(f"Semua data di basis data {name} akan diganti isi {source}. Ketik 'ya' untuk lanjut: ")
            if answer.strip().lower() != "ya":
                raise CommandError("Pemulihan dibatalkan.")
        try:
            kind = restore(source=source, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Basis data {kind} {name} dipulihkan dari {source}."))

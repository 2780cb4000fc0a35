"""Back up the whole database to one file (pg_dump -Fc on PostgreSQL, the online backup API on SQLite)."""

from pathlib import Path

from django.core.management import BaseCommand, CommandError

from pamong.core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Cadangkan seluruh basis data ke satu berkas (PostgreSQL: pg_dump -Fc; SQLite: API backup online)."

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="Berkas cadangan yang akan ditulis (ditimpa bila ada).")
        parser.add_argument("--database", default="default", help="Alias basis data di settings (bawaan: default).")

    def handle(self, *args, output: Path, database: str, **options):
        try:
            kind = backup(output=output, database=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size = output.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Cadangan {kind} tersimpan di {output} ({size:,} bita)."))

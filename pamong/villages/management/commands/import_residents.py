"""Import a SIAK-shaped CSV/XLSX file into one village (see pamong/villages/IMPORT.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.regions.codes import RegionError
from pamong.regions.queries import get_village_in_regency
from pamong.villages import importing


class Command(BaseCommand):
    help = "Impor penduduk dan keluarga dari berkas CSV/XLSX bentuk ekspor SIAK ke satu desa."

    def add_arguments(self, parser):
        parser.add_argument("village", help="Kode desa/kelurahan, mis. 35.22.15.1011")
        parser.add_argument("file", type=Path)
        parser.add_argument("--batch-size", type=int, default=importing.BATCH_SIZE)
        parser.add_argument("--errors", type=Path, help="Tulis laporan kesalahan (CSV) ke berkas ini.")

    def handle(self, *args, village, file, batch_size, errors, **options):
        try:
            region = get_village_in_regency(village)
        except RegionError as exc:
            raise CommandError(str(exc)) from None
        if not file.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        outcome = importing.import_file(
            by=None,
            village=region,
            data=file.read_bytes(),
            file_name=file.name,
            batch_size=batch_size,
            progress=self._progress,
        )
        if outcome.errors:
            report = importing.error_csv(outcome.errors)
            if errors:
                errors.write_text(report, encoding="utf-8")
            for row, column, message in outcome.errors[:20]:
                self.stderr.write(f"baris {row}, kolom {column or '-'}: {message}")
            raise CommandError(
                f"Berkas ditolak: {len(outcome.errors)} kesalahan, tidak ada yang diimpor"
                + (f" (laporan: {errors})." if errors else ". Gunakan --errors untuk menyimpan laporan.")
            )
        batch = outcome.batch
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor #{batch.pk} selesai: {batch.processed}/{batch.total_rows} baris, "
                f"{outcome.created} penduduk baru, {outcome.skipped} dilewati (sudah diimpor)."
            )
        )

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()

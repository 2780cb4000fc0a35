"""Import a SIAK-shaped CSV/XLSX file into one village, or regency-wide (see pamong/villages/IMPORT.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pamong.regions.codes import RegionError
from pamong.regions.queries import configured_regency, get_village_in_regency
from pamong.villages import importing


class Command(BaseCommand):
    help = (
        "Impor penduduk dan keluarga dari berkas CSV/XLSX bentuk ekspor SIAK: ke satu desa "
        "(import_residents KODE_DESA BERKAS) atau se-kabupaten (import_residents --regency BERKAS, "
        "desa tiap baris dari kolom NO_PROP, NO_KAB, NO_KEC, NO_KEL)."
    )

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*", metavar="KODE_DESA BERKAS", help="mis. 35.22.15.1011 data.csv")
        parser.add_argument("--regency", type=Path, metavar="BERKAS", help="Berkas se-kabupaten (tanpa kode desa).")
        parser.add_argument("--batch-size", type=int, default=importing.BATCH_SIZE)
        parser.add_argument("--errors", type=Path, help="Tulis laporan kesalahan (CSV) ke berkas ini.")

    def handle(self, *args, regency, batch_size, errors, **options):
        target, file = self._target(args, regency)
        if not file.is_file():
            raise CommandError(f"Berkas {file} tidak ditemukan.")
        if batch_size < 1:
            raise CommandError("--batch-size harus 1 atau lebih.")
        self.stdout.write(f"Memeriksa {file.name} untuk {target.name} ({target.code}) …")
        outcome = importing.import_file(
            by=None, village=target, path=file, file_name=file.name, batch_size=batch_size, progress=self._progress
        )
        if outcome.taken_over:
            raise CommandError(
                f"Impor #{outcome.batch.pk} sedang dijalankan proses lain ({outcome.batch.processed}/"
                f"{outcome.batch.total_rows} baris); proses ini berhenti tanpa menulis apa pun."
            )
        if outcome.errors:
            self._refused(outcome, errors)
        batch = outcome.batch
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor #{batch.pk} selesai: {batch.processed}/{batch.total_rows} baris, "
                f"{outcome.created} penduduk baru, {outcome.skipped} dilewati (sudah diimpor)."
            )
        )

    def _target(self, args, regency):
        if regency is not None:
            if args:
                raise CommandError("Dengan --regency, jangan sebut kode desa: desa tiap baris diambil dari berkasnya.")
            try:
                return configured_regency(), regency
            except RegionError as exc:
                raise CommandError(str(exc)) from None
        if len(args) != 2:
            raise CommandError("Sebut KODE_DESA dan BERKAS, atau --regency BERKAS untuk berkas se-kabupaten.")
        try:
            return get_village_in_regency(args[0]), Path(args[1])
        except RegionError as exc:
            raise CommandError(str(exc)) from None

    def _refused(self, outcome, errors) -> None:
        report = importing.error_csv(outcome.errors)
        if errors:
            errors.write_text(report, encoding="utf-8")
        for row, column, message in outcome.errors[:20]:
            self.stderr.write(f"baris {row}, kolom {column or '-'}: {message}")
        raise CommandError(
            f"Berkas ditolak: {len(outcome.errors)} kesalahan, tidak ada yang diimpor"
            + (f" (laporan: {errors})." if errors else ". Gunakan --errors untuk menyimpan laporan.")
        )

    def _progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        if done >= total:
            self.stdout.write("")
        self.stdout.flush()

"""``manage.py write_siak_csv --out FILE``: the living residents ``generate_regency`` would plan, as a
SIAK-shaped CSV for a regency-wide import benchmark.

Same ``--residents``, ``--seed`` and ``--until`` date as ``generate_regency`` → the same people,
NIKs and KK numbers. Needs the regions and the registry's reference lists in the database
(``generate_regency`` or ``load_regions`` plus ``seed_lookups`` load them) and writes no rows.
Columns: ``siak.SIAK_COLUMNS`` (the village code split in four, then IMPORT.md's columns).
"""

import csv
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pamong.scale.options import check_size, parse_until, progress_line
from pamong.scale.people import PeoplePlanner
from pamong.scale.siak import SIAK_COLUMNS, siak_rows
from pamong.scale.world import load_registry_world


class Command(BaseCommand):
    help = "Menulis penduduk hidup hasil rencana generate_regency ke CSV bentuk ekspor SIAK (satu kabupaten)."

    def add_arguments(self, parser):
        parser.add_argument("--residents", type=int, default=1_300_000, help="Jumlah penduduk hidup (bawaan 1300000).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--until", default=None, help="Tanggal rencana, YYYY-MM-DD (bawaan: hari ini).")
        parser.add_argument("--out", required=True, type=Path, help="Berkas CSV yang ditulis (ditimpa bila ada).")

    def handle(self, *args, residents, seed, until, out, **options):
        out = Path(out)  # call_command passes keyword options through without the parser's type
        check_size("residents", residents)
        if residents == 0:
            raise CommandError("--residents minimal 1: berkas tanpa penduduk tidak berguna untuk impor.")
        end = parse_until(until)
        if timezone.localtime(end).date() > timezone.localdate():
            raise CommandError("--until tidak boleh sesudah hari ini: impor menolak tanggal lahir di masa depan.")
        if out.is_dir():
            raise CommandError(f"--out {out} adalah folder; sebutkan nama berkas.")
        if not out.parent.is_dir():
            raise CommandError(f"Folder {out.parent} tidak ada.")
        try:
            world = load_registry_world()
            planner = PeoplePlanner(world, seed=seed, residents=residents, until=end)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        written = 0
        try:
            with out.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.writer(fh)
                writer.writerow(SIAK_COLUMNS)
                for batch in planner.batches():
                    writer.writerows(siak_rows(batch, world))
                    written += batch.living
                    self.stderr.write(progress_line("penduduk", written, residents, started))
        except OSError as exc:
            raise CommandError(f"Berkas {out} tidak dapat ditulis: {exc.strerror}.") from None
        self.stdout.write(
            f"Selesai: {written} penduduk ke {out} dalam {time.monotonic() - started:.1f} s "
            f"(seed {seed}, tanggal {planner.as_of:%Y-%m-%d})."
        )

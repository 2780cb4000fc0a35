"""Load the reference lists (data/lookups.csv) so every deployment starts with them.

Reads the CSV here instead of calling services.seed_lookups so the migration keeps working when
the service changes; both add missing (kind, code) rows only.
"""

import csv
from pathlib import Path

from django.db import migrations

CSV = Path(__file__).resolve().parent.parent / "data" / "lookups.csv"


def load(apps, schema_editor):
    Lookup = apps.get_model("villages", "Lookup")
    existing = set(Lookup.objects.values_list("kind", "code"))
    with CSV.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if (r["kind"], int(r["code"])) not in existing]
    Lookup.objects.bulk_create(Lookup(kind=r["kind"], code=int(r["code"]), name=r["name"]) for r in rows)


class Migration(migrations.Migration):
    dependencies = [("villages", "0002_counters_and_imports")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

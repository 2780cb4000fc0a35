"""Full-text index for queries.search on PostgreSQL (SQLite's fallback needs none).

The expression is exactly the one queries.search builds, so the planner can use the index;
change both together.
"""

from django.db import migrations

INDEX = "complaints_report_search"
CREATE = f"""
CREATE INDEX IF NOT EXISTS {INDEX} ON complaints_report USING GIN ((
    setweight(to_tsvector('indonesian'::regconfig, COALESCE(title, '')), 'A')
    || setweight(to_tsvector('indonesian'::regconfig, COALESCE(body, '')), 'B')
))
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_report_list_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

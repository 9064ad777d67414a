"""On PostgreSQL, the closed figures cannot be changed by any code path: a trigger refuses
UPDATE of a closing or a reopening (the models' save() refuses it on every database)."""

from django.db import migrations

TABLES = ["reports_periodclosing", "reports_periodreopening"]

FUNCTION = """
CREATE OR REPLACE FUNCTION reports_refuse_update() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'closed figures are immutable (%%)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION reports_refuse_update()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS reports_refuse_update()")


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_period_closing")]

    operations = [migrations.RunPython(forwards, backwards)]

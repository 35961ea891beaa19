"""Le journal d'audit refuse UPDATE et DELETE au niveau de la base (SQLite et PostgreSQL)."""

from django.db import migrations

MESSAGE = "journal d'audit en ajout seul : ni modification ni suppression"

SQLITE = [
    f"""CREATE TRIGGER store_auditentry_no_update BEFORE UPDATE ON store_auditentry
        BEGIN SELECT RAISE(ABORT, "{MESSAGE}"); END;""",
    f"""CREATE TRIGGER store_auditentry_no_delete BEFORE DELETE ON store_auditentry
        BEGIN SELECT RAISE(ABORT, "{MESSAGE}"); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER store_auditentry_no_update;",
                  "DROP TRIGGER store_auditentry_no_delete;"]

POSTGRES = [
    f"""CREATE FUNCTION store_refuse_modification() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE.replace("'", "''")}'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER store_auditentry_append_only BEFORE UPDATE OR DELETE ON store_auditentry
        FOR EACH ROW EXECUTE FUNCTION store_refuse_modification();""",
]
POSTGRES_REVERSE = ["DROP TRIGGER store_auditentry_append_only ON store_auditentry;",
                    "DROP FUNCTION store_refuse_modification();"]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("store", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]

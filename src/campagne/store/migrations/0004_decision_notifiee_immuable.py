"""Une décision notifiée est immuable au niveau de la base : UPDATE et DELETE refusés sur une
ligne dont le statut est « notifiee » (SQLite et PostgreSQL), quel que soit le chemin (ORM,
administration, API, SQL direct)."""

from django.db import migrations

MESSAGE = "décision notifiée : ni modification ni suppression (créez une décision modificative)"

SQLITE = [
    f"""CREATE TRIGGER store_decision_notifiee_no_update BEFORE UPDATE ON store_decision
        WHEN OLD.statut = 'notifiee' BEGIN SELECT RAISE(ABORT, "{MESSAGE}"); END;""",
    f"""CREATE TRIGGER store_decision_notifiee_no_delete BEFORE DELETE ON store_decision
        WHEN OLD.statut = 'notifiee' BEGIN SELECT RAISE(ABORT, "{MESSAGE}"); END;""",
]
SQLITE_REVERSE = ["DROP TRIGGER store_decision_notifiee_no_update;",
                  "DROP TRIGGER store_decision_notifiee_no_delete;"]

POSTGRES = [
    f"""CREATE FUNCTION store_decision_immuable() RETURNS trigger AS $$
        BEGIN
          IF OLD.statut = 'notifiee' THEN RAISE EXCEPTION '{MESSAGE}'; END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER store_decision_notifiee BEFORE UPDATE OR DELETE ON store_decision
        FOR EACH ROW EXECUTE FUNCTION store_decision_immuable();""",
]
POSTGRES_REVERSE = ["DROP TRIGGER store_decision_notifiee ON store_decision;",
                    "DROP FUNCTION store_decision_immuable();"]


def _run(statements_by_vendor):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)
    return apply


class Migration(migrations.Migration):
    dependencies = [("store", "0003_decisions")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        ),
    ]

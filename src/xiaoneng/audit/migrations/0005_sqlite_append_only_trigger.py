"""SQLite refuses UPDATE and DELETE on the audit table too, whoever asks, as
PostgreSQL does since 0003. (Django's test runner flushes SQLite with DELETE:
the tests lift these triggers around their flush — tests/audit/flushing.py —
production stays closed.)

Caution: on SQLite, a later migration that alters this table rebuilds it
(`_remake_table`), which drops its triggers; such a migration must create
them again (tests/audit checks that a raw DELETE is refused after all
migrations)."""

from django.db import migrations

TRIGGERS = ("audit_append_only_update", "audit_append_only_delete")

CREATE = [
    """
    CREATE TRIGGER IF NOT EXISTS audit_append_only_update BEFORE UPDATE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END
    """,
    """
    CREATE TRIGGER IF NOT EXISTS audit_append_only_delete BEFORE DELETE ON audit_auditevent
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only (DELETE refused)'); END
    """,
]

DROP = [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_sealed_links")]
    operations = [migrations.RunPython(forwards, backwards)]

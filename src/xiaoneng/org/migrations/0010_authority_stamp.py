"""The authority stamp (models.AuthorityStamp) and the triggers that change it
in the same transaction as any change to what an actor's authority is read
from: so an API request sees a revoked role, a narrowed scope or a disabled
account at once, whatever wrote it (an action, the admin, a bulk UPDATE, SQL).

Caution: on SQLite, a later migration that alters one of these tables
rebuilds it (`_remake_table`), which drops its triggers; such a migration
must create them again (tests/org/test_authority_cache.py checks each
trigger after all migrations)."""

from django.db import migrations, models

# Every table an actor's authority is read from (org.authority): any row
# written there moves the stamp. Users only when a column read for
# authority changes (a login's last_login must not empty every copy).
TABLES = (
    "org_role",
    "org_role_custom_departments",
    "org_user_roles",
    "org_leaderportfolio",
    "org_department",
)
USER_COLUMNS = ("is_active", "is_superuser", "department_id")
EVENTS = ("INSERT", "UPDATE", "DELETE")
BUMP = (
    "INSERT INTO org_authoritystamp (id, value) VALUES (1, {random}) "
    "ON CONFLICT (id) DO UPDATE SET value = excluded.value"
)


def trigger_names() -> list[str]:
    names = [f"org_authority_{table}_{event.lower()}" for table in TABLES for event in EVENTS]
    return [*names, "org_authority_org_user_update", "org_authority_org_user_delete"]


def _sqlite() -> list[str]:
    bump = BUMP.format(random="random()")
    sql = [
        f"CREATE TRIGGER IF NOT EXISTS org_authority_{table}_{event.lower()} "
        f"AFTER {event} ON {table} BEGIN {bump}; END"
        for table in TABLES
        for event in EVENTS
    ]
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in USER_COLUMNS)
    sql.append(
        "CREATE TRIGGER IF NOT EXISTS org_authority_org_user_update AFTER UPDATE ON org_user "
        f"WHEN {changed} BEGIN {bump}; END"
    )
    sql.append(
        "CREATE TRIGGER IF NOT EXISTS org_authority_org_user_delete AFTER DELETE ON org_user "
        f"BEGIN {bump}; END"
    )
    return sql


def _postgres() -> list[str]:
    bump = BUMP.format(random="(random() * 9.2e18)::bigint")
    sql = [
        "CREATE OR REPLACE FUNCTION org_authority_bump() RETURNS trigger AS $$ "
        f"BEGIN {bump}; RETURN NULL; END $$ LANGUAGE plpgsql"
    ]
    for table in TABLES:
        for event in EVENTS:
            sql.append(
                f"CREATE TRIGGER org_authority_{table}_{event.lower()} AFTER {event} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION org_authority_bump()"
            )
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_COLUMNS)
    sql.append(
        "CREATE TRIGGER org_authority_org_user_update AFTER UPDATE ON org_user "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION org_authority_bump()"
    )
    sql.append(
        "CREATE TRIGGER org_authority_org_user_delete AFTER DELETE ON org_user "
        "FOR EACH STATEMENT EXECUTE FUNCTION org_authority_bump()"
    )
    # TRUNCATE (the test runner's flush) empties the stamp's table as well:
    # the next change inserts the row again, and a missing row keeps nothing.
    return sql


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = _sqlite() if vendor == "sqlite" else _postgres() if vendor == "postgresql" else []
    for sql in statements:
        schema_editor.execute(sql, params=None)
    apps.get_model("org", "AuthorityStamp").objects.update_or_create(pk=1, defaults={"value": 1})


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name in trigger_names():
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
        elif vendor == "postgresql":
            table = name.removeprefix("org_authority_").rsplit("_", 1)[0]
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}", params=None)
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS org_authority_bump()", params=None)


class Migration(migrations.Migration):
    dependencies = [("org", "0009_office")]
    operations = [
        migrations.CreateModel(
            name="AuthorityStamp",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "权限版本戳", "verbose_name_plural": "权限版本戳"},
        ),
        migrations.RunPython(forwards, backwards),
    ]

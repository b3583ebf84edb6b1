"""Grants for administrative enforcement, and its new role (行政执法人员), on
databases installed before them (a fresh database has them from 0002, which
reads STANDARD_ROLES). Adds what is missing, never removes an
administrator's changes. Idempotent."""

from django.db import migrations

GRANTS = {
    "dept_head": ["enforcement.decide", "enforcement.manage"],
    "legal": ["enforcement.legality"],
    "finance": ["enforcement.payment"],
}

BASICS = ("org.view", "calendar.view", "api.token")
NEW_ROLES = {
    "enforcement_officer": ("行政执法人员", "dept", [*BASICS, "enforcement.act"]),
}


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [p for p in permissions if p not in role.permissions]
            if missing:
                role.permissions = [*role.permissions, *missing]
                role.save(update_fields=["permissions"])
    sort = Role.objects.count()
    for code, (name, scope, permissions) in NEW_ROLES.items():
        _, created = Role.objects.get_or_create(
            code=code,
            defaults={"name": name, "data_scope": scope, "permissions": permissions, "sort": sort},
        )
        sort += int(created)


def backwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("org", "0006_decisions_openinfo")]
    operations = [migrations.RunPython(forwards, backwards)]

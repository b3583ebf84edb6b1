"""Grant `score.view` and `score.publish` to the standard roles of databases
whose roles were installed before them (org 0002 reads the current
STANDARD_ROLES, so a fresh database has them already). Idempotent."""

from django.db import migrations

GRANTS = {
    "mayor": ["score.view"],
    "leader": ["score.view"],
    "supervisor": ["score.view", "score.publish"],
    "complaint": ["score.view"],
    "inspector": ["score.view"],
    "dept_head": ["score.view"],
}


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        role = Role.objects.filter(code=code).first()
        if role is None:
            continue
        missing = [p for p in permissions if p not in role.permissions]
        if missing:
            role.permissions = [*role.permissions, *missing]
            role.save(update_fields=["permissions"])


def backwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("scores", "0001_initial"), ("org", "0002_standard_roles")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Grants for major decisions and proactive disclosure, and their two new
roles (法制机构, 政府办公室), on databases installed before them (a fresh
database has them from 0002, which reads STANDARD_ROLES). Adds what is
missing, never removes an administrator's changes. Idempotent."""

from django.db import migrations

GRANTS = {
    "dept_head": ["decision.sponsor", "openinfo.publish"],
}

BASICS = ("org.view", "calendar.view", "api.token")
NEW_ROLES = {
    "legal": ("法制机构（合法性审查）", "all", [*BASICS, "decision.legality"]),
    "gov_office": (
        "政府办公室（常务会议、政务公开）",
        "all",
        [
            *BASICS,
            *("decision.catalog", "decision.meeting", "openinfo.publish", "openinfo.manage"),
            "supervision.view",
        ],
    ),
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
    dependencies = [("org", "0005_fees_inspections_frugality")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Roles and grants for complaints, unannounced checks and accountability on
databases installed before them (a fresh database has them from 0002, which
reads STANDARD_ROLES). Adds what is missing, never removes an
administrator's changes. Idempotent."""

from django.db import migrations

from xiaoneng.org.roles import STANDARD_ROLES

NEW_ROLES = ("complaint_head", "organisation")
GRANTS = {
    "supervisor": ["check.manage", "accountability.manage", "accountability.decide"],
    "dept_head": ["complaint.explain", "check.rectify", "accountability.respond"],
}


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for sort, spec in enumerate(STANDARD_ROLES):
        if spec["code"] in NEW_ROLES:
            Role.objects.get_or_create(
                code=spec["code"],
                defaults={
                    "name": spec["name"],
                    "data_scope": str(spec["data_scope"]),
                    "permissions": spec["permissions"],
                    "sort": sort,
                },
            )
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            missing = [p for p in permissions if p not in role.permissions]
            if missing:
                role.permissions = [*role.permissions, *missing]
                role.save(update_fields=["permissions"])


def backwards(apps, schema_editor):
    # org sits below system (system.seeding): its own loop here.
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("org", "0002_standard_roles")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Roles and grants for complaints, unannounced checks and accountability on
databases installed before them (a fresh database has them from 0002, which
reads STANDARD_ROLES). Adds what is missing, never removes an
administrator's changes. Idempotent."""

from django.db import migrations

from xiaoneng.org.roles import STANDARD_ROLES
from xiaoneng.system import seeding

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
    seeding.grant(apps, GRANTS)


def backwards(apps, schema_editor):
    seeding.revoke(apps, GRANTS)


class Migration(migrations.Migration):
    dependencies = [("org", "0002_standard_roles")]
    operations = [migrations.RunPython(forwards, backwards)]

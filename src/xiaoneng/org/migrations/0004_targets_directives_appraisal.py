"""Grants for targets, directives and requests, and appraisal on databases
installed before them (a fresh database has them from 0002, which reads
STANDARD_ROLES). Adds what is missing, never removes an administrator's
changes. Idempotent."""

from django.db import migrations

GRANTS = {
    "mayor": ["target.view", "target.adjust.decide", "appraisal.results"],
    "leader": ["target.view", "target.adjust.decide"],
    "organisation": ["target.view", "appraisal.results"],
    "inspector": ["target.view", "directive.manage", "appraisal.manage"],
    "dept_head": ["target.report", "directive.report", "request.handle"],
}


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
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
    dependencies = [("org", "0003_complaints_checks_accountability")]
    operations = [migrations.RunPython(forwards, backwards)]

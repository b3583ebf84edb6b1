"""Grants for fees, inspections and frugality, and their two new roles
(财政物价部门, 单位办公室), on databases installed before them (a fresh
database has them from 0002, which reads STANDARD_ROLES). Adds what is
missing, never removes an administrator's changes. Idempotent."""

from django.db import migrations

GRANTS = {
    "mayor": ["inspection.approve", "frugality.approve.city"],
    "leader": ["inspection.approve", "frugality.approve.city"],
    "supervisor": ["fee.reconcile"],
    "inspector": ["inspection.manage"],
    "dept_head": ["fee.approve", "inspection.register", "frugality.register", "frugality.approve"],
    "window": ["fee.charge"],
}

NEW_ROLES = {
    "finance": (
        "财政物价部门",
        "all",
        [
            *("org.view", "calendar.view", "api.token", "fee.catalog", "fee.reconcile"),
            *("frugality.report", "supervision.view"),
        ],
    ),
    "office": (
        "单位办公室（接待、车辆、外事）",
        "dept",
        ["org.view", "calendar.view", "api.token", "frugality.register", "inspection.register"],
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
    # org sits below system (system.seeding): its own loop here.
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("org", "0004_targets_directives_appraisal")]
    operations = [migrations.RunPython(forwards, backwards)]

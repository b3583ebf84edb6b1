"""Grants for documents, reports, meetings, duty, leave, emergencies and
front-line work (文风会风、值班请假、一线工作) on databases installed before
them (a fresh database has them from 0002, which reads STANDARD_ROLES).
Adds what is missing, never removes an administrator's changes. Idempotent."""

from django.db import migrations

GRANTS = {
    "mayor": ["meeting.approve", "emergency.respond", "frontline.log"],
    "leader": ["emergency.respond", "frontline.log"],
    "supervisor": ["duty.check", "emergency.review"],
    "dept_head": [
        "dispatch.sign",
        "report.submit",
        "meeting.apply",
        "meeting.attend",
        "duty.roster",
        "leave.request",
        "emergency.respond",
        "frontline.log",
        "frontline.follow",
    ],
    "gov_office": [
        "dispatch.draft",
        "report.manage",
        "meeting.apply",
        "meeting.manage",
        "duty.roster",
        "duty.check",
        "emergency.register",
        "emergency.review",
    ],
    "office": [
        "dispatch.draft",
        "report.submit",
        "meeting.apply",
        "meeting.attend",
        "duty.roster",
        "emergency.respond",
        "frontline.follow",
    ],
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
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    dependencies = [("org", "0008_trading")]
    operations = [migrations.RunPython(forwards, backwards)]

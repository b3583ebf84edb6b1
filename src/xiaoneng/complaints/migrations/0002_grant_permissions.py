"""Grant `complaint.*` to the standard roles of databases whose roles were
installed before complaints existed (org 0003 does the same; this is
idempotent), and add the complaint parameters."""

from django.db import migrations

GRANTS = {
    "complaint": ["complaint.handle"],
    "complaint_head": ["complaint.handle", "complaint.extend.approve", "complaint.keys"],
    "dept_head": ["complaint.explain"],
}
PARAMS = [
    "complaint.accept_days",
    "complaint.conclude_days",
    "complaint.extension_days",
    "complaint.explanation_days",
    "complaint.reexamination_window_days",
    "complaint.reexamination_days",
]


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
    from xiaoneng.system.params import REGISTRY

    Parameter = apps.get_model("system", "Parameter")
    for key in PARAMS:
        spec = REGISTRY[key]
        Parameter.objects.get_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "value": str(spec.default),
                "remark": spec.remark or f"取值范围 {spec.minimum}–{spec.maximum}",
            },
        )


def backwards(apps, schema_editor):
    # The grants stay (org 0003 owns them); the parameters go.
    apps.get_model("system", "Parameter").objects.filter(key__in=PARAMS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("org", "0003_complaints_checks_accountability"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

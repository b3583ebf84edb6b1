"""Grant `rating.*` to the standard roles of databases whose roles were
installed before service ratings existed, and add the ratings parameters.
Idempotent: permissions already there stay once."""

from django.db import migrations

GRANTS = {
    "dept_head": ["rating.handle"],
    "reviewer": ["rating.handle"],
    "window": ["rating.handle"],
    "inspector": ["rating.appeal.decide"],
}
PARAMS = ["rating.rectify_days", "rating.submit_per_minute"]


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
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])
    apps.get_model("system", "Parameter").objects.filter(key="rating.submit_per_minute").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_initial"),
        ("org", "0002_standard_roles"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

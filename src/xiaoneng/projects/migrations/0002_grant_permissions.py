"""Grant `project.*` to the standard roles of databases whose roles were
installed before the green channel existed, and add the major-project
threshold parameter. Idempotent: permissions already there stay once."""

from django.db import migrations

GRANTS = {
    "mayor": ["project.view"],
    "leader": ["project.view", "project.manage"],
    "supervisor": ["project.view"],
    "dept_head": ["project.view", "project.manage"],
}
THRESHOLD = "project.major_threshold"


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

    spec = REGISTRY[THRESHOLD]
    Parameter = apps.get_model("system", "Parameter")
    Parameter.objects.get_or_create(
        key=spec.key,
        defaults={"name": spec.name, "value": str(spec.default), "remark": spec.remark},
    )


def backwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for code, permissions in GRANTS.items():
        for role in Role.objects.filter(code=code):
            role.permissions = [p for p in role.permissions if p not in permissions]
            role.save(update_fields=["permissions"])
    apps.get_model("system", "Parameter").objects.filter(key=THRESHOLD).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("org", "0002_standard_roles"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

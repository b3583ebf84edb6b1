"""Add the unannounced checks' parameter (the rectification report's limit in
working days) on databases whose parameters were installed before it existed.
The permissions `check.manage` / `check.rectify` are granted by org 0003.
Idempotent: a parameter already there keeps its value."""

from django.db import migrations

PARAMS = ["check.rectify_days"]


def forwards(apps, schema_editor):
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
    apps.get_model("system", "Parameter").objects.filter(key__in=PARAMS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0001_initial"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

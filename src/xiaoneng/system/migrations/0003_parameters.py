from django.db import migrations

from xiaoneng.system.params import REGISTRY


def forwards(apps, schema_editor):
    Parameter = apps.get_model("system", "Parameter")
    for spec in REGISTRY.values():
        Parameter.objects.get_or_create(
            key=spec.key,
            defaults={
                "name": spec.name,
                "value": str(spec.default),
                "remark": spec.remark or f"取值范围 {spec.minimum}–{spec.maximum}",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("system", "0002_code_sets")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The rate limits of the complaint intake as parameters (参数设置): the
portal's complaint form and look-up (`complaint.submit_per_minute`, per IP)
and Open311 POST requests (`open311.requests_per_minute`, per outside
system and address). Idempotent: a parameter already there keeps its value."""

from django.db import migrations

PARAMS = ["complaint.submit_per_minute", "open311.requests_per_minute"]


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
    dependencies = [("system", "0003_parameters")]
    operations = [migrations.RunPython(forwards, backwards)]

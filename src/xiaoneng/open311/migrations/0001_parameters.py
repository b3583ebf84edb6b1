"""The rate limits of the complaint intake as parameters (参数设置): the
portal's complaint form and look-up (`complaint.submit_per_minute`, per IP)
and Open311 POST requests (`open311.requests_per_minute`, per outside
system and address). Idempotent: a parameter already there keeps its value."""

from django.db import migrations

from xiaoneng.system import seeding

PARAMS = ["complaint.submit_per_minute", "open311.requests_per_minute"]


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [("system", "0003_parameters")]
    operations = [migrations.RunPython(forwards, backwards)]

"""Add the unannounced checks' parameter (the rectification report's limit in
working days) on databases whose parameters were installed before it existed.
The permissions `check.manage` / `check.rectify` are granted by org 0003.
Idempotent: a parameter already there keeps its value."""

from django.db import migrations

from xiaoneng.system import seeding

PARAMS = ["check.rectify_days"]


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("checks", "0001_initial"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

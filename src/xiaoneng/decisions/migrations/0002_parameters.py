"""The decision procedure's parameters (decisions/params.py), keeping a value
an administrator already set."""

from django.db import migrations

from xiaoneng.decisions.params import SPECS
from xiaoneng.system import seeding

PARAMS = [spec.key for spec in SPECS]


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0001_procedure"),
        ("system", "0003_parameters"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The parameters of inspections (inspection.overlap_days,
inspection.similarity_percent, inspection.query_per_minute), keeping a
value an administrator already set."""

from django.db import migrations

from xiaoneng.inspections.params import SPECS
from xiaoneng.system import seeding

PARAMS = [spec.key for spec in SPECS]


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0001_activities_enterprises_draws"),
        ("system", "0003_parameters"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

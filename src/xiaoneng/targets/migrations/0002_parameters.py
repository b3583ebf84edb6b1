"""The parameters of target responsibility (target.warning_days,
target.report_day), keeping a value an administrator already set."""

from django.db import migrations

from xiaoneng.system import seeding
from xiaoneng.targets.params import SPECS

PARAMS = [spec.key for spec in SPECS]


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("targets", "0001_task_tree_reports_adjustments"),
        ("system", "0003_parameters"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

"""The parameters of directives and requests (directives/params.py): the
warning days of a directive task, the answer limit of each kind of request,
the transfers a request may take. Idempotent: a parameter already there
keeps its value. The permissions are granted by org 0004."""

from django.db import migrations

from xiaoneng.directives.params import KEYS
from xiaoneng.system import seeding


def forwards(apps, schema_editor):
    seeding.add_parameters(apps, KEYS)


def backwards(apps, schema_editor):
    seeding.remove_parameters(apps, KEYS)


class Migration(migrations.Migration):
    dependencies = [
        ("directives", "0001_directives_and_requests"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

"""Grant `disclosure.*` to the standard roles of databases whose roles were
installed before disclosure requests existed, and add the disclosure parameters.
Idempotent: permissions already there stay once."""

from django.db import migrations

from xiaoneng.system import seeding

GRANTS = {
    "dept_head": ["disclosure.handle", "disclosure.extend.approve"],
    "reviewer": ["disclosure.handle"],
}
PARAMS = [
    "disclosure.submit_per_minute",
    "disclosure.correction_days",
    "disclosure.warning_days",
]


def forwards(apps, schema_editor):
    seeding.grant(apps, GRANTS)
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.revoke(apps, GRANTS)
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0001_initial"),
        ("org", "0002_standard_roles"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

"""Grant `complaint.*` to the standard roles of databases whose roles were
installed before complaints existed (org 0003 does the same; this is
idempotent), and add the complaint parameters."""

from django.db import migrations

from xiaoneng.system import seeding

GRANTS = {
    "complaint": ["complaint.handle"],
    "complaint_head": ["complaint.handle", "complaint.extend.approve", "complaint.keys"],
    "dept_head": ["complaint.explain"],
}
PARAMS = [
    "complaint.accept_days",
    "complaint.conclude_days",
    "complaint.extension_days",
    "complaint.explanation_days",
    "complaint.reexamination_window_days",
    "complaint.reexamination_days",
]


def forwards(apps, schema_editor):
    seeding.grant(apps, GRANTS)
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    # The grants stay (org 0003 owns them); the parameters go.
    seeding.remove_parameters(apps, PARAMS)


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0001_initial"),
        ("org", "0003_complaints_checks_accountability"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

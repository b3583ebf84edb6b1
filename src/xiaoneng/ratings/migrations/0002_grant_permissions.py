"""Grant `rating.*` to the standard roles of databases whose roles were
installed before service ratings existed, and add the ratings parameters.
Idempotent: permissions already there stay once."""

from django.db import migrations

from xiaoneng.system import seeding

GRANTS = {
    "dept_head": ["rating.handle"],
    "reviewer": ["rating.handle"],
    "window": ["rating.handle"],
    "inspector": ["rating.appeal.decide"],
}
PARAMS = ["rating.rectify_days", "rating.submit_per_minute"]


def forwards(apps, schema_editor):
    seeding.grant(apps, GRANTS)
    seeding.add_parameters(apps, PARAMS)


def backwards(apps, schema_editor):
    seeding.revoke(apps, GRANTS)
    apps.get_model("system", "Parameter").objects.filter(key="rating.submit_per_minute").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("ratings", "0001_initial"),
        ("org", "0002_standard_roles"),
        ("system", "0003_parameters"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]

"""The rate-limit counters now belong to the UI kit (`web`): state only, the
table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_parameters"),
        ("web", "0001_ratebucket_from_portal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="RateBucket")],
            database_operations=[],
        ),
    ]

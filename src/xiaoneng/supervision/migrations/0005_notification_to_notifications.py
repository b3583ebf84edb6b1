# The Notification model moved to the notifications app (issue 17, item 3):
# state only, the table supervision_notification stays.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_warning_notices"),
        ("notifications", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]

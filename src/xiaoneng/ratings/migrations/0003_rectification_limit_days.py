"""The rectification limit is kept on the row (it was only folded into
due_on), so a calendar import can recount a provisional deadline."""

from django.db import migrations, models


def count_existing_limits(apps, schema_editor):
    from xiaoneng.core.workdays import load_shipped_calendar

    calendar = load_shipped_calendar()
    Rectification = apps.get_model("ratings", "Rectification")
    for row in Rectification.objects.only("id", "opened_on", "due_on").iterator():
        days = max(calendar.workdays_between(row.opened_on, row.due_on), 1)
        Rectification.objects.filter(pk=row.pk).update(limit_days=days)


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_grant_permissions")]

    operations = [
        migrations.AddField(
            model_name="rectification",
            name="limit_days",
            field=models.PositiveSmallIntegerField(default=5, verbose_name="整改时限（工作日）"),
        ),
        migrations.RunPython(count_existing_limits, migrations.RunPython.noop),
    ]

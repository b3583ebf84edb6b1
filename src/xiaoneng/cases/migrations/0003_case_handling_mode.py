# The handling mode snapshotted on the case at receipt, like its time limits:
# a case is handled by the rules it was received under.

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def snapshot_modes(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    ApprovalItem = apps.get_model("catalog", "ApprovalItem")
    mode = ApprovalItem.objects.filter(pk=OuterRef("item_id")).values("handling_mode")[:1]
    Case.objects.update(handling_mode=Subquery(mode))


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_caseattachment"),
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="handling_mode",
            field=models.CharField(
                choices=[("single", "单独办理"), ("joint", "联合办理"), ("parallel", "并联审批")],
                default="single",
                max_length=10,
                verbose_name="办理方式",
            ),
        ),
        migrations.RunPython(snapshot_modes, migrations.RunPython.noop),
    ]

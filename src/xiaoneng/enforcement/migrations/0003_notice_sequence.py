# The notices of a case counted (行政处罚法 art. 45: a heavier penalty needs a
# new notice): the case's `notice_no`, and on each hearing and legality review
# the notice it followed; a hearing per notice (a ForeignKey, no longer one per
# case); the intended confiscation on the notice (the decision may not exceed it).

import django.db.models.deletion
from django.db import migrations, models


def number_existing(apps, schema_editor):  # type: ignore[no-untyped-def]
    """Rows from before: a notified case had one notice, its hearing and reviews followed it."""
    case = apps.get_model("enforcement", "PenaltyCase")
    case.objects.exclude(notified_on=None).update(notice_no=1)


class Migration(migrations.Migration):
    dependencies = [
        ("enforcement", "0002_complaint_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="penaltycase",
            name="notice_no",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="告知次数"),
        ),
        migrations.AddField(
            model_name="penaltycase",
            name="intended_confiscated",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                max_digits=14,
                null=True,
                verbose_name="拟没收违法所得（元）",
            ),
        ),
        migrations.AddField(
            model_name="hearing",
            name="notice_no",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="告知次序"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="legalityreview",
            name="notice_no",
            field=models.PositiveSmallIntegerField(default=1, verbose_name="告知次序"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="hearing",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="hearings",
                to="enforcement.penaltycase",
            ),
        ),
        migrations.AlterModelOptions(
            name="hearing",
            options={
                "ordering": ("case", "notice_no"),
                "verbose_name": "听证",
                "verbose_name_plural": "听证",
            },
        ),
        migrations.AddConstraint(
            model_name="hearing",
            constraint=models.UniqueConstraint(
                fields=("case", "notice_no"), name="hearing_per_notice"
            ),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
    ]

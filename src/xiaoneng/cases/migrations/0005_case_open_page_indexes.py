# The supervisor desk's pages at scale (bench/RESULTS.md "Supervision at scale"): the
# open cases in deadline order, one level at a time, overall and by item. Both carry
# the light's columns (status, due_on, warning_days) so a scan answers it from the
# index alone.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_case_scale_indexes"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["due_on", "id", "status", "warning_days"],
                name="case_open_due_id",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["item", "due_on", "status", "warning_days"],
                name="case_open_item_due",
            ),
        ),
    ]

# Indexes for supervision at scale (1,000,000 cases, 100,000 open; bench/bench_scale.py,
# bench/RESULTS.md "Supervision at scale"): a partial index over the open cases
# (status, due_on, warning_days) WHERE is_open, and the month ranges by receipt and
# by delivery that the big screen and the ranking group by department.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_case_handling_mode"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["status", "due_on", "warning_days"],
                name="case_open_status_due",
            ),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["received_on", "department"], name="case_received_dept"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["delivered_on", "department", "on_time"], name="case_delivered_dept"
            ),
        ),
    ]

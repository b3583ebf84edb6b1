"""The rate-limit counters move from the portal to the UI kit: state only,
the table `portal_ratebucket` stays as it is."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("portal", "0002_parameters")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RateBucket",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "key",
                            models.CharField(max_length=64, unique=True, verbose_name="键（SM3）"),
                        ),
                        (
                            "started_at",
                            models.DateTimeField(db_index=True, verbose_name="窗口开始"),
                        ),
                        ("hits", models.PositiveIntegerField(default=0, verbose_name="次数")),
                    ],
                    options={
                        "verbose_name": "访问频率计数",
                        "verbose_name_plural": "访问频率计数",
                        "db_table": "portal_ratebucket",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]

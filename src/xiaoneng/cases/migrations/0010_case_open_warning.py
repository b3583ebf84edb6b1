from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_decided_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(("is_open", True)),
                fields=["warning_days", "department"],
                name="case_open_warning",
            ),
        ),
    ]

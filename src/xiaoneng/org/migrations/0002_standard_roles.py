from django.db import migrations

from xiaoneng.org.roles import STANDARD_ROLES


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    for sort, spec in enumerate(STANDARD_ROLES):
        Role.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "data_scope": str(spec["data_scope"]),
                "permissions": spec["permissions"],
                "sort": sort,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

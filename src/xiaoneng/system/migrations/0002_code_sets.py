from django.db import migrations

from xiaoneng.system.codesets import CODE_SETS


def forwards(apps, schema_editor):
    DictType = apps.get_model("system", "DictType")
    DictData = apps.get_model("system", "DictData")
    for code, (name, items) in CODE_SETS.items():
        dict_type, _ = DictType.objects.update_or_create(
            code=code, defaults={"name": name, "remark": "GB/T 39046—2020 附录A"}
        )
        for sort, (value, label) in enumerate(items):
            DictData.objects.update_or_create(
                dict_type=dict_type, value=value, defaults={"label": label, "sort": sort}
            )


class Migration(migrations.Migration):
    dependencies = [("system", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

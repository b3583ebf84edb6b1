"""The portal's rate limits as parameters (参数设置), for databases migrated
before they were registered (a fresh database gets them from system 0003)."""

from django.db import migrations

PARAMETERS = [
    (
        "portal.track_per_minute",
        "办件查询频率上限（次/分钟/IP）",
        "10",
        "同一 IP 每分钟可查询办件的次数；0 表示不限制（仅用于压力测试）",
    ),
    (
        "portal.search_per_minute",
        "门户检索频率上限（次/分钟/IP）",
        "120",
        "同一 IP 每分钟可提交事项检索、结果公示筛选的次数；0 表示不限制",
    ),
]


def forwards(apps, schema_editor):
    Parameter = apps.get_model("system", "Parameter")
    for key, name, value, remark in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key, defaults={"name": name, "value": value, "remark": remark}
        )


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("system", "0003_parameters")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

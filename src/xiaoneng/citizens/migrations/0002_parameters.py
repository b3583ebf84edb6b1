"""The public accounts' rate limits as parameters (参数设置)."""

from django.db import migrations

PARAMETERS = [
    (
        "citizens.register_per_minute",
        "公众账号注册频率上限（次/分钟/IP）",
        "5",
        "同一 IP 每分钟可提交个人/法人注册的次数；0 表示不限制",
    ),
    (
        "citizens.login_per_minute",
        "公众账号登录频率上限（次/分钟/IP）",
        "20",
        "同一 IP 每分钟可提交个人/法人登录的次数（另有登录失败锁定）；0 表示不限制",
    ),
]


def forwards(apps, schema_editor):
    Parameter = apps.get_model("system", "Parameter")
    for key, name, value, remark in PARAMETERS:
        Parameter.objects.get_or_create(
            key=key, defaults={"name": name, "value": value, "remark": remark}
        )


class Migration(migrations.Migration):
    dependencies = [("citizens", "0001_initial"), ("system", "0003_parameters")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

"""The public resource trading roles (交易中心, 行业监管, 招标人, 招标代理,
投标人, 评标专家) on databases installed before them (a fresh database has
them from 0002, which reads STANDARD_ROLES). Adds what is missing, never
removes an administrator's changes. Idempotent."""

from django.db import migrations

BASICS = ("org.view", "calendar.view", "api.token")
OUTSIDE = ("calendar.view", "api.token")
NEW_ROLES = {
    "trading_centre": ("公共资源交易中心", "dept", [*BASICS, "trading.operate"]),
    "trading_regulator": ("行业监管人员（公共资源交易）", "dept", [*BASICS, "trading.regulate"]),
    "trading_tenderer": ("招标人（采购人）项目经办人员", "dept", [*BASICS, "trading.tender"]),
    "trading_agency": ("招标代理机构", "self", [*OUTSIDE, "trading.agency"]),
    "bidder": ("投标人（竞买人、供应商）", "self", [*OUTSIDE, "trading.bid"]),
    "trading_expert": ("评标专家", "self", ["trading.expert"]),
}


def forwards(apps, schema_editor):
    Role = apps.get_model("org", "Role")
    sort = Role.objects.count()
    for code, (name, scope, permissions) in NEW_ROLES.items():
        _, created = Role.objects.get_or_create(
            code=code,
            defaults={"name": name, "data_scope": scope, "permissions": permissions, "sort": sort},
        )
        sort += int(created)


def backwards(apps, schema_editor):
    apps.get_model("org", "Role").objects.filter(code__in=NEW_ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [("org", "0007_enforcement")]
    operations = [migrations.RunPython(forwards, backwards)]

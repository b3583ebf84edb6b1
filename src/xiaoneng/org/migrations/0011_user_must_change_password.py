"""Users given a temporary password by an administrator must change it at
their next sign-in. On SQLite, adding the column rebuilds org_user, which
drops its authority-stamp triggers: they are created again (0010)."""

from importlib import import_module

from django.db import migrations, models

STAMP = import_module("xiaoneng.org.migrations.0010_authority_stamp")


def triggers_again(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in STAMP._sqlite():
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("org", "0010_authority_stamp")]
    operations = [
        migrations.AddField(
            model_name="user",
            name="must_change_password",
            field=models.BooleanField(default=False, verbose_name="下次登录须修改密码"),
        ),
        migrations.RunPython(triggers_again, migrations.RunPython.noop),
    ]

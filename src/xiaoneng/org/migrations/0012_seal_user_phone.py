"""A user's phone sealed at rest (SM4-GCM, `audit.pii.SealedTextField`) with
its keyed digest beside it (the user admin's exact search). On SQLite,
altering the column rebuilds org_user, which drops its authority-stamp
triggers: they are created again, as 0011 does. The rows already stored are
sealed by 0013."""

from importlib import import_module

from django.db import migrations, models

import xiaoneng.audit.pii

AGAIN = import_module("xiaoneng.org.migrations.0011_user_must_change_password")


class Migration(migrations.Migration):
    dependencies = [("org", "0011_user_must_change_password")]
    operations = [
        # Reversed, the operations run bottom up: this one last, after the rebuilds.
        migrations.RunPython(migrations.RunPython.noop, AGAIN.triggers_again),
        migrations.AddField(
            model_name="user",
            name="phone_digest",
            field=models.CharField(
                blank=True,
                db_index=True,
                editable=False,
                max_length=64,
                verbose_name="手机号码摘要",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=xiaoneng.audit.pii.SealedTextField(
                blank=True, max_length=20, verbose_name="手机号码"
            ),
        ),
        migrations.RunPython(AGAIN.triggers_again, migrations.RunPython.noop),
    ]

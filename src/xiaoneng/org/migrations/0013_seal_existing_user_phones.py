"""Seal the users' phone numbers stored in plain text before 0012 made the
column a `SealedTextField`, after giving each its digest (the user admin
finds a user by the whole number). Batched, plain SQL for the sealing: no
signal, no authority-stamp change (the triggers watch other columns).
Reversible: the reverse opens them again, so 0012's reverse can narrow the
column back. A database with no phone stored never touches the keys."""

from django.db import migrations

from xiaoneng.audit.pii import pii_digest, seal_existing


def digests(apps, schema_editor):
    users = apps.get_model("org", "User").objects.using(schema_editor.connection.alias)
    rows = list(users.exclude(phone="").filter(phone_digest="").values_list("pk", "phone"))
    for pk, phone in rows:  # the read opens a sealed value and returns a plain one
        users.filter(pk=pk).update(phone_digest=pii_digest(phone))


class Migration(migrations.Migration):
    dependencies = [("org", "0012_seal_user_phone")]
    operations = [
        migrations.RunPython(digests, migrations.RunPython.noop, elidable=False),
        seal_existing("org", "User", "phone"),
    ]

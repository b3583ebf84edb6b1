"""Seal the dossiers' contact phones stored in plain text before 0003 made
the column a `SealedTextField` (SM4-GCM under the current personal-data key,
docs/security.md "Personal data at rest"). Batched, plain SQL: a dossier's
`updated_at` does not move. Reversible: the reverse opens them again, so
0003's reverse can narrow the column back."""

from django.db import migrations

from xiaoneng.system.pii import seal_existing


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_seal_contact_phone"),
    ]

    operations = [seal_existing("projects", "ProjectDossier", "contact_phone")]

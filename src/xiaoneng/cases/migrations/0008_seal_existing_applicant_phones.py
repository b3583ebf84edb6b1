"""Seal the applicants' phone numbers stored in plain text before 0007 made
the column a `SealedTextField` (SM4-GCM under the current personal-data key,
docs/security.md "Personal data at rest"). Batched, plain SQL: a case's
`updated_at` and `version` do not move. Reversible: the reverse opens them
again, so 0007's reverse can narrow the column back."""

from django.db import migrations

from xiaoneng.system.pii import seal_existing


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_seal_applicant_phone"),
    ]

    operations = [seal_existing("cases", "Case", "applicant_phone")]

"""Seal the requesters' ID numbers, phones, e-mail and postal addresses
stored in plain text before 0003 made those columns `SealedTextField`s
(SM4-GCM under the current personal-data key, docs/security.md "Personal
data at rest"). Batched, plain SQL: a request's `updated_at` does not move.
Reversible: the reverse opens them again, so 0003's reverse can narrow the
columns back."""

from django.db import migrations

from xiaoneng.system.pii import seal_existing


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0003_seal_requester_contacts"),
    ]

    operations = [
        seal_existing(
            "disclosure", "DisclosureRequest", "requester_id_no", "phone", "email", "address"
        )
    ]

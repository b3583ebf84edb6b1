"""The only writers of fees. Each action is one durable transaction: the
permission for that step, the row locked (`select_for_update`), the rule (a
refused step raises a DomainError with a stable code declared in
`fees/vocabulary.py`), one audit event. Every argument is keyword-only,
`actor` first.

Catalog (`fee.catalog`): `create_fee`, `change_fee` (a new version valid
from a date), `cancel_fee`, `import_fees` (.xlsx, all or nothing).
Charges (`fee.charge`): `record_charge`, `refund_charge`, `request_approval`;
(`fee.approve`): `decide_approval`. Reconciliation (`fee.reconcile`):
`record_remittance`, `reconcile_month`."""

from .catalog import cancel_fee, change_fee, create_fee
from .charges import decide_approval, record_charge, refund_charge, request_approval
from .importing import import_fees
from .reconcile import a_month, reconcile_month, record_remittance

__all__ = [
    "a_month",
    "cancel_fee",
    "change_fee",
    "create_fee",
    "decide_approval",
    "import_fees",
    "reconcile_month",
    "record_charge",
    "record_remittance",
    "refund_charge",
    "request_approval",
]

"""The only writers of complaints, by subject. Each public action is one
durable transaction: the permission of its step, the row locked, the clock
(`complaints.clock`) refusing an impossible step with its stable code, the
denormalised fields, one event row and one audit event (never holding the
complainant's identity).

- `intake`: `submit_complaint` (every channel) and the outside systems' api_keys
- `steps`: accept, assign, decline, transfer, merge, explanation, extension, conclude
- `after`: call-back, the complainant's rating, re-examination
- `cards`: the yellow/red card sweep
"""

from .after import (
    conclude_reexamination,
    rate_by_complainant,
    record_callback,
    request_reexamination,
)
from .intake import (
    accused_units,
    issue_api_key,
    revoke_api_key,
    submit_complaint,
    system_for_key,
)
from .steps import (
    accept_complaint,
    approve_extension,
    assign_complaint,
    conclude_complaint,
    decline_complaint,
    merge_complaint,
    request_explanation,
    request_extension,
    submit_explanation,
    transfer_complaint,
)

__all__ = [
    "accept_complaint",
    "accused_units",
    "approve_extension",
    "assign_complaint",
    "conclude_complaint",
    "conclude_reexamination",
    "decline_complaint",
    "issue_api_key",
    "merge_complaint",
    "rate_by_complainant",
    "record_callback",
    "request_explanation",
    "request_extension",
    "request_reexamination",
    "revoke_api_key",
    "submit_complaint",
    "submit_explanation",
    "system_for_key",
    "transfer_complaint",
]

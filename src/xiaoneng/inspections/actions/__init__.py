"""The writes of inspections (检查评比观摩): every one checks the actor's
permission for that step and its data scope on the locked row, and records
an audit event in its transaction."""

from .activities import (
    approve_activity,
    cancel_activity,
    keep_separate,
    merge_activity,
    register_activity,
    reject_activity,
)
from .enterprises import (
    add_enterprise,
    add_inspector,
    dismiss_report,
    file_report,
    reissue_query_code,
    verify_report,
)
from .held import draw_targets, record_held, record_result

__all__ = [
    "add_enterprise",
    "add_inspector",
    "approve_activity",
    "cancel_activity",
    "dismiss_report",
    "draw_targets",
    "file_report",
    "keep_separate",
    "merge_activity",
    "record_held",
    "record_result",
    "register_activity",
    "reissue_query_code",
    "reject_activity",
    "verify_report",
]

"""The audit event types and error codes of administrative enforcement (行政执法), declared once.

Events are `enforcement.*`, error codes `enforcement_*`; each part of the
app keeps its own section, sorted."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    # --- common
    "enforcement.act_refused": "违法执法行为被拒绝（记入监察异常）",
    # --- authority: the enforcement list, benchmarks, certificates
    # --- cases: clue to closing
    # --- money: payments, surcharge, remittance, publication sweep, anomalies
}

ERRORS: dict[str, str] = {
    # --- common
    "enforcement_case_closed": "案件已结案，案卷不得再改动",
    "enforcement_case_not_found": "案件不存在或无权查看",
    "enforcement_certificate_invalid": "执法人员没有有效的执法证件",
    "enforcement_officer_invalid": "执法人员不正确",
    "enforcement_two_officers_required": "执法人员不得少于两人",
    # --- authority
    # --- cases
    # --- money
}

register_events("enforcement", EVENTS)
register_errors("enforcement", ERRORS)

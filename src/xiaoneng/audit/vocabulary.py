"""The audit event types and error codes of audit (审计链), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {}

ERRORS: dict[str, str] = {
    "audit_append_only": "审计记录只能追加，不能修改或删除",
    "audit_checkpoint_refused": "审计链不再延续上一检查点，拒绝写入",
    "audit_key_unavailable": "审计密钥不可用",
}

register_events("audit", EVENTS)
register_errors("audit", ERRORS)

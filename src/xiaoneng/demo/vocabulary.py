"""The audit event types and error codes of demo (演示数据), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "demo.history_loaded": "载入演示历史数据",
    "org.admin_bootstrapped": "初始化管理员",
}

ERRORS: dict[str, str] = {}

register_events("demo", EVENTS)
register_errors("demo", ERRORS)

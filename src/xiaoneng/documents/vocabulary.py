"""The audit event types and error codes of documents (文书), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {}

ERRORS: dict[str, str] = {
    "document_font_missing": "服务器缺少中文字体，暂时无法生成文书",
    "document_glyph_missing": "文书中含有无法显示的字符",
    "document_kind_unknown": "没有这种文书",
    "document_not_issued": "该办件尚未形成《…》：…",
}

register_events("documents", EVENTS)
register_errors("documents", ERRORS)

"""The audit event types and error codes of scores (绩效考评), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "score.ranking_published": "发布月度排名",
    "score.recomputed": "重新计算考评得分",
}

ERRORS: dict[str, str] = {
    "level_invalid": "评价等级或考评层级不正确",
    "period_invalid": "考核期格式不正确（如 2026-03、2026-Q1、2026-H1、2026）",
    "ranking_already_published": "该月排名已发布，发布后不可更改",
    "ranking_month_not_over": "当月尚未结束，不能发布排名",
}

register_events("scores", EVENTS)
register_errors("scores", ERRORS)

"""Labels of the supervision pages: `{% load xn_supervision %}`."""

from __future__ import annotations

from typing import Any

from django import template

from xiaoneng.audit import presentation
from xiaoneng.cases.labels import EVENT_LABELS

register = template.Library()

AUDIT_LABELS = {
    "case.attempt_refused": "被拒绝的操作尝试",
    "case.deemed_accepted": "视为受理（违规记录）",
    "case.extension_requested": "申请延期",
    "case.opinion_given": "出具会签意见",
}


@register.filter
def event_label(kind: str) -> str:
    """A case event's kind in words (cases/labels.py)."""
    return EVENT_LABELS.get(kind, ("其他环节", ""))[0]


@register.filter
def audit_label(event_type: str) -> str:
    """An audit event's words: the case wording where it has one, else its
    app's declared meaning; never the code itself."""
    if event_type in AUDIT_LABELS:
        return AUDIT_LABELS[event_type]
    kind = event_type.removeprefix("case.")
    if event_type.startswith("case.") and kind in EVENT_LABELS:
        return EVENT_LABELS[kind][0]
    return presentation.event_label(event_type)


@register.filter
def short_hash(value: Any) -> str:
    text = str(value or "")
    return f"{text[:8]}…{text[-4:]}" if len(text) > 16 else text


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def anomaly_step(step: str) -> str:
    from xiaoneng.supervision.anomalies import step_label

    return step_label(step)

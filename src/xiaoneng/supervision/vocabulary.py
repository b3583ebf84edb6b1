"""The audit event types and error codes of supervision (电子监察), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "case.attempt_refused": "办件操作被拒绝",
    "supervision.anomalies_detected": "发现异常",
    "supervision.anomaly_closed": "异常办结",
    "supervision.anomaly_explained": "异常情况说明",
    "supervision.card_replied": "黄牌/红牌说明",
    "supervision.cards_closed": "黄牌/红牌撤销",
    "supervision.cards_issued": "亮黄牌/红牌",
    "supervision.order_closed": "督办/纠错办结",
    "supervision.order_correct_issued": "发出纠错通知",
    "supervision.order_replied": "督办/纠错答复",
    "supervision.order_urge_issued": "发出督办通知",
    "supervision.warnings_notified": "预警提醒",
}

ERRORS: dict[str, str] = {
    "anomaly_kind_invalid": "异常类型无效",
    "anomaly_not_explained": "该异常当前为“…”，不能执行此操作",
    "anomaly_not_found": "异常不存在或无权查看",
    "anomaly_not_open": "该异常当前为“…”，不能执行此操作",
    "card_not_found": "黄牌/红牌不存在或无权查看",
    "explanation_required": "请填写情况说明",
    "order_due_in_past": "答复期限不能早于今天",
    "order_kind_invalid": "类型须为督办或纠错",
    "order_not_awaiting_reply": "该…当前为“…”，不能执行此操作",
    "order_not_found": "督办/纠错不存在或无权查看",
    "order_not_replied": "该…当前为“…”，不能执行此操作",
    "order_text_required": "请填写督办（纠错）内容",
    "reply_required": "请填写整改说明",
    "subject_department_invalid": "督办对象的责任单位不存在",
    "subject_kind_invalid": "督办对象类型无效",
    "subject_kind_mismatch": "超期事项与督办对象类型不符",
    "subject_url_invalid": "督办对象链接须为本站页面",
}

register_events("supervision", EVENTS)
register_errors("supervision", ERRORS)


def anomaly_not_found() -> NotFound:
    return NotFound("异常不存在或无权查看", code="anomaly_not_found")


def order_not_found() -> NotFound:
    return NotFound("督办/纠错不存在或无权查看", code="order_not_found")

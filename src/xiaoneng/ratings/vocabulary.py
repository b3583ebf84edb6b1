"""The audit event types and error codes of ratings (好差评), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "rating.appeal_decided": "申诉审核",
    "rating.appeal_filed": "差评申诉",
    "rating.called_back": "回访评价人",
    "rating.rated": "评价",
    "rating.rectification_closed": "整改办结",
    "rating.rectification_deadline_recomputed": "重算整改期限",
    "rating.rectified": "登记整改措施",
    "rating.visit_registered": "登记窗口服务",
}

ERRORS: dict[str, str] = {
    "appeal_already_decided": "该申诉已审核",
    "appeal_exists": "该差评已申诉，不能重复申诉",
    "appeal_not_found": "申诉不存在或无权查看",
    "appeal_only_for_bad_rating": "只能对差评提出申诉",
    "appeal_reason_required": "请说明申诉理由（恶意差评的事实）",
    "bad_rating_reason_required": "差评请勾选存在问题的评价指标或填写评价意见",
    "callback_required": "办结整改须先回访评价人",
    "callback_result_invalid": "回访结果不正确",
    "callback_time_invalid": "回访时间须带时区",
    "case_not_finished": "办件尚未办结，办结后才能评价",
    "criteria_invalid": "评价指标不正确",
    "decision_note_required": "请填写审核意见",
    "measures_required": "请填写整改措施",
    "not_a_window": "只有窗口工作人员可以登记窗口服务",
    "not_rectified_yet": "请先登记整改措施，整改后再回访",
    "rating_exists": "该办件已评价，一事一评",
    "rating_not_found": "评价不存在或无权查看",
    "rectification_bad_transition": "整改事项…，不能再办理",
    "rectification_closed": "整改事项已办结，不能再办理",
    "rectification_not_found": "整改事项不存在或无权查看",
    "rectification_voided": "整改事项已作废，不能再办理",
    "service_required": "请填写服务内容",
    "visit_not_found": "评价码不正确",
}

register_events("ratings", EVENTS)
register_errors("ratings", ERRORS)


def rating_not_found() -> NotFound:
    return NotFound("评价不存在或无权查看", code="rating_not_found")


def rectification_not_found() -> NotFound:
    return NotFound("整改事项不存在或无权查看", code="rectification_not_found")


def appeal_not_found() -> NotFound:
    return NotFound("申诉不存在或无权查看", code="appeal_not_found")

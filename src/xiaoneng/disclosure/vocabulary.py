"""The audit event types and error codes of disclosure (依申请公开), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "disclosure.abandoned": "逾期不补正，视为放弃申请",
    "disclosure.answered": "作出答复",
    "disclosure.consult_ended": "意见收到或征求意见期满",
    "disclosure.consult_started": "书面征求第三方或其他机关意见",
    "disclosure.corrected": "收到补正后的申请",
    "disclosure.correction_requested": "一次性告知补正",
    "disclosure.deadline_recomputed": "重算答复期限",
    "disclosure.extended": "延长答复期限",
    "disclosure.extension_requested": "申请延长答复期限",
    "disclosure.received": "收到申请",
    "disclosure.submitted": "提交公开申请",
    "disclosure.withdrawn": "申请人撤回",
}

ERRORS: dict[str, str] = {
    "answer_reason_required": "请说明理由和法律依据",
    "answer_ground_required": "不予公开的，请选择理由类别",
    "answer_ground_invalid": "不予公开的理由类别不正确",
    "answer_text_required": "请填写公开的内容或获取方式",
    "answer_type_invalid": "答复类型不正确",
    "consult_end_invalid": "征求意见结束日期不正确",
    "consult_kind_invalid": "征求意见对象类型不正确",
    "consult_party_required": "请填写被征求意见的第三方或机关",
    "contact_required": "请至少填写一种联系方式",
    "corrected_on_invalid": "补正日期不正确",
    "correction_items_required": "请写明需要补正的事项",
    "department_invalid": "请选择受理机关",
    "department_out_of_scope": "只能登记本机关收到的申请",
    "description_required": "请填写所需政府信息的名称、文号或者便于行政机关查询的其他特征性描述",
    "extension_pending": "已申请延期，待负责人批准",
    "form_invalid": "申请形式不正确",
    "no_extension_requested": "没有待批准的延期申请",
    "received_on_invalid": "收到申请的日期不正确",
    "request_not_found": "公开申请不存在或无权查看",
    "requester_kind_invalid": "申请人类型不正确",
    "requester_name_required": "请填写申请人姓名或名称",
}

register_events("disclosure", EVENTS)
register_errors("disclosure", ERRORS)


def request_not_found(message: str = "公开申请不存在或无权查看") -> NotFound:
    """A request that does not exist and one the actor may not see answer alike."""
    return NotFound(message, code="request_not_found")

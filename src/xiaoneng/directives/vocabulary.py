"""The audit event types and error codes of directives and requests
(督查督办、请示办理), declared once (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "directive.registered": "登记督办事项（会议决定、领导批示、文件）",
    "directive.task_assigned": "分解交办督办任务",
    "directive.report_submitted": "承办单位报送进展或办结材料",
    "directive.task_urged": "督查室催办",
    "directive.task_closed": "办结销号",
    "directive.task_returned": "退回重办",
    "directive.adjustment_requested": "申请调整办结时限",
    "directive.adjustment_decided": "审批调整申请",
    "request.submitted": "报送请示",
    "request.transferred": "转办请示",
    "request.answered": "答复请示",
}

ERRORS: dict[str, str] = {
    "directive_not_found": "督办事项不存在或无权查看",
    "directive_task_not_found": "督办任务不存在或无权查看",
    "directive_adjustment_not_found": "调整申请不存在或无权查看",
    "directive_file_not_found": "文件不存在或无权查看",
    "directive_source_invalid": "来源不正确",
    "directive_number_required": "请填写会议、批示或文号",
    "directive_title_required": "请填写事项",
    "directive_content_required": "请填写内容",
    "directive_issued_on_invalid": "决定或批示日期不正确",
    "directive_closed": "督办事项已办结",
    "directive_department_invalid": "承办单位不正确",
    "directive_requirement_required": "请填写办理要求",
    "directive_due_invalid": "办结时限不正确",
    "directive_not_own_task": "只能办理本单位承办的任务",
    "directive_task_not_running": "该任务当前不在办理中",
    "directive_task_not_reported": "该任务尚未报办结",
    "directive_report_required": "请填写进展情况",
    "directive_reason_required": "请说明理由",
    "directive_urge_text_required": "请填写催办要求",
    "directive_adjustment_pending": "已有待审批的调整申请",
    "directive_adjustment_decided": "该调整申请已审批",
    "directive_files_quota": "附件数量已达上限",
    "qingshi_not_found": "请示不存在或无权查看",
    "qingshi_kind_invalid": "请示类型不正确",
    "qingshi_department_invalid": "主送单位不正确",
    "qingshi_no_unit": "账号未归属单位，不能报送请示",
    "qingshi_title_required": "请填写标题",
    "qingshi_content_required": "请填写请示内容",
    "qingshi_not_holder": "只有当前办理单位可以答复或转办",
    "qingshi_already_answered": "该请示已答复",
    "qingshi_answer_required": "请填写答复意见",
    "qingshi_transfer_reason_required": "请说明转办理由",
    "qingshi_transfer_target_invalid": "转办单位不正确",
}

register_events("directives", EVENTS)
register_errors("directives", ERRORS)


def directive_not_found() -> NotFound:
    """A row that does not exist and one the actor may not see answer alike."""
    return NotFound("督办事项不存在或无权查看", code="directive_not_found")


def task_not_found() -> NotFound:
    return NotFound("督办任务不存在或无权查看", code="directive_task_not_found")


def adjustment_not_found() -> NotFound:
    return NotFound("调整申请不存在或无权查看", code="directive_adjustment_not_found")


def file_not_found() -> NotFound:
    return NotFound("文件不存在或无权查看", code="directive_file_not_found")


def request_not_found() -> NotFound:
    return NotFound("请示不存在或无权查看", code="qingshi_not_found")

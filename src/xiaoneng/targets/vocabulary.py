"""The audit event types and error codes of target responsibility (目标责任), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "target.book_imported": "导入目标责任书",
    "target.book_signed": "签订目标责任书",
    "target.task_added": "新增目标任务",
    "target.task_edited": "修改目标任务",
    "target.report_submitted": "报送月度进度",
    "target.report_resubmitted": "重新报送被退回的进度",
    "target.report_verified": "核实进度报告",
    "target.report_returned": "退回进度报告",
    "target.reports_recorded": "批量登记进度报告",
    "target.milestone_done": "任务节点完成",
    "target.task_urged": "督查室催办目标任务",
    "target.adjustment_requested": "申请调整目标任务",
    "target.adjustment_approved": "批准调整目标任务",
    "target.adjustment_rejected": "不批准调整目标任务",
    "target.cards_swept": "目标任务逾期亮牌检查",
}

ERRORS: dict[str, str] = {
    "target_owner_required": "请填写牵头单位和责任人",
    "target_standard_required": "请填写完成标准（定量指标或定性标准）",
    "target_deadline_required": "请填写完成时限",
    "target_import_invalid": "目标责任分解表有错误，未导入任何内容",
    "target_file_unreadable": "无法读取的 Excel 文件",
    "target_title_required": "请填写工作任务（事项）",
    "target_text_too_long": "内容超过长度上限",
    "target_code_invalid": "序号不正确或重复",
    "target_parent_unknown": "上级序号不存在",
    "target_category_invalid": "任务类别不正确",
    "target_department_unknown": "单位不存在",
    "target_date_invalid": "日期不正确",
    "target_number_invalid": "数值不正确",
    "target_weight_invalid": "权重须大于 0",
    "target_year_invalid": "年度不正确",
    "target_book_exists": "该单位本年度已有目标责任书",
    "target_book_not_found": "目标责任书不存在或无权查看",
    "target_book_signed": "目标责任书已签订",
    "target_book_not_signed": "目标责任书尚未签订",
    "target_book_empty": "目标责任书没有任务",
    "target_signer_required": "请填写签订双方",
    "target_not_found": "目标任务不存在或无权查看",
    "target_not_lead_unit": "只有牵头单位可以报送进度或申请调整",
    "target_not_in_portfolio": "该任务不在您的分管范围内",
    "target_task_heading": "标题行不是可报送的任务",
    "target_task_done": "任务已完成",
    "target_month_invalid": "报送月份不正确",
    "target_text_required": "请填写进展情况",
    "target_percent_invalid": "完成度须为 0 到 100",
    "target_report_not_found": "进度报告不存在或无权查看",
    "target_report_wrong_status": "进度报告当前状态不能进行此操作",
    "target_reason_required": "请说明理由",
    "target_milestone_not_found": "任务节点不存在",
    "target_milestone_done": "任务节点已完成",
    "target_adjustment_pending": "已有待审批的调整申请",
    "target_adjustment_empty": "请填写调整后的时限、目标值或定性标准",
    "target_adjustment_not_found": "调整申请不存在或无权查看",
    "target_adjustment_decided": "调整申请已审批",
    "target_urge_text_required": "请填写催办要求",
}

register_events("targets", EVENTS)
register_errors("targets", ERRORS)


def task_not_found(message: str = "目标任务不存在或无权查看") -> NotFound:
    """A task that does not exist and one the actor may not see answer alike."""
    return NotFound(message, code="target_not_found")

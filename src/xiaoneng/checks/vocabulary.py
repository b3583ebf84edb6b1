"""The audit event types and error codes of unannounced checks (明察暗访), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "check.plan_created": "制定明察暗访计划",
    "check.plan_approved": "批准明察暗访计划",
    "check.plan_closed": "明察暗访计划完成",
    "check.member_added": "检查组增加成员",
    "check.finding_recorded": "记录明察暗访发现的问题",
    "check.evidence_added": "上传问题证据",
    "check.finding_notified": "向被检查单位通报问题",
    "check.finding_published": "批准曝光",
    "check.rectification_submitted": "被检查单位报送整改情况",
    "check.rectification_verified": "核实整改情况",
    "check.rectification_returned": "退回整改情况",
    "check.deadline_recomputed": "重算整改报告期限",
}

ERRORS: dict[str, str] = {
    "check_already_notified": "该问题已通报被检查单位",
    "check_already_published": "该问题已曝光",
    "check_department_invalid": "被检查单位不正确",
    "check_department_not_in_plan": "该单位不在本计划的检查范围内",
    "check_description_required": "请填写问题描述",
    "check_evidence_not_found": "证据材料不存在或无权查看",
    "check_evidence_quota": "每个问题的证据材料数量已达上限",
    "check_finding_not_found": "问题不存在或无权查看",
    "check_findings_not_notified": "还有问题未通报被检查单位",
    "check_focus_required": "请填写检查重点",
    "check_kind_invalid": "问题类型不正确",
    "check_leader_required": "请先指定检查组组长",
    "check_member_exists": "该人员已在检查组中",
    "check_member_invalid": "检查组成员不正确",
    "check_not_awaiting_report": "该问题当前不需要报送整改情况",
    "check_not_notified": "该问题尚未通报被检查单位",
    "check_no_report_to_review": "没有待核实的整改情况",
    "check_observed_at_invalid": "发现时间不正确",
    "check_observed_outside_period": "发现时间不在计划的检查期间内",
    "check_period_invalid": "检查期间不正确",
    "check_place_required": "请填写地点",
    "check_plan_closed": "计划已完成",
    "check_plan_not_approved": "计划尚未批准",
    "check_plan_not_draft": "计划已批准，不能再批准",
    "check_plan_not_found": "检查计划不存在或无权查看",
    "check_report_required": "请填写整改情况",
    "check_review_note_required": "退回时请说明理由",
    "check_staff_invalid": "涉及人员不是该单位的工作人员",
    "check_summary_names_staff": "曝光内容不得出现工作人员姓名",
    "check_summary_required": "请填写曝光内容",
    "check_targets_required": "请至少选择一个被检查单位",
    "check_title_required": "请填写计划名称",
}

register_events("checks", EVENTS)
register_errors("checks", ERRORS)


def plan_not_found() -> NotFound:
    """A plan that does not exist and one the actor may not see answer alike."""
    return NotFound("检查计划不存在或无权查看", code="check_plan_not_found")


def finding_not_found() -> NotFound:
    """A finding that does not exist and one the actor may not see answer alike."""
    return NotFound("问题不存在或无权查看", code="check_finding_not_found")


def evidence_not_found() -> NotFound:
    return NotFound("证据材料不存在或无权查看", code="check_evidence_not_found")

"""The audit event types and error codes of accountability (问责), declared once."""

from __future__ import annotations

from xiaoneng.core.errors import NotFound
from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "accountability.opened": "问责立案",
    "accountability.statement_requested": "告知陈述申辩",
    "accountability.statement_submitted": "提交陈述申辩意见",
    "accountability.proposed": "拟定问责方式",
    "accountability.decided": "批准问责决定",
    "accountability.referred": "移送组织、纪检机关",
    "accountability.referral_registered": "登记移送处理结果",
    "accountability.dismissed": "不予问责",
    "accountability.served": "送达问责决定书",
    "accountability.appealed": "提出申诉",
    "accountability.appeal_decided": "作出申诉处理决定",
    "accountability.rectification_reported": "报送整改情况",
    "accountability.rectification_verified": "核实整改完成",
    "accountability.rectification_returned": "整改不到位，退回继续整改",
    "accountability.closed": "问责案件办结",
    "accountability.rule_saved": "维护问责依据",
    "accountability.measure_saved": "维护问责方式（含效能考评扣分）",
}

ERRORS: dict[str, str] = {
    "accountability_case_not_found": "问责案件不存在或无权查看",
    "accountability_appeal_closed": "申诉期限已过",
    "accountability_appeal_exists": "已提出申诉，不能重复申诉",
    "accountability_appeal_outcome_invalid": "申诉处理结果不正确",
    "accountability_appeal_pending": "申诉尚未处理",
    "accountability_appeal_window_open": "申诉期限未满，暂不能办结",
    "accountability_case_closed": "问责案件已办结",
    "accountability_case_step_invalid": "当前环节不能办理此事项",
    "accountability_decision_body_required": "请填写作出处理决定的机关",
    "accountability_department_invalid": "请选择被问责单位",
    "accountability_facts_required": "请填写问题事实",
    "accountability_measure_invalid": "问责方式不正确",
    "accountability_measure_needs_bureau": "该问责方式由监察局批准，不需移送",
    "accountability_measure_needs_referral": "该问责方式须移送组织、纪检机关处理",
    "accountability_no_appeal": "没有待处理的申诉",
    "accountability_person_not_found": "没有该人员的问责记录或无权查看",
    "accountability_proposal_required": "请填写拟处理意见",
    "accountability_reason_required": "请填写理由",
    "accountability_rectification_not_running": "没有进行中的限期改正",
    "accountability_rectification_not_verified": "限期改正尚未核实完成",
    "accountability_rectification_report_required": "请填写整改情况",
    "accountability_rectify_days_invalid": "整改期限（工作日）不正确",
    "accountability_referral_body_required": "请填写移送的组织、纪检机关",
    "accountability_rule_invalid": "问责依据不正确",
    "accountability_served_on_invalid": "送达日期不正确",
    "accountability_source_invalid": "问责案件的来源不正确",
    "accountability_source_taken": "该来源已立案",
    "accountability_source_kind_invalid": "案件来源不正确",
    "accountability_statement_exists": "已提交陈述申辩意见",
    "accountability_statement_pending": "陈述申辩期限未满，且尚未收到陈述申辩意见",
    "accountability_statement_required": "请填写陈述申辩意见",
    "accountability_subject_invalid": "问责对象不正确",
    "accountability_subjects_required": "请至少填写一个问责对象",
    "accountability_title_required": "请填写案由",
}

register_events("accountability", EVENTS)
register_errors("accountability", ERRORS)


def case_not_found() -> NotFound:
    """A case that does not exist and one the actor may not see answer alike."""
    return NotFound("问责案件不存在或无权查看", code="accountability_case_not_found")

"""The audit event types and error codes of projects (绿色通道项目), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "project.agent_appointed": "指派帮办代办员",
    "project.agent_reassigned": "改派帮办代办员",
    "project.case_added": "代为申请办件",
    "project.dossier_closed": "项目档案办结",
    "project.dossier_opened": "项目建档",
    "project.type_lead_set": "设置项目类型牵头部门",
}

ERRORS: dict[str, str] = {
    "agent_not_in_county": "只能改派给该县（区）在岗的帮办代办员",
    "agent_unchanged": "新代办员与原代办员相同",
    "bad_transition": "项目档案…，不能再办理",
    "county_invalid": "落地县（区）不正确",
    "credit_code_invalid": "统一社会信用代码不正确",
    "dossier_cases_open": "尚有 … 件办件未办结",
    "dossier_closed": "项目档案…，不能再办理",
    "dossier_not_found": "项目档案不存在或无权查看",
    "dossier_out_of_scope": "只能为本部门牵头或本县区落地的项目建档",
    "enterprise_name_required": "请填写项目单位",
    "industry_invalid": "所属行业不正确",
    "investment_invalid": "总投资须大于 0（万元）",
    "lead_department_invalid": "牵头部门须为市直部门或县（区）",
    "lead_department_not_configured": "该项目类型尚未设置牵头部门，请在“项目类型牵头部门”中设置",
    "no_agent_for_county": "…尚未指派帮办代办员",
    "not_an_agent": "该用户没有“帮办代办”权限",
    "not_the_dossier_agent": "只有本项目的帮办代办员可以代为申请",
    "project_code_invalid": "项目代码不正确",
    "project_code_taken": "该项目代码已建档",
    "project_name_required": "请填写项目名称",
    "project_type_invalid": "项目类型不正确",
    "reassign_reason_required": "请说明改派理由",
    "stage_invalid": "办理阶段不正确",
}

register_events("projects", EVENTS)
register_errors("projects", ERRORS)

"""Audit events as people read them: the event's meaning (declared by its app
in vocabulary.py), and what it was about by name — "办件 2026102700000035",
"好差评 祁连绿源有限公司的评价" — never "rating #997".

`subject_of(event)` names the row an event's object_type/object_id point
at: the object type's Chinese word, then the row's own name when its model
gives one (`__str__` of the model OBJECT_MODELS names; the row may be gone:
then its number as "第 997 号"), or the id itself when it is already a
readable reference (a tracking number, a year)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import models

from xiaoneng.core import vocabulary

OBJECT_LABELS: dict[str, str] = {
    "accountability_case": "问责案件",
    "accountability_measure": "问责措施",
    "accountability_rule": "问责规则",
    "address": "地址",
    "agent_assignment": "代办指派",
    "api_token": "API 令牌",
    "appraisal_bulletin": "考核通报",
    "appraisal_inspection": "半年检查",
    "appraisal_publication": "考核公示",
    "appraisal_quarter": "季度评比",
    "appraisal_year": "年终考核",
    "application_draft": "申请草稿",
    "case": "办件",
    "catalog": "事项目录",
    "check_finding": "检查发现问题",
    "check_plan": "检查计划",
    "complaint": "效能投诉",
    "complaint_card": "投诉黄红牌",
    "decision": "重大决策",
    "decision_catalogue": "决策事项目录",
    "department": "机构",
    "dict_data": "字典数据",
    "dict_type": "字典类型",
    "directive": "督办事项",
    "directive_task": "督办任务",
    "disclosure_item": "公开信息",
    "disclosure_request": "依申请公开",
    "enforcement_certificate": "执法证",
    "enforcement_item": "执法事项",
    "enforcement_list": "执法事项清单",
    "enterprise": "企业",
    "enterprise_report": "企业报告",
    "fee": "收费项目",
    "frugality_year": "三公经费年度",
    "holiday_schedule": "节假日安排",
    "inspection": "检查",
    "inspector": "检查人员",
    "item": "事项",
    "openinfo_report": "政务公开年度报告",
    "openinfo_review": "公开审查",
    "outside_system": "外部系统",
    "parameter": "参数",
    "penalty_case": "行政处罚案件",
    "position": "岗位",
    "project_dossier": "项目档案",
    "project_type_lead": "项目牵头部门",
    "public_account": "公众账号",
    "rating": "好差评",
    "rating_appeal": "评价申诉",
    "rating_rectification": "差评整改",
    "rating_visit": "窗口评价",
    "reception": "公务接待",
    "request": "请示",
    "role": "角色",
    "schedule": "节假日安排",
    "supervision_anomaly": "异常",
    "supervision_card": "黄牌红牌",
    "supervision_order": "督办/纠错",
    "system": "系统",
    "target_book": "目标责任书",
    "target_report": "目标进度报告",
    "target_task": "目标任务",
    "token": "令牌",
    "trading_expert": "评标专家",
    "trading_party": "交易主体",
    "trading_project": "交易项目",
    "trip": "因公出国（境）",
    "user": "用户",
    "vehicle": "公务用车",
    "vehicle_request": "用车申请",
}

# object_type → the model whose row the id is (its __str__ names it).
OBJECT_MODELS: dict[str, str] = {
    "accountability_case": "accountability.AccountabilityCase",
    "check_finding": "checks.Finding",
    "check_plan": "checks.CheckPlan",
    "complaint": "complaints.Complaint",
    "department": "org.Department",
    "directive": "directives.Directive",
    "directive_task": "directives.DirectiveTask",
    "item": "catalog.ApprovalItem",
    "position": "org.Position",
    "project_dossier": "projects.ProjectDossier",
    "rating": "ratings.Rating",
    "role": "org.Role",
    "supervision_anomaly": "supervision.Anomaly",
    "supervision_card": "supervision.SupervisionCard",
    "supervision_order": "supervision.SupervisionOrder",
    "target_book": "targets.TargetBook",
    "target_task": "targets.Task",
    "trading_project": "trading.Project",
    "trading_party": "trading.Party",
    "trading_expert": "trading.Expert",
    "rating_visit": "ratings.Visit",
    "user": "org.User",
}


def event_label(event_type: str) -> str:
    """The event's meaning as its app declares it; an undeclared (old) type
    as "其他操作", never the code."""
    return vocabulary.events().get(event_type) or "其他操作"


def object_label(object_type: str) -> str:
    return OBJECT_LABELS.get(object_type, "记录" if object_type else "")


NAME_FIELDS = ("real_name", "title", "name", "subject_title", "number", "tracking_no")


def _name(row: models.Model) -> str | None:
    """A row's name: its first name-like field, a rating's level and the
    unit rated, else its own __str__ unless that is only a number."""
    for field in NAME_FIELDS:
        value = getattr(row, field, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    department = getattr(row, "department", None)
    if hasattr(row, "get_level_display") and department is not None:
        return f"{department.name}的{row.get_level_display()}"
    text = str(row) if type(row).__str__ is not models.Model.__str__ else ""
    return text if text and not text[0].isdigit() else None


def _row_name(object_type: str, object_id: str) -> str | None:
    """The row's own name, when its model names it (the row may be gone)."""
    label = OBJECT_MODELS.get(object_type)
    if label is None or not object_id.isdigit():
        return None
    try:
        model = apps.get_model(label)
    except LookupError:
        return None
    row = model._default_manager.filter(pk=int(object_id)).first()
    return _name(row) if row is not None else None


def _reads_as_reference(object_id: str) -> bool:
    """A tracking number, a year, a username: the id is what people call it.
    A small database number is not (it becomes "第 N 号")."""
    return not object_id.isdigit() or len(object_id) >= 8 or len(object_id) == 4


def subject_of(event: Any) -> str:
    """What the event was about, by name."""
    object_type = str(getattr(event, "object_type", "") or "")
    object_id = str(getattr(event, "object_id", "") or "")
    label = object_label(object_type)
    if not object_id:
        return label
    name = _row_name(object_type, object_id)
    if name is None:
        name = object_id if _reads_as_reference(object_id) else f"第 {object_id} 号"
    if "_" in name and name.isascii():  # a code as the id (system "demo_history")
        name = ""
    return f"{label} {name}".strip()

"""The audit event types and error codes of org (组织机构), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "org.department_created": "新增机构",
    "org.department_moved": "调整机构隶属",
    "org.portfolio_assigned": "分配分管部门",
    "org.position_created": "新增岗位",
    "org.roles_granted": "授予角色",
    "org.user_created": "新增用户",
}

ERRORS: dict[str, str] = {
    "department_code_taken": "机构编码 … 已存在",
    "department_cycle": "不能把机构移到自身或其下级之下",
    "password_invalid": "密码不符合要求",
    "position_duties_required": "岗位职责不能为空（岗位责任制要求公示职责）",
    "username_taken": "用户名 … 已存在",
}

register_events("org", EVENTS)
register_errors("org", ERRORS)

"""The audit event types and error codes of org (组织机构), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "org.department_created": "新增机构",
    "org.department_disabled": "停用机构",
    "org.department_enabled": "启用机构",
    "org.department_moved": "调整机构隶属",
    "org.department_updated": "修改机构",
    "org.portfolio_assigned": "分配分管部门",
    "org.position_created": "新增岗位",
    "org.position_updated": "修改岗位",
    "org.role_created": "新增角色",
    "org.role_updated": "修改角色",
    "org.roles_granted": "授予角色",
    "org.staff_imported": "导入用户",
    "org.user_created": "新增用户",
    "org.user_disabled": "停用用户",
    "org.user_enabled": "启用用户",
    "org.user_updated": "修改用户",
}

ERRORS: dict[str, str] = {
    "data_scope_invalid": "请选择数据权限范围",
    "department_code_required": "请填写机构编码",
    "department_code_taken": "机构编码 … 已存在",
    "department_cycle": "不能把机构移到自身或其下级之下",
    "department_field_unknown": "含有不能修改的机构字段",
    "department_has_staff": "该机构下还有启用的用户，请先调整或停用",
    "department_has_units": "该机构下还有启用的下级机构，请先停用或调整",
    "department_kind_invalid": "请选择机构类型",
    "department_name_required": "请填写机构名称",
    "department_parent_inactive": "上级机构已停用",
    "grant_beyond_own": "不能授予本人不具有的权限",
    "password_invalid": "密码不符合要求",
    "permission_unknown": "含有未知的功能权限",
    "phone_invalid": "手机号码只能包含数字和 -（7–20 位）",
    "position_duties_required": "岗位职责不能为空（岗位责任制要求公示职责）",
    "position_name_required": "请填写岗位名称",
    "position_name_taken": "本机构已有同名岗位",
    "position_not_in_department": "岗位不属于所选机构",
    "real_name_required": "请填写姓名",
    "role_code_invalid": "角色编码须为小写字母开头的 2–32 位小写字母、数字或下划线",
    "role_code_taken": "角色编码 … 已存在",
    "role_name_required": "请填写角色名称",
    "self_disable_refused": "不能停用自己的账号",
    "self_lockout_refused": "此修改会使您失去用户管理权限，已拒绝",
    "staff_file_unreadable": "无法读取该用户导入表",
    "staff_import_empty": "文件中没有用户行",
    "staff_import_invalid": "导入未执行：有错误的行，请改正后重新导入",
    "staff_import_too_many": "一次最多导入 … 个用户",
    "superuser_protected": "只有超级管理员可以修改超级管理员账号",
    "user_out_of_scope": "该用户不在您的数据权限范围内",
    "username_invalid": "用户名须为 2–30 位字母、数字或 _ . @ -",
    "username_taken": "用户名 … 已存在",
}

register_events("org", EVENTS)
register_errors("org", ERRORS)

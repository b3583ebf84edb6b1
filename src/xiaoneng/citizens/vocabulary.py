"""The audit event types and error codes of public accounts (公众账号), declared once."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "citizens.registered": "注册公众账号",
    "citizens.disclosure_linked": "关联依申请公开",
    "citizens.draft_saved": "保存申请草稿",
}

ERRORS: dict[str, str] = {
    "public_account_exists": "该证件号码已注册账号，请直接登录",
    "public_account_kind_mismatch": "账号类型与登录方式不符",
    "public_id_number_invalid": "身份证号不正确",
    "public_phone_invalid": "手机号码不正确",
    "public_phone_taken": "该手机号码已注册账号",
    "public_name_required": "请填写姓名",
    "staff_login_refused": "公众账号请从政务服务网登录",
    "public_login_refused": "工作人员账号请从政务内网登录",
    "oidc_failed": "统一身份认证未通过",
    "disclosure_link_failed": "申请编号或查询码不正确",
    "public_draft_not_found": "草稿不存在",
}

register_events("citizens", EVENTS)
register_errors("citizens", ERRORS)

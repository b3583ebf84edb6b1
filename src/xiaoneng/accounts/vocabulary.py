"""The audit event types and error codes of accounts (账号与登录), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "accounts.account_unlocked": "解锁账号",
    "accounts.forced_logout": "强制退出",
    "accounts.ip_paused": "暂停该地址登录",
    "accounts.locked": "账号锁定",
    "accounts.login_pause_lifted": "解除登录限制",
    "accounts.password_changed": "修改密码",
    "accounts.password_reset": "重置密码",
    "accounts.token_created": "创建 API 令牌",
    "accounts.token_revoked": "吊销 API 令牌",
}

ERRORS: dict[str, str] = {
    "account_locked": "账号已锁定，请稍后再试",
    "login_failed": "用户名或密码不正确",
    "login_pause_not_found": "该登录限制已不存在",
    "login_throttled": "登录尝试过于频繁，请稍后再试",
    "password_expired": "密码已超过使用期限，请先修改密码",
    "password_is_demo_default": "不能使用演示环境的公开密码",
    "password_old_wrong": "当前密码不正确",
    "password_too_short": "密码长度不能少于 … 位",
    "password_too_simple": "密码须包含…中的至少 … 类（当前只有 … 类）",
    "password_unchanged": "新密码不能与当前密码相同",
    "session_not_found": "该会话已不在线",
    "token_days_out_of_range": "有效期须在 1–… 天之间",
    "token_name_required": "请填写令牌用途",
    "token_not_found": "令牌不存在",
    "user_not_found": "用户不存在",
}

register_events("accounts", EVENTS)
register_errors("accounts", ERRORS)

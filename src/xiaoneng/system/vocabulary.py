"""The audit event types and error codes of system (系统管理), declared once.

`record_event` refuses an event type no app declares; the API's OpenAPI
schema lists every declared error code (core/vocabulary.py)."""

from __future__ import annotations

from xiaoneng.core.vocabulary import register_errors, register_events

EVENTS: dict[str, str] = {
    "system.dict_data_deleted": "删除字典数据",
    "system.dict_data_saved": "保存字典数据",
    "system.dict_type_saved": "保存字典类型",
    "system.parameter_changed": "修改参数",
}

ERRORS: dict[str, str] = {
    "dict_data_blank": "字典键值与标签不能为空",
    "dict_type_blank": "字典类型与名称不能为空",
    "param_not_integer": "参数“…”必须是整数",
    "param_out_of_range": "参数“…”取值范围为 …–…",
    "param_unknown": "未知参数：…",
    "pii_key_unavailable": "个人信息加密密钥不可用",
    "pii_unsealable": "个人信息密文无法解开（密钥缺失或密文被篡改）",
    "value_out_of_range": "请求中的数值、日期或文字超出允许范围",
}

register_events("system", EVENTS)
register_errors("system", ERRORS)

"""The registered vocabularies: every audit event type and every error code
the product writes, each declared once by the app that owns it.

An app declares both in its `vocabulary.py` (EVENTS and ERRORS: name →
what it means, in Chinese) and registers them here on import; the audit app
imports every app's vocabulary when Django starts. `record_event` refuses an
event type nobody declared (a typo would otherwise write an event no report
ever finds), and the API lists the declared codes in its OpenAPI schema.
Pure Python: no Django, no app imported."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


class VocabularyError(LookupError):
    """A programming error, not a user's: an undeclared or doubly owned name."""


# name → (owner, meaning)
_events: dict[str, tuple[str, str]] = {}
_errors: dict[str, tuple[str, str]] = {}


def _register(
    table: dict[str, tuple[str, str]], kind: str, owner: str, entries: Mapping[str, str]
) -> None:
    for name, meaning in entries.items():
        known = table.get(name)
        if known is not None and known[0] != owner:
            raise VocabularyError(f"{kind} {name!r} is declared by both {known[0]} and {owner}")
        table[name] = (owner, meaning)


def register_events(owner: str, events: Mapping[str, str]) -> None:
    """Declare `owner`'s audit event types (re-registering the same is harmless)."""
    _register(_events, "event type", owner, events)


def register_errors(owner: str, errors: Mapping[str, str]) -> None:
    """Declare `owner`'s error codes (re-registering the same is harmless)."""
    _register(_errors, "error code", owner, errors)


def known_event(event_type: str) -> bool:
    return event_type in _events


def known_error(code: str) -> bool:
    return code in _errors


def require_event(event_type: str) -> None:
    """Refuse an event type no app declared."""
    if event_type not in _events:
        raise VocabularyError(
            f"unregistered audit event type {event_type!r}: declare it in EVENTS "
            "of its app's vocabulary.py"
        )


def events() -> Mapping[str, str]:
    """Every declared event type and its meaning."""
    return MappingProxyType({name: meaning for name, (_, meaning) in _events.items()})


def errors() -> Mapping[str, str]:
    """Every declared error code and its meaning."""
    return MappingProxyType({name: meaning for name, (_, meaning) in _errors.items()})


def owners() -> Mapping[str, str]:
    """Which app declared each event type and error code (for the tests)."""
    return MappingProxyType(
        {name: owner for table in (_events, _errors) for name, (owner, _) in table.items()}
    )


def _register_core() -> None:
    """core's own codes: the base errors, the encoding and calendar refusals,
    and the clocks' tables of impossible sequences (their messages)."""
    from xiaoneng.core.clock import ERROR_CODES as CASE_CLOCK
    from xiaoneng.core.clock.procedures.disclosure import ERROR_CODES as DISCLOSURE_CLOCK
    from xiaoneng.core.clock.procedures.penalty import ERROR_CODES as PENALTY_CLOCK
    from xiaoneng.core.clock.stages import STAGE_ERROR_CODES

    register_errors(
        "core",
        {
            "domain_error": "业务规则不允许此操作",
            "invalid_input": "请求参数有误",
            "not_authenticated": "请先登录或提供有效的 API 令牌",
            "permission_denied": "无权执行此操作",
            "not_found": "资源不存在",
            "conflict": "他人已先修改，请刷新后重试",
            "rate_limited": "操作过于频繁，请稍后再试",
            # The error shape's answers to what is not a domain rule (api/errors.py).
            "bad_request": "请求格式有误",
            "request_too_large": "请求内容超过上限",
            "http_error": "请求未能处理",
            "internal_error": "服务器内部错误，已记录",
            "invalid_encoding": "请求中含有无法保存的字符",
            "invalid_json": "请求内容不是有效的 JSON",
            "calendar_bad_file": "节假日安排文件有误",
            "clock_error": "办件事件序列不成立",
            "stage_clock_error": "分段办理的事件序列不成立",
            "disclosure_clock_error": "公开申请的事件序列不成立",
            "penalty_clock_error": "行政处罚案件的事件序列不成立",
            **PENALTY_CLOCK,
            **STAGE_ERROR_CODES,
            **DISCLOSURE_CLOCK,
            **CASE_CLOCK,
        },
    )


_register_core()

"""Stored records as people read them: an audit event's payload, an anomaly's
evidence, any JSON a page would otherwise print raw.

`readable_rows(data)` gives (label, text) pairs for a table or a <dl>:
keys in Chinese, values formatted — dates "2026年12月4日", booleans 是/否,
a declared error code or event type as its meaning (core/vocabulary.py),
a model field's stored choice as its label, lists joined with "、".

Labels come, in order, from the key itself when it is Chinese, from
KEY_LABELS (the words the payloads share), then from the models' own field
names (`verbose_name`: a payload key is mostly the field it copies), else
"其他" — never the key as a code. A value that is a machine reference no
label names (a report kind's code) is left out: the record says it in words
elsewhere. Pure presentation: it reads the app registry, never a domain app."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from django.apps import apps
from django.utils import timezone

from xiaoneng.core import vocabulary
from xiaoneng.core.text import cn_date

# Keys the payloads share whose model field (if any) would not say it well.
KEY_LABELS: dict[str, str] = {
    "seq": "序号",
    "case_events": "办件环节序号",
    "audit_events": "审计事件序号",
    "facts": "情况",
    "attempts": "尝试次数",
    "code": "原因",
    "message": "说明",
    "detail": "详情",
    "reason": "事由",
    "note": "说明",
    "kind": "类型",
    "status": "状态",
    "from": "原状态",
    "to": "新状态",
    "from_status": "原状态",
    "to_status": "新状态",
    "on": "日期",
    "at": "时间",
    "date": "日期",
    "day": "日期",
    "days": "天数",
    "due_on": "期限",
    "old_due_on": "原期限",
    "new_due_on": "新期限",
    "count": "数量",
    "total": "合计",
    "ids": "记录",
    "id": "编号",
    "case": "办件",
    "case_id": "办件",
    "tracking_no": "办件编号",
    "department": "部门",
    "department_id": "部门",
    "item": "事项",
    "item_code": "事项编码",
    "user": "用户",
    "username": "用户名",
    "actor": "操作人",
    "role": "角色",
    "roles": "角色",
    "month": "月份",
    "year": "年度",
    "period": "期间",
    "level": "等级",
    "score": "得分",
    "title": "标题",
    "name": "名称",
    "text": "内容",
    "reply": "答复",
    "explanation": "情况说明",
    "step": "环节",
    "subject": "督办对象",
    "subject_kind": "督办对象类型",
    "subject_title": "督办对象",
    "action": "操作",
    "colour": "牌色",
    "run": "批次",
    "link": "链接",
    "url": "链接",
    "ip": "IP 地址",
    "rating": "评价",
    "rank": "名次",
    "max": "上限",
}
OTHER = "其他"
CJK = re.compile(r"[\u4e00-\u9fff]")
# A machine reference (a kind's code, an event type) no label names: the
# record says it in words elsewhere, so its row is left out rather than shown raw.
CODE = re.compile(r"^[a-z][a-z0-9]*(?:[._][a-z0-9]+)+$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@cache
def _fields() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Every model field's name → its verbose name, and → its choices' labels
    (the first model declaring a name wins; choices merge)."""
    names: dict[str, str] = {}
    choices: dict[str, dict[str, str]] = {}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            verbose = getattr(field, "verbose_name", None)
            if verbose and str(verbose) != field.name.replace("_", " "):
                names.setdefault(field.name, str(verbose))
            for value, label in getattr(field, "flatchoices", None) or ():
                if isinstance(value, str):
                    choices.setdefault(field.name, {}).setdefault(value, str(label))
    return names, choices


def key_label(key: str) -> str:
    """A payload key in Chinese (a key already in Chinese as it is)."""
    if CJK.search(key):
        return key
    if key in KEY_LABELS:
        return KEY_LABELS[key]
    names, _ = _fields()
    return names.get(key) or names.get(key.removesuffix("_id")) or OTHER


def code_label(value: str, key: str = "") -> str | None:
    """A stored code's words: a declared error code or event type, or a
    choice of the field named `key` (or of any field); None if unknown."""
    found = vocabulary.errors().get(value) or vocabulary.events().get(value)
    if found:
        return found
    _, choices = _fields()
    if key and value in choices.get(key, {}):
        return choices[key][value]
    for labels in choices.values():
        if value in labels:
            return labels[value]
    return None


def readable_value(value: Any, key: str = "") -> str:
    """One value as text a person reads."""
    if value is None or value == "":
        return "—"
    for kind, show in _SHOWN:
        if isinstance(value, kind):
            return str(show(value, key))
    return str(value)


def _moment(value: datetime, _key: str) -> str:
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{cn_date(local.date())} {local:%H:%M}"


def _mapping(value: Mapping[str, Any], _key: str) -> str:
    return "；".join(f"{label}：{text}" for label, text in readable_rows(value))


def _sequence(value: list[Any] | tuple[Any, ...], key: str) -> str:
    if value and all(isinstance(v, (list, tuple)) and len(v) == 2 for v in value):
        return "；".join(f"{readable_value(a)}：{readable_value(b)}" for a, b in value)
    return "、".join(readable_value(v, key) for v in value)


def _unnamed_code(value: Any, key: str) -> bool:
    return isinstance(value, str) and bool(CODE.match(value)) and code_label(value, key) is None


def _text(value: str, key: str) -> str:
    if ISO_DAY.match(value):
        return cn_date(date.fromisoformat(value))
    if ISO_TIME.match(value):
        try:
            return readable_value(datetime.fromisoformat(value))
        except ValueError:
            return value
    return code_label(value, key) or value


# How each kind of stored value reads (bool before int: True is an int too).
_SHOWN: tuple[tuple[Any, Any], ...] = (
    (bool, lambda v, _k: "是" if v else "否"),
    (datetime, _moment),
    (date, lambda v, _k: cn_date(v)),
    (Mapping, _mapping),
    ((list, tuple), _sequence),
    (str, _text),
)


def readable_rows(data: Any) -> list[tuple[str, str]]:
    """(label, text) pairs of a stored mapping; a list of pairs as its own
    rows (an anomaly's facts); anything else as one row."""
    if isinstance(data, Mapping):
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            if key == "facts" and isinstance(value, list):
                rows += [(readable_value(a), readable_value(b)) for a, b in value]
            elif not _unnamed_code(value, str(key)):
                rows.append((key_label(str(key)), readable_value(value, str(key))))
        return rows
    if isinstance(data, (list, tuple)) and all(
        isinstance(v, (list, tuple)) and len(v) == 2 for v in data
    ):
        return [(readable_value(a), readable_value(b)) for a, b in data]
    return [("", readable_value(data))] if data not in (None, "", {}, []) else []

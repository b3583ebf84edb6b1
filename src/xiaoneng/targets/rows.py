"""A task as offices write it (one row of the 目标责任分解表, or the fields
of the add/edit form), checked into a `TaskSpec` — or into the list of
everything wrong with it, each with its row, column and code, so an import
can report every bad row at once.

A leaf (a row no other row's code extends, "1.2" under "1") carries the
what/who/when/standard/weight; the rest are headings and need only a code
and a title."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from xiaoneng.org.models import Department

from .models import Category, StandardKind
from .sheet import COLUMNS, MILESTONE_SLOTS, SheetRow, as_text

CODE = re.compile(r"^\d{1,3}(\.\d{1,3}){0,4}$")
DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
YES = {"是", "√", "★", "1", "重点", "y", "yes", "true"}
NAME_SPLIT = re.compile(r"[、，,；;\s]+")
CATEGORY_OF = {**{c.label: c.value for c in Category}, **{c.value: c.value for c in Category}}
TITLE_MAX = 500
SHORT_MAX = 50
DEFAULT_WEIGHT = Decimal(1)


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str  # the header, as printed
    code: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "message": self.message}


@dataclass(slots=True)
class MilestoneSpec:
    title: str
    due_on: date


@dataclass(slots=True)
class TaskSpec:
    row: int
    code: str
    title: str
    is_leaf: bool
    category: str = Category.OTHER
    is_key: bool = False
    lead_department_id: int | None = None
    cooperating_ids: list[int] = field(default_factory=list)
    leader: str = ""
    person: str = ""
    deadline: date | None = None
    standard_kind: str = StandardKind.QUALITATIVE
    indicator: str = ""
    measure_unit: str = ""
    baseline: Decimal | None = None
    target_value: Decimal | None = None
    standard: str = ""
    weight: Decimal = DEFAULT_WEIGHT
    milestones: list[MilestoneSpec] = field(default_factory=list)

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


class DepartmentIndex:
    """Units by id, code, full name or short name (offices write any of them)."""

    def __init__(self, pairs: Iterable[tuple[int, str, str, str]]) -> None:
        self.by_text: dict[str, int] = {}
        self.ids: set[int] = set()
        for pk, code, name, short in pairs:
            self.ids.add(pk)
            for text in (short, name, code):  # a full name or code wins over a short name
                if text:
                    self.by_text[text.strip()] = pk

    @classmethod
    def load(cls) -> DepartmentIndex:
        return cls(
            Department.objects.filter(active=True).values_list("pk", "code", "name", "short_name")
        )

    def find(self, value: Any) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool):
            return value if value in self.ids else None
        text = as_text(value)
        if text.isdigit() and int(text) in self.ids and text not in self.by_text:
            return int(text)
        return self.by_text.get(text)


def parse_date(value: Any) -> date | None:
    """A date cell, or text like 2012-12-31, 2012/12/31, 2012年12月31日; None if not one."""
    if isinstance(value, date):
        return value
    match = DATE.match(as_text(value))
    if match is None:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def parse_decimal(value: Any) -> Decimal | None:
    """A number cell or text (thousands separators allowed); raises ValueError if not one."""
    if isinstance(value, bool):
        raise ValueError(value)
    text = as_text(value).replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        raise ValueError(text)
    return number.quantize(Decimal("0.0001"))


class _Row:
    """One row being checked: reads its cells and collects its errors."""

    def __init__(self, number: int, cells: Mapping[str, Any], errors: list[RowError]) -> None:
        self.number = number
        self.cells = cells
        self.errors = errors

    def flag(self, key: str, *, code: str, message: str) -> None:
        self.errors.append(RowError(self.number, COLUMNS.get(key, key), code, message))

    def text(self, key: str, limit: int = SHORT_MAX) -> str:
        value = as_text(self.cells.get(key))
        if len(value) > limit:
            self.flag(
                key, code="target_text_too_long", message=f"“{COLUMNS[key]}”不能超过 {limit} 个字"
            )
        return value[:limit]

    def number_(self, key: str) -> Decimal | None:
        try:
            return parse_decimal(self.cells.get(key))
        except ValueError:
            self.flag(key, code="target_number_invalid", message=f"“{COLUMNS[key]}”应为数字")
            return None

    def date_(self, key: str) -> date | None:
        raw = self.cells.get(key)
        if raw in (None, ""):
            return None
        day = parse_date(raw)
        if day is None:
            self.flag(
                key, code="target_date_invalid", message=f"“{COLUMNS[key]}”应为日期，如 2012-12-31"
            )
        return day


def check_rows(
    rows: Sequence[SheetRow], units: DepartmentIndex
) -> tuple[list[TaskSpec], list[RowError]]:
    """Every row checked; the specs in order (parents before children) and every error."""
    errors: list[RowError] = []
    codes = [as_text(r.cells.get("code")) for r in rows]
    known = {c for c in codes if CODE.match(c)}
    parents = {c.rsplit(".", 1)[0] for c in known if "." in c}
    seen: set[str] = set()
    specs: list[TaskSpec] = []
    for sheet_row, code in zip(rows, codes, strict=True):
        row = _Row(sheet_row.number, sheet_row.cells, errors)
        if not CODE.match(code):
            row.flag(
                "code", code="target_code_invalid", message="序号应为 1、1.1、1.1.1 这样的编号"
            )
        elif code in seen:
            row.flag("code", code="target_code_invalid", message=f"序号 {code} 重复")
        elif "." in code and code.rsplit(".", 1)[0] not in known:
            row.flag(
                "code",
                code="target_parent_unknown",
                message=f"上级序号 {code.rsplit('.', 1)[0]} 不存在",
            )
        seen.add(code)
        spec = check_task(row, code=code, is_leaf=code not in parents, units=units)
        specs.append(spec)
    return specs, errors


def check_task(row: _Row, *, code: str, is_leaf: bool, units: DepartmentIndex) -> TaskSpec:
    """One task's fields; a leaf must say who, when and to what standard."""
    title = row.text("title", TITLE_MAX)
    if not title:
        row.flag("title", code="target_title_required", message="请填写工作任务（事项）")
    spec = TaskSpec(row=row.number, code=code, title=title, is_leaf=is_leaf)
    category = row.text("category")
    if category:
        if category not in CATEGORY_OF:
            labels = "、".join(c.label for c in Category)
            row.flag(
                "category", code="target_category_invalid", message=f"任务类别应为{labels}之一"
            )
        else:
            spec.category = CATEGORY_OF[category]
    spec.is_key = row.text("is_key").lower() in YES
    if not is_leaf:
        return spec
    _who(row, spec, units)
    spec.deadline = row.date_("deadline")
    if spec.deadline is None and not row.cells.get("deadline"):
        row.flag(
            "deadline", code="target_deadline_required", message="请填写完成时限（什么时间干完）"
        )
    _standard(row, spec)
    weight = row.number_("weight")
    if weight is not None and weight <= 0:
        row.flag("weight", code="target_weight_invalid", message="权重须大于 0")
    spec.weight = weight if weight is not None and weight > 0 else DEFAULT_WEIGHT
    _milestones(row, spec)
    return spec


def _who(row: _Row, spec: TaskSpec, units: DepartmentIndex) -> None:
    lead = row.cells.get("lead")
    if lead in (None, ""):
        row.flag("lead", code="target_owner_required", message="请填写牵头单位（谁去干）")
    else:
        spec.lead_department_id = units.find(lead)
        if spec.lead_department_id is None:
            row.flag(
                "lead", code="target_department_unknown", message=f"牵头单位“{as_text(lead)}”不存在"
            )
    cooperating = row.cells.get("cooperating")
    if isinstance(cooperating, list | tuple | set):
        names: list[Any] = list(cooperating)
    else:
        names = [n for n in NAME_SPLIT.split(as_text(cooperating)) if n]
    for name in names:
        pk = units.find(name)
        if pk is None:
            row.flag(
                "cooperating",
                code="target_department_unknown",
                message=f"配合单位“{as_text(name)}”不存在",
            )
        elif pk != spec.lead_department_id and pk not in spec.cooperating_ids:
            spec.cooperating_ids.append(pk)
    spec.leader = row.text("leader")
    spec.person = row.text("person")
    if not spec.person:
        row.flag("person", code="target_owner_required", message="请填写责任人（谁去干）")


def _standard(row: _Row, spec: TaskSpec) -> None:
    spec.indicator = row.text("indicator", 200)
    spec.measure_unit = row.text("measure_unit", 20)
    spec.baseline = row.number_("baseline")
    spec.target_value = row.number_("target_value")
    spec.standard = row.text("standard", 4000)
    quantitative = bool(spec.indicator or spec.target_value is not None or spec.measure_unit)
    if quantitative:
        spec.standard_kind = StandardKind.QUANTITATIVE
        missing = [
            COLUMNS[k]
            for k, v in (
                ("indicator", spec.indicator),
                ("measure_unit", spec.measure_unit),
                ("target_value", spec.target_value),
            )
            if v in (None, "") and not (k == "target_value" and row.cells.get(k))
        ]
        if missing:
            row.flag(
                "target_value" if "目标值" in missing else "indicator",
                code="target_standard_required",
                message=f"定量指标须写明{'、'.join(missing)}（干到什么程度）",
            )
    elif spec.standard:
        spec.standard_kind = StandardKind.QUALITATIVE
    else:
        row.flag(
            "standard",
            code="target_standard_required",
            message="请填写完成标准：定量指标（指标名称、计量单位、目标值）或定性标准（干到什么程度）",
        )


def _milestones(row: _Row, spec: TaskSpec) -> None:
    for n in range(1, MILESTONE_SLOTS + 1):
        title = row.text(f"m{n}", 300)
        due = row.date_(f"m{n}_due")
        if title and due is None and not row.cells.get(f"m{n}_due"):
            row.flag(f"m{n}_due", code="target_date_invalid", message=f"请填写节点{n}的时限")
        elif due is not None and not title:
            row.flag(f"m{n}", code="target_title_required", message=f"请填写节点{n}的内容")
        elif title and due is not None:
            if spec.deadline is not None and due > spec.deadline:
                row.flag(
                    f"m{n}_due", code="target_date_invalid", message=f"节点{n}的时限晚于完成时限"
                )
            spec.milestones.append(MilestoneSpec(title, due))

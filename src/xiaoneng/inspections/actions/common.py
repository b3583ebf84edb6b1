"""What the inspection actions share: the locked activity (permission and
scope checked for the step on the locked row), input checks, and the
findings raised for supervision."""

from __future__ import annotations

import functools
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse

from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.text import as_int, require_text
from xiaoneng.inspections import creditcode
from xiaoneng.inspections.models import Activity, Enterprise
from xiaoneng.inspections.selectors import (
    APPROVE,
    REGISTER,
    UNIT_KINDS,
    activities_for,
    activity_not_found,
)
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

text = functools.partial(require_text, limit=4000)
MAX_ITEMS = 50
MAX_PEOPLE = 100


def optional(value: Any, limit: int) -> str:
    return str(value or "").strip()[:limit]


def organises(user: User, row: Activity) -> bool:
    """Whether the user's data scope covers the organiser or a co-organiser."""
    if covers_department(user, row.organiser_id):
        return True
    return any(covers_department(user, pk) for pk in row.co_organisers.values_list("pk", flat=True))


def locked_activity(actor: Actor, activity_id: Any, permission: str) -> tuple[User, Activity]:
    """The user and the activity, locked. One the actor does not see (another
    unit's, a leader's outside his portfolio) is not found, as on its page;
    of one it sees, for `inspection.register` the actor's unit must
    (co-)organise it, for `inspection.approve` the organiser must be in the
    actor's portfolio (data scope)."""
    user = require(actor, permission)
    row = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("organiser")
        .filter(pk=as_int(activity_id) or 0)
        .first()
    )
    if row is None or not activities_for(user).filter(pk=row.pk).exists():
        raise activity_not_found()
    if permission == APPROVE and not covers_department(user, row.organiser_id):
        raise PermissionDenied(
            "该活动的组织单位不在您分管的范围内", code="inspection_not_in_portfolio"
        )
    if permission == REGISTER and not organises(user, row):
        raise PermissionDenied("该活动不是本单位组织的", code="inspection_not_organiser")
    return user, row


def period(start: Any, end: Any) -> tuple[date, date]:
    if type(start) is not date or type(end) is not date or end < start:
        raise InvalidInput(
            "日期不正确（结束日期不能早于开始日期）", code="inspection_period_invalid"
        )
    return start, end


def items_of(values: Any, *, code: str) -> list[str]:
    """Distinct non-empty items, in the order given (a list, or lines of text)."""
    raw = values.splitlines() if isinstance(values, str) else list(values or ())
    out: list[str] = []
    for value in raw:
        item = str(value).strip()[:200]
        if item and item not in out:
            out.append(item)
    if not out:
        raise InvalidInput("请填写内容和事项", code=code)
    if len(out) > MAX_ITEMS:
        raise InvalidInput(f"事项最多 {MAX_ITEMS} 项", code="inspection_items_too_many")
    return out


def units_of(ids: Any) -> list[Department]:
    given = {as_int(i) for i in ids or ()}
    wanted = {i for i in given if i is not None}
    if len(wanted) != len(given):
        raise InvalidInput("对象单位不正确", code="inspection_unit_invalid")
    found = list(Department.objects.filter(pk__in=wanted, active=True, kind__in=UNIT_KINDS))
    if len(found) != len(wanted):
        raise InvalidInput("对象单位不正确", code="inspection_unit_invalid")
    return found


def enterprises_of(codes: Any) -> list[Enterprise]:
    """Registered enterprises by 统一社会信用代码 (the check character checked)."""
    wanted: list[str] = []
    for value in codes or ():
        code = creditcode.normalise(value)
        if not creditcode.is_valid(code):
            raise InvalidInput(
                f"统一社会信用代码不正确：{code[:18]}",
                code="inspection_credit_code_invalid",
                detail={"credit_code": code[:18]},
            )
        if code not in wanted:
            wanted.append(code)
    found = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=wanted)}
    missing = [c for c in wanted if c not in found]
    if missing:
        raise InvalidInput(
            "企业未在企业名录中登记",
            code="inspection_enterprise_unknown",
            detail={"codes": missing},
        )
    return [found[c] for c in wanted]


def people_of(rows: Any, fields: tuple[str, ...], *, code: str) -> list[dict[str, str]]:
    """Participants (name, unit) or companions (name, title, unit), each field required."""
    out = []
    for row in list(rows or ())[: MAX_PEOPLE + 1]:
        person = {
            f: optional((row or {}).get(f) if isinstance(row, dict) else "", 200) for f in fields
        }
        if not all(person.values()):
            raise InvalidInput("人员信息不完整", code=code)
        out.append(person)
    if len(out) > MAX_PEOPLE:
        raise InvalidInput(f"人员最多 {MAX_PEOPLE} 名", code="inspection_people_too_many")
    return out


def unit_named(name: str) -> Department | None:
    return (
        Department.objects.filter(Q(name=name) | Q(short_name=name), active=True)
        .order_by("id")
        .first()
    )


def in_county(dept: Department | None) -> bool:
    """A county (区县) or one of its departments."""
    if dept is None:
        return False
    if dept.kind == DepartmentKind.COUNTY:
        return True
    ids = [int(i) for i in dept.ancestors.strip("/").split("/") if i]
    return Department.objects.filter(pk__in=ids, kind=DepartmentKind.COUNTY).exists()


def subject(row: Activity) -> Subject:
    return Subject(
        kind="inspection",
        ref=row.pk,
        title=f"{row.number} {row.title}",
        url=reverse("inspections:activity", kwargs={"pk": row.pk}),
        department_id=row.organiser_id,
    )


def flag(row: Activity, kind: str, evidence: dict[str, Any], on: date) -> None:
    """A finding on the activity for supervision (once per kind)."""
    raise_subject_anomaly(subject=subject(row), kind=kind, evidence=evidence, found_on=on)


def county_companions(row: Activity, companions: list[Any]) -> list[str]:
    """The companions from a county on a city department's tour (seed art. 5)."""
    if row.organiser.kind != DepartmentKind.DEPARTMENT:
        return []
    return [f"{c.unit_name} {c.title} {c.name}" for c in companions if in_county(c.unit)]

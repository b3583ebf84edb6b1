"""What happened: the activity held (checked against its approval), the
random draw of its targets and inspectors, and the published result."""

from __future__ import annotations

import secrets
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.text import as_int
from xiaoneng.inspections import draws
from xiaoneng.inspections.models import (
    Activity,
    ActivityKind,
    Draw,
    Enterprise,
    Inspector,
    Participant,
    Result,
    Status,
)
from xiaoneng.inspections.selectors import REGISTER

from .activities import add_companions
from .common import (
    county_companions,
    enterprises_of,
    flag,
    items_of,
    locked_activity,
    optional,
    people_of,
    period,
    units_of,
)

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MAX_DRAW = 100


def _overrun(
    row: Activity, start: date, end: date, items: list[str], units: Any, firms: Any
) -> dict[str, Any]:
    """What went beyond the approval: dates, items, targets (empty: nothing)."""
    beyond: dict[str, Any] = {}
    if start < row.start_on or end > row.end_on:
        beyond["批准日期"] = [row.start_on, row.end_on]
        beyond["实际日期"] = [start, end]
    extra_items = [i for i in items if i not in row.items]
    if extra_items:
        beyond["批准事项"] = list(row.items)
        beyond["超出事项"] = extra_items
    approved_units = set(row.target_units.values_list("pk", flat=True))
    approved_firms = set(row.target_enterprises.values_list("pk", flat=True))
    extra = [d.name for d in units if d.pk not in approved_units]
    extra += [f"{e.name}（{e.credit_code}）" for e in firms if e.pk not in approved_firms]
    if extra:
        beyond["超出对象"] = extra
    return beyond


@transaction.atomic(durable=True)
def record_held(
    *,
    actor: Actor,
    activity_id: Any,
    held_start: date,
    held_end: date,
    items: Any,
    unit_ids: Any = (),
    credit_codes: Any = (),
    companions: Any = (),
) -> Activity:
    """登记实施情况: actual dates, items checked, targets visited, who
    accompanied. Unapproved → `inspection_unapproved`; beyond the approval
    → `inspection_overrun`; a county companion on a departmental tour →
    `leader_accompanied`."""
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status == Status.HELD:
        raise Conflict("实施情况已登记", code="inspection_already_held")
    if row.status == Status.MERGED:
        raise Conflict("该活动已并入联合检查，请在联合检查上登记", code="inspection_merged")
    start, end = period(held_start, held_end)
    if end > timesource.today():
        raise InvalidInput("实际结束日期不能晚于今天", code="inspection_held_in_future")
    checked = items_of(items, code="inspection_held_items_required")
    units, firms = units_of(unit_ids), enterprises_of(credit_codes)
    people = people_of(companions, ("name", "title", "unit"), code="inspection_companion_invalid")
    approved = row.status == Status.APPROVED
    beyond = _overrun(row, start, end, checked, units, firms) if approved else {}
    was = row.get_status_display()
    row.held_start, row.held_end, row.held_items = start, end, checked
    row.held_targets = {
        "units": [d.name for d in units],
        "enterprises": [e.credit_code for e in firms],
    }
    row.held_recorded_on = today = timesource.today()
    row.held_unapproved = not approved
    row.status = Status.HELD
    row.save()
    accompanied = add_companions(row, people, held=True)
    record_event(
        actor=user,
        event_type="inspection.held",
        object_type="inspection",
        object_id=row.number,
        payload={"period": [start, end], "approved": approved, "overrun": bool(beyond)},
    )
    if not approved:
        flag(
            row,
            "inspection_unapproved",
            {"实施时状态": was, "实际日期": [start, end], "实际事项": checked},
            today,
        )
    if beyond:
        flag(row, "inspection_overrun", beyond, today)
    if county := county_companions(row, accompanied):
        flag(row, "leader_accompanied", {"陪同人员": county, "组织单位": row.organiser.name}, today)
    return row


@transaction.atomic(durable=True)
def record_result(*, actor: Actor, activity_id: Any, result: str, summary: str = "") -> Activity:
    """公布结果 (双随机一公开): found problems or not, published at once."""
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status != Status.HELD:
        raise Conflict("活动尚未实施", code="inspection_not_held")
    if result not in (Result.CLEAN, Result.FOUND):
        raise InvalidInput("检查结果不正确", code="inspection_result_invalid")
    row.result, row.result_text = result, optional(summary, 2000)
    row.result_on = timesource.today()
    row.save(update_fields=["result", "result_text", "result_on", "updated_at"])
    record_event(
        actor=user,
        event_type="inspection.result_published",
        object_type="inspection",
        object_id=row.number,
        payload={"result": result},
    )
    return row


def _count(value: Any, available: int, label: str) -> int:
    n = as_int(value)
    if n is None or n < 1 or n > min(available, MAX_DRAW):
        raise InvalidInput(
            f"{label}数量不正确（名录中可抽取 {available} 个）",
            code="inspection_draw_count_invalid",
            detail={"available": available},
        )
    return n


@transaction.atomic(durable=True)
def draw_targets(
    *,
    actor: Actor,
    activity_id: Any,
    enterprise_count: Any,
    inspector_count: Any,
    industry: str = "",
) -> Draw:
    """双随机抽取: N enterprises (of the industry) and M of the organiser's
    inspectors, by `random.Random(seed)` over the lists sorted by credit code
    and certificate number; seed, snapshots and their digest are kept."""
    user, row = locked_activity(actor, activity_id, REGISTER)
    if row.status != Status.PENDING or row.kind != ActivityKind.INSPECT:
        raise Conflict("只能为待审批的检查活动抽取", code="inspection_draw_not_allowed")
    if Draw.objects.filter(activity=row).exists():
        raise Conflict("该活动已抽取", code="inspection_already_drawn")
    sector = optional(industry, 50)
    firms = Enterprise.objects.filter(active=True).order_by("credit_code")
    if sector:
        firms = firms.filter(industry=sector)
    # Two columns, not model instances: the register runs to tens of thousands.
    ent = [list(pair) for pair in firms.values_list("credit_code", "name")]
    officers = Inspector.objects.filter(department=row.organiser, active=True).order_by(
        "certificate_no"
    )
    ins = [list(pair) for pair in officers.values_list("certificate_no", "name")]
    n = _count(enterprise_count, len(ent), "企业")
    m = _count(inspector_count, len(ins), "执法人员")
    seed = secrets.token_hex(16)
    chosen_e, chosen_i = draws.pick(seed, ent, ins, n, m)
    draw = Draw.objects.create(
        activity=row,
        seed=seed,
        industry=sector,
        enterprise_count=n,
        inspector_count=m,
        enterprise_snapshot=ent,
        inspector_snapshot=ins,
        snapshot_digest=draws.snapshot_digest(ent, ins),
        chosen_enterprises=chosen_e,
        chosen_inspectors=chosen_i,
        drawn_by=user,
        drawn_on=timesource.today(),
    )
    row.target_enterprises.add(*Enterprise.objects.filter(credit_code__in=chosen_e))
    for officer in officers.filter(certificate_no__in=chosen_i):
        Participant.objects.create(
            activity=row, name=officer.name, unit=row.organiser.name, inspector=officer
        )
    record_event(
        actor=user,
        event_type="inspection.drawn",
        object_type="inspection",
        object_id=row.number,
        payload={
            "seed": seed,
            "digest": draw.snapshot_digest,
            "enterprises": chosen_e,
            "inspectors": chosen_i,
        },
    )
    return draw

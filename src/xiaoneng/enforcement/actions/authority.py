"""What a body may enforce (国办发〔2018〕118号 执法公示; 行政处罚法 art. 18–20,
34): the body's enforcement list (执法事项清单) and its discretion
benchmarks (裁量基准), kept by the body's head (`enforcement.manage`, his own
body only). Who may enforce it — the officers' certificates — is
`actions/certificates.py`.

Benchmark revisions and open cases: a body may revise a published item's
benchmarks at any time; each revision is an audit event carrying the grades
before and after and the day it took effect (`enforcement.benchmarks_set`).
A case does not keep a copy: the decision is checked against the benchmark
in force on the day it is taken (the current rows). The party is protected
by art. 45 all the same — the decision is never heavier than the penalty
notified — and the audit tells which benchmark was in force on any day.

An item's code is its identity on the public list and in the cases: it is
set once, at creation. A repealed item (`active=False`) stays on the record
of the cases decided under it, but no case can be opened under it."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Count

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.actions import inputs
from xiaoneng.enforcement.common import MANAGE
from xiaoneng.enforcement.models import Benchmark, Grade, Item, PenaltyKind
from xiaoneng.org.authority import INTERNAL_KINDS, covers_department, require, unit_of
from xiaoneng.org.models import Department, DepartmentKind, User

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# 减轻 < 从轻 < 一般 < 从重: the order their lower bounds must keep.
GRADE_ORDER = (Grade.MITIGATED, Grade.LIGHTER, Grade.GENERAL, Grade.HEAVIER)


# --- input ---------------------------------------------------------------------


def money(value: Any, *, code: str, label: str) -> Decimal:
    """A required amount of yuan (`inputs.amount`: not negative, to the fen)."""
    number = inputs.amount(value, code=code, label=label)
    if number is None:  # required: `inputs.amount` refuses a missing one
        raise InvalidInput(f"请填写{label}", code=code)
    return number


def _penalties(value: Any) -> list[str]:
    """The kinds of penalty an item may impose: a non-empty subset of art. 9's."""
    kinds = list(value) if isinstance(value, list | tuple) else []
    if not kinds or any(k not in PenaltyKind.values for k in kinds) or len(set(kinds)) < len(kinds):
        raise InvalidInput(
            "处罚种类不正确（行政处罚法第九条）", code="enforcement_item_penalties_invalid"
        )
    return [k for k in PenaltyKind.values if k in kinds]  # in the law's order


def _fine_range(penalties: list[str], low: Any, high: Any) -> tuple[Decimal | None, Decimal | None]:
    """The statutory fine range: both bounds when the item may fine, min ≤ max;
    none when it may not."""
    if PenaltyKind.FINE not in penalties:
        if low not in (None, "") or high not in (None, ""):
            raise InvalidInput(
                "处罚种类不含罚款，不应填写罚款幅度", code="enforcement_item_fine_range_invalid"
            )
        return None, None
    code = "enforcement_item_fine_range_invalid"
    fine_min = money(low, code=code, label="法定罚款下限")
    fine_max = money(high, code=code, label="法定罚款上限")
    if fine_min > fine_max:
        raise InvalidInput("法定罚款下限不得高于上限", code=code)
    return fine_min, fine_max


def _item_fields(
    *,
    name: Any,
    legal_basis: Any,
    penalty_basis: Any,
    penalties: Any,
    fine_min: Any,
    fine_max: Any,
    first_offence_exempt: Any,
    exempt_conditions: Any,
) -> dict[str, Any]:
    kinds = _penalties(penalties)
    low, high = _fine_range(kinds, fine_min, fine_max)
    exempt = first_offence_exempt is True or first_offence_exempt in ("1", "on", "true")
    conditions = inputs.optional(
        exempt_conditions,
        code="enforcement_item_exempt_conditions_required",
        label="不予处罚情形",
        limit=4000,
    )
    if exempt and not conditions:
        # art. 33: the body publishes the conditions under which it does not penalise.
        raise InvalidInput(
            "适用首违不罚的，请写明不予处罚的情形",
            code="enforcement_item_exempt_conditions_required",
        )
    return {
        "name": inputs.text(
            name, code="enforcement_item_name_required", label="违法行为", limit=200
        ),
        "legal_basis": inputs.text(
            legal_basis,
            code="enforcement_item_legal_basis_required",
            label="违法依据",
            limit=4000,
        ),
        "penalty_basis": inputs.text(
            penalty_basis,
            code="enforcement_item_penalty_basis_required",
            label="处罚依据",
            limit=4000,
        ),
        "penalties": kinds,
        "fine_min": low,
        "fine_max": high,
        "first_offence_exempt": exempt,
        "exempt_conditions": conditions,
    }


# --- the enforcement list -------------------------------------------------------


def missing_item() -> NotFound:
    return NotFound("执法事项不存在或无权查看", code="enforcement_item_not_found")


def enforcing_body(body_id: Any) -> Department:
    """An active unit that can be an enforcement body (not an internal
    section, a window or the applicants' pseudo-unit)."""
    body = Department.objects.filter(pk=as_int(body_id) or 0, active=True).first()
    if body is None or body.kind in (*INTERNAL_KINDS, DepartmentKind.EXTERNAL):
        raise InvalidInput("执法主体不正确", code="enforcement_body_invalid")
    return body


def _body(user: User, body_id: Any) -> Department:
    """The body an item is listed for: the one named (in the head's scope) or
    the head's own unit."""
    own = unit_of(user) if body_id in (None, "") else None
    body = enforcing_body(own.pk if own is not None else body_id)
    if not covers_department(user, body.pk):
        raise PermissionDenied("只能维护本机关的执法事项清单", code="enforcement_body_out_of_scope")
    return body


def locked_item(user: User, item_id: Any) -> Item:
    """The item, locked; one of a body the user does not cover is not there."""
    row = (
        Item.objects.select_for_update(of=("self",))
        .select_related("body")
        .filter(pk=as_int(item_id) or 0)
        .first()
    )
    if row is None or not covers_department(user, row.body_id):
        raise missing_item()
    return row


def _item_event(user: User, row: Item, what: str, **payload: Any) -> None:
    record_event(
        actor=user,
        event_type=what,
        object_type="enforcement_item",
        object_id=row.pk,
        payload={"code": row.code, "body": row.body.code, **payload},
    )


def _yuan(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


@transaction.atomic(durable=True)
def create_item(
    *,
    actor: Actor,
    code: Any,
    name: Any,
    legal_basis: Any,
    penalty_basis: Any,
    penalties: Any,
    fine_min: Any = None,
    fine_max: Any = None,
    first_offence_exempt: Any = False,
    exempt_conditions: Any = "",
    body_id: Any = None,
) -> Item:
    """The head lists an enforcement item of his body (unpublished until the
    list is published)."""
    user = require(actor, MANAGE)
    body = _body(user, body_id)
    the_code = inputs.text(code, code="enforcement_item_code_required", label="事项编码", limit=40)
    fields = _item_fields(
        name=name,
        legal_basis=legal_basis,
        penalty_basis=penalty_basis,
        penalties=penalties,
        fine_min=fine_min,
        fine_max=fine_max,
        first_offence_exempt=first_offence_exempt,
        exempt_conditions=exempt_conditions,
    )
    taken = Conflict("事项编码已被使用", code="enforcement_item_code_taken")
    if Item.objects.filter(code=the_code).exists():
        raise taken
    try:
        with transaction.atomic():
            row = Item.objects.create(body=body, code=the_code, created_by=user, **fields)
    except IntegrityError:  # a concurrent creation of the same code
        raise taken from None
    _item_event(
        user,
        row,
        "enforcement.item_created",
        name=row.name,
        penalties=row.penalties,
        fine_min=_yuan(row.fine_min),
        fine_max=_yuan(row.fine_max),
    )
    return row


def _benchmarks_fit(row: Item) -> None:
    """Changed statutory bounds must still hold the item's benchmarks."""
    if not row.benchmarks.exists():
        return
    if row.fine_min is None or row.fine_max is None:
        raise Conflict(
            "该事项已有裁量基准，处罚种类须保留罚款", code="enforcement_benchmark_outside_range"
        )
    _check_grades(row, [(b.grade, b.fine_min, b.fine_max) for b in row.benchmarks.all()])


@transaction.atomic(durable=True)
def update_item(
    *,
    actor: Actor,
    item_id: Any,
    name: Any,
    legal_basis: Any,
    penalty_basis: Any,
    penalties: Any,
    fine_min: Any = None,
    fine_max: Any = None,
    first_offence_exempt: Any = False,
    exempt_conditions: Any = "",
) -> Item:
    """The head revises an item of his body (the code stays). A published
    item may be revised: the audit keeps what it said before. Its benchmarks
    must still lie within the new statutory range."""
    user = require(actor, MANAGE)
    row = locked_item(user, item_id)
    if not row.active:
        raise Conflict("该执法事项已废止", code="enforcement_item_repealed")
    fields = _item_fields(
        name=name,
        legal_basis=legal_basis,
        penalty_basis=penalty_basis,
        penalties=penalties,
        fine_min=fine_min,
        fine_max=fine_max,
        first_offence_exempt=first_offence_exempt,
        exempt_conditions=exempt_conditions,
    )
    before = {k: getattr(row, k) for k in fields}
    for key, value in fields.items():
        setattr(row, key, value)
    _benchmarks_fit(row)
    row.save(update_fields=list(fields))
    changed = {
        k: {"before": _plain(before[k]), "after": _plain(v)}
        for k, v in fields.items()
        if before[k] != v
    }
    _item_event(
        user,
        row,
        "enforcement.item_updated",
        changed=changed,
        published=row.published_on is not None,
        effective_on=timesource.today().isoformat(),
    )
    return row


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


# --- benchmarks -----------------------------------------------------------------


def _check_grades(row: Item, grades: list[tuple[str, Decimal, Decimal]]) -> None:
    """Each range min ≤ max and within the statutory range — 减轻 may start
    below the statutory minimum (art. 32: a lighter penalty than the law's
    range), never above its maximum — and the grades ordered by their lower
    bounds: 减轻 ≤ 从轻 ≤ 一般 ≤ 从重."""
    if row.fine_min is None or row.fine_max is None:
        raise InvalidInput(
            "该事项不处罚款，无须设定罚款裁量基准", code="enforcement_benchmark_no_fine"
        )
    for grade, low, high in grades:
        label = Grade(grade).label
        if low > high:
            raise InvalidInput(
                f"{label}的罚款下限不得高于上限",
                code="enforcement_benchmark_range_invalid",
                detail={"grade": grade},
            )
        floor = Decimal(0) if grade == Grade.MITIGATED else row.fine_min
        if low < floor or high > row.fine_max:
            raise InvalidInput(
                f"{label}的罚款幅度超出法定幅度（{row.fine_min}–{row.fine_max}元）",
                code="enforcement_benchmark_outside_range",
                detail={
                    "grade": grade,
                    "fine_min": str(row.fine_min),
                    "fine_max": str(row.fine_max),
                },
            )
    lows = {grade: low for grade, low, _ in grades}
    ordered = [lows[g] for g in GRADE_ORDER if g in lows]
    if ordered != sorted(ordered):
        raise InvalidInput(
            "裁量阶次须按减轻、从轻、一般、从重由低到高排列",
            code="enforcement_benchmark_grades_disordered",
        )


def _grades(item: Item, benchmarks: Any) -> list[dict[str, Any]]:
    """The four grades as given: each once, with circumstances and a range."""
    given = list(benchmarks) if isinstance(benchmarks, list | tuple) else []
    names = [b.get("grade") if isinstance(b, dict) else None for b in given]
    if sorted(str(n) for n in names) != sorted(Grade.values):
        raise InvalidInput(
            "请设定减轻、从轻、一般、从重四个裁量阶次，每个阶次一次",
            code="enforcement_benchmark_grades_incomplete",
        )
    rows = []
    for b in given:
        label = Grade(b["grade"]).label
        code = "enforcement_benchmark_range_invalid"
        rows.append(
            {
                "grade": b["grade"],
                "circumstances": inputs.text(
                    b.get("circumstances"),
                    code="enforcement_benchmark_circumstances_required",
                    label=f"{label}的适用情形",
                    limit=4000,
                ),
                "fine_min": money(b.get("fine_min"), code=code, label=f"{label}的罚款下限"),
                "fine_max": money(b.get("fine_max"), code=code, label=f"{label}的罚款上限"),
                "other_penalties": inputs.optional(
                    b.get("other_penalties"),
                    code="enforcement_benchmark_range_invalid",
                    label=f"{label}的并处",
                    limit=300,
                ),
            }
        )
    _check_grades(item, [(r["grade"], r["fine_min"], r["fine_max"]) for r in rows])
    return sorted(rows, key=lambda r: GRADE_ORDER.index(r["grade"]))


def _shown(b: Benchmark | dict[str, Any]) -> dict[str, str]:
    get = b.get if isinstance(b, dict) else lambda k: getattr(b, k)
    return {
        "grade": str(get("grade")),
        "fine_min": str(get("fine_min")),
        "fine_max": str(get("fine_max")),
        "circumstances": str(get("circumstances")),
        "other_penalties": str(get("other_penalties")),
    }


@transaction.atomic(durable=True)
def set_benchmarks(*, actor: Actor, item_id: Any, benchmarks: Any) -> list[Benchmark]:
    """The head sets (or revises) the item's four benchmark grades at once.
    A revision of a published item is recorded with the grades before and
    after and the day it takes effect; decisions from that day are checked
    against it (see the module's docstring)."""
    user = require(actor, MANAGE)
    row = locked_item(user, item_id)
    if not row.active:
        raise Conflict("该执法事项已废止", code="enforcement_item_repealed")
    if row.fine_min is None or row.fine_max is None:
        raise InvalidInput(
            "该事项不处罚款，无须设定罚款裁量基准", code="enforcement_benchmark_no_fine"
        )
    rows = _grades(row, benchmarks)
    before = [_shown(b) for b in row.benchmarks.all()]
    saved = []
    for r in rows:
        bench, _ = Benchmark.objects.update_or_create(
            item=row, grade=r["grade"], defaults={k: v for k, v in r.items() if k != "grade"}
        )
        saved.append(bench)
    _item_event(
        user,
        row,
        "enforcement.benchmarks_set",
        before=before,
        after=[_shown(r) for r in rows],
        published=row.published_on is not None,
        effective_on=timesource.today().isoformat(),
    )
    return saved


# --- publication and repeal -------------------------------------------------------


@transaction.atomic(durable=True)
def publish_list(*, actor: Actor, body_id: Any = None) -> list[Item]:
    """The head publishes the body's list (执法公示, 118号): every active item
    not yet published, each fining item with its four benchmark grades (the
    benchmarks are published with it). Returns the items published."""
    user = require(actor, MANAGE)
    body = _body(user, body_id)
    items = list(
        Item.objects.select_for_update()
        .filter(body=body, active=True, published_on=None)
        .order_by("code")
    )
    if not items:
        raise Conflict("没有待公示的执法事项", code="enforcement_list_nothing_to_publish")
    counts = {
        b["item_id"]: b["n"]
        for b in Benchmark.objects.filter(item__in=items).values("item_id").annotate(n=Count("id"))
    }
    lacking = [i.code for i in items if i.fine_max is not None and counts.get(i.pk, 0) < 4]
    if lacking:
        raise Conflict(
            f"以下事项尚未设定完整的裁量基准：{'、'.join(lacking)}",
            code="enforcement_benchmarks_missing",
            detail={"items": lacking},
        )
    today = timesource.today()
    Item.objects.filter(pk__in=[i.pk for i in items]).update(published_on=today)
    for i in items:
        i.published_on = today
    record_event(
        actor=user,
        event_type="enforcement.list_published",
        object_type="enforcement_list",
        object_id=body.pk,
        payload={"body": body.code, "items": [i.code for i in items], "on": today.isoformat()},
    )
    return items


@transaction.atomic(durable=True)
def repeal_item(*, actor: Actor, item_id: Any, reason: Any) -> Item:
    """The head repeals an item (the law changed, the power moved): no case
    can be opened under it from now on; cases already under it go on."""
    user = require(actor, MANAGE)
    row = locked_item(user, item_id)
    if not row.active:
        raise Conflict("该执法事项已废止", code="enforcement_item_repealed")
    why = inputs.text(
        reason, code="enforcement_item_repeal_reason_required", label="废止理由", limit=300
    )
    row.active = False
    row.save(update_fields=["active"])
    _item_event(
        user, row, "enforcement.item_repealed", reason=why, on=timesource.today().isoformat()
    )
    return row

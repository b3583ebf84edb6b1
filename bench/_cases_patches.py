"""Prototypes of the optimisations proposed for the case action path, for
`bench_cases.py --variants`. Installed by monkeypatching for the length of a
run; src/ is not changed. Each keeps the action's behaviour for the benchmark's
walk (same rows, same audit chain: verify_chain() holds afterwards); where one
would need a schema change in the product it is simulated and says so.

scope     locked_case locks the row by primary key and checks the actor's data
          scope in Python: the department ids the scope covers are read once
          per actor (one query on org_department, cached on the actor like its
          roles), then applicant/agent, then (rarely) the opinion row. Today
          the scope is a subquery with joins, LIKE and EXISTS compiled on every
          transition.
audit     record_event's three statements (read/lock head, insert, update head)
          through the cursor, values prepared by the model fields; each event
          sealed like record_event's (HMAC-SM3 by `link_mac` under
          `signing_key()`, its key id stored). The product's record_event now
          writes through the cursor too, so this rung differs from it little.
fewer     no statement that the walk does not need: intake writes tracking_no
          in advance's UPDATE instead of its own, and reads the item with its
          department; decide writes decision/decision_reason in advance's UPDATE
          and counts pending opinions only for parallel items; accept does not
          load the item for a non-parallel case. The item's handling mode is
          read from a per-process cache here — it stands for a `handling_mode`
          column snapshotted on the case at receipt, like committed_days.
calendar  current_calendar() checks the stamp at most once a second instead of
          on every transition (an import elsewhere is seen ≤ 1 s later).
cursor    advance's own statements (events' clock columns, insert event, update
          case) through the cursor too.
raw_read  locked_case reads the row with `Case.objects.raw("SELECT * … WHERE id =
          %s [FOR UPDATE]")`: the same model instance without compiling a query.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from xiaoneng.audit import actions as audit_actions
from xiaoneng.audit.keys import signing_key
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar import selectors as calendar_selectors
from xiaoneng.cases import actions, steps
from xiaoneng.cases.clocking import CLOCK_FIELDS, apply_state, clock_events, state_of
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion, Decision
from xiaoneng.catalog.models import ApprovalItem, HandlingMode, ItemStatus
from xiaoneng.core import timesource
from xiaoneng.core.clock import ClockError, ClockEvent, EventKind
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.hashchain import link_hash, link_mac, sm3_hex
from xiaoneng.core.text import new_query_code
from xiaoneng.org.authority import has_perm, require, scope_q, unit_of
from xiaoneng.org.models import Department

LADDER = {
    "as is": (),
    "+ scope check in Python": ("scope",),
    "+ audit append through the cursor": ("scope", "audit"),
    "+ fewer statements": ("scope", "audit", "fewer"),
    "+ calendar stamp checked ≤ once a second": ("scope", "audit", "fewer", "calendar"),
    "+ advance's statements through the cursor": (
        "scope",
        "audit",
        "fewer",
        "calendar",
        "cursor",
    ),
    "+ case row read with `Case.objects.raw`": (
        "scope",
        "audit",
        "fewer",
        "calendar",
        "cursor",
        "raw_read",
    ),
}
ORIGINAL = {
    (actions, "locked_case"): actions.locked_case,
    (actions, "advance"): actions.advance,
    (actions, "submit_application"): actions.submit_application,
    (actions, "decide_case"): actions.decide_case,
    (actions, "_open_opinion_tasks"): actions._open_opinion_tasks,
    (steps, "current_calendar"): steps.current_calendar,
    (steps, "record_event"): steps.record_event,
}
ON: set[str] = set()


@contextmanager
def installed(variant: str) -> Iterator[None]:
    ON.update(LADDER[variant])
    if ON & {"scope", "fewer"}:
        actions.locked_case = locked_case
    if ON & {"fewer", "cursor"}:
        actions.advance = advance
    if "fewer" in ON:
        actions.submit_application = submit_application
        actions.decide_case = decide_case
        actions._open_opinion_tasks = open_opinion_tasks
    if "calendar" in ON:
        steps.current_calendar = current_calendar
    if "audit" in ON:
        steps.record_event = record_event
    try:
        yield
    finally:
        for (module, name), value in ORIGINAL.items():
            setattr(module, name, value)
        ON.clear()
        _calendar.clear()


# --- scope --------------------------------------------------------------------------


def _on_department(q: Q, field: str = "department") -> Q:
    """scope_q(actor, dept_field=field) rewritten onto Department itself."""
    new = Q()
    new.connector, new.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            new.children.append(_on_department(child, field))
            continue
        key, value = child
        if key == f"{field}_id":
            key = "pk"
        elif key.startswith(f"{field}_id__"):
            key = "pk__" + key[len(field) + 5 :]
        elif key.startswith(f"{field}__"):
            key = key[len(field) + 2 :]
        new.children.append((key, value))
    return new


def visible_departments(actor: Any) -> frozenset[int]:
    ids: frozenset[int] | None = getattr(actor, "_xn_case_departments", None)
    if ids is None:
        q = _on_department(scope_q(actor, dept_field="department"))
        ids = frozenset(Department.objects.filter(q).values_list("pk", flat=True))
        actor._xn_case_departments = ids
    return ids


def may_handle(actor: Any, case: Case) -> bool:
    """The Python twin of `case_scope(actor)` for one row."""
    if case.department_id in visible_departments(actor):
        return True
    if actor.pk in (case.applicant_id, case.agent_id):
        return True
    unit = unit_of(actor)
    return (
        unit is not None
        and CaseOpinion.objects.filter(case_id=case.pk, department_id=unit.pk).exists()
    )


CASE_BY_ID = "SELECT * FROM cases_case WHERE id = %s"


def locked_case(
    *, actor: Any, case_id: int, permission: str, expected_version: int | None = None
) -> Case:
    require(actor, permission)
    rows = Case.objects.select_for_update(of=("self",)).filter(pk=case_id)
    if "raw_read" in ON:
        lock = " FOR UPDATE" if transaction.get_connection().features.has_select_for_update else ""
        case = next(iter(Case.objects.raw(CASE_BY_ID + lock, [case_id])), None)
        if case is not None and not may_handle(actor, case):
            case = None
    elif "scope" in ON:
        case = rows.first()
        if case is not None and not may_handle(actor, case):
            case = None
    else:
        case = rows.filter(pk__in=Case.objects.filter(steps.case_scope(actor)).values("pk")).first()
    if case is None:
        raise NotFound("办件不存在或无权办理", code="case_not_found")
    if expected_version is not None and case.version != expected_version:
        raise Conflict("办件已被他人更新，请刷新后重试", code="case_version_conflict")
    return case


# --- calendar ------------------------------------------------------------------------

_calendar: dict[str, Any] = {}


def current_calendar() -> Any:
    now = time.monotonic()
    if _calendar and now - _calendar["at"] < 1.0:
        return _calendar["calendar"]
    calendar = calendar_selectors.current_calendar()
    _calendar.update(at=now, calendar=calendar)
    return calendar


# --- audit ---------------------------------------------------------------------------

_AUDIT_FIELDS = list(AuditEvent._meta.concrete_fields)
_AUDIT_INSERT = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own column names
    AuditEvent._meta.db_table,
    ", ".join(f'"{f.column}"' for f in _AUDIT_FIELDS),
    ", ".join(["%s"] * len(_AUDIT_FIELDS)),
)


HEAD = "SELECT last_seq, last_hash FROM audit_audithead WHERE id = 1"
HEAD_FOR_UPDATE = HEAD + " FOR UPDATE"


def record_event(
    *,
    actor: Any,
    event_type: str,
    object_type: str = "",
    object_id: str | int = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    conn = transaction.get_connection()
    if not conn.in_atomic_block:
        raise RuntimeError("record_event must run inside the action's transaction")
    kid, key = signing_key()  # before the lock, as in record_event
    with conn.cursor() as cur:
        cur.execute(HEAD_FOR_UPDATE if conn.features.has_select_for_update else HEAD)
        head = cur.fetchone()
        if head is None:  # an empty chain: the original creates the head
            return audit_actions.record_event(
                actor=actor,
                event_type=event_type,
                object_type=object_type,
                object_id=object_id,
                payload=payload,
            )
        user = actor if getattr(actor, "is_authenticated", False) else None
        event = AuditEvent(
            seq=head[0] + 1,
            occurred_at=timezone.now(),
            actor=user,
            actor_name=(getattr(user, "real_name", "") or getattr(user, "username", ""))
            if user
            else "系统",
            event_type=event_type,
            object_type=object_type,
            object_id=str(object_id),
            payload=audit_actions._json_safe(payload or {}),
            prev_hash=head[1],
        )
        event.hash = link_hash(event.prev_hash, event.canonical_event())
        event.key_id, event.mac = kid, link_mac(key, event.seq, event.hash)
        cur.execute(
            _AUDIT_INSERT,
            [f.get_db_prep_save(getattr(event, f.attname), conn) for f in _AUDIT_FIELDS],
        )
        cur.execute(
            "UPDATE audit_audithead SET last_seq = %s, last_hash = %s WHERE id = 1",
            [event.seq, event.hash],
        )
    event._state.adding = False
    event._state.db = conn.alias
    return event


# --- advance (fewer, cursor) ----------------------------------------------------------

_EVENT_FIELDS = [f for f in CaseEvent._meta.concrete_fields if not f.primary_key]
_EVENT_INSERT = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - our own column names
    CaseEvent._meta.db_table,
    ", ".join(f'"{f.column}"' for f in _EVENT_FIELDS),
    ", ".join(["%s"] * len(_EVENT_FIELDS)),
)
_CASE_FIELDS = {f.name: f for f in Case._meta.concrete_fields}


def _prior_events(case: Case) -> list[ClockEvent]:
    if "cursor" not in ON:
        return clock_events(list(case.events.order_by("seq")))
    with transaction.get_connection().cursor() as cur:
        cur.execute(
            'SELECT kind, "on", days FROM cases_caseevent WHERE case_id = %s ORDER BY seq',
            [case.pk],
        )
        return [
            ClockEvent(EventKind(k), on if isinstance(on, date) else date.fromisoformat(on), d)
            for k, on, d in cur.fetchall()
        ]


def _store(case: Case, event: CaseEvent, fields: list[str]) -> None:
    if "cursor" not in ON:
        event.save()
        case.save(update_fields=fields)
        return
    conn = transaction.get_connection()
    event.at = case.updated_at = timezone.now()
    columns = [_CASE_FIELDS[name] for name in fields]
    with conn.cursor() as cur:
        cur.execute(
            _EVENT_INSERT,
            [f.get_db_prep_save(getattr(event, f.attname), conn) for f in _EVENT_FIELDS],
        )
        cur.execute(
            "UPDATE cases_case SET {} WHERE id = %s".format(  # noqa: S608 - our own columns
                ", ".join(f'"{f.column}" = %s' for f in columns)
            ),
            [*(f.get_db_prep_save(getattr(case, f.attname), conn) for f in columns), case.pk],
        )
    event._state.adding = False


def advance(
    *,
    actor: Any,
    case: Case,
    kind: EventKind,
    days: int = 0,
    note: str = "",
    payload: dict[str, Any] | None = None,
    extra_fields: tuple[str, ...] = (),
) -> CaseEvent:
    """steps.advance, with `extra_fields` written in its UPDATE."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("advance must run inside the action's transaction")
    today = timesource.today()
    prior = _prior_events(case)
    event = CaseEvent(
        case=case,
        seq=len(prior) + 1,
        kind=kind.value,
        on=today,
        days=days,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=getattr(actor, "display_name", "") or "系统",
        department_name=str(getattr(actor, "department", "") or ""),
        note=note,
        payload=payload or {},
    )
    events = [*prior, ClockEvent(kind, today, days)]
    try:
        state = state_of(case, events, steps.current_calendar(), today)
    except ClockError as exc:
        raise steps.CaseConflict(
            exc.message, code=exc.code, detail={"status": case.status}
        ) from None
    apply_state(case, state)
    case.version += 1
    _store(case, event, [*CLOCK_FIELDS, "version", "updated_at", *extra_fields])
    steps.record_event(
        actor=actor,
        event_type=f"case.{kind.value}",
        object_type="case",
        object_id=case.tracking_no,
        payload={
            "seq": event.seq,
            "on": today,
            "days": days,
            "note": note,
            "status": case.status,
            "due_on": case.due_on,
            **(payload or {}),
        },
    )
    return event


# --- fewer ---------------------------------------------------------------------------

_modes: dict[int, str] = {}


def handling_mode(case: Case) -> str:
    """Stands for a `handling_mode` column snapshotted on the case at receipt."""
    mode = _modes.get(case.item_id)
    if mode is None:
        mode = _modes[case.item_id] = case.item.handling_mode
    return mode


def open_opinion_tasks(case: Case) -> None:
    if handling_mode(case) == HandlingMode.PARALLEL:
        ORIGINAL[(actions, "_open_opinion_tasks")](case)


@transaction.atomic
def submit_application(
    *, actor: Any, item_code: str, applicant_name: str, applicant_phone: str = "", summary: str = ""
) -> tuple[Case, str]:
    if has_perm(actor, "case.intake"):
        applicant = None
    else:
        require(actor, "case.apply")
        applicant = actor
    item = (
        ApprovalItem.objects.select_related("department")
        .filter(code=item_code, status=ItemStatus.PUBLISHED)
        .first()
    )
    if item is None:
        raise NotFound("事项不存在或未发布", code="item_not_found")
    name = steps.require_text(
        applicant_name, code="applicant_name_required", message="请填写申请人"
    )
    query_code = new_query_code()
    agent = has_perm(actor, "case.agent") and not has_perm(actor, "case.intake")
    case = Case.objects.create(
        tracking_no=uuid.uuid4().hex,  # replaced below, once the id is known
        query_digest=sm3_hex(query_code.encode()),
        item=item,
        department=item.department,
        applicant=applicant,
        agent=actor if agent else None,
        applicant_name=name[:200],
        applicant_phone=applicant_phone[:30],
        summary=summary[:500],
        committed_days=item.committed_limit_days,
        legal_days=item.legal_limit_days,
        max_extension_days=item.extension_max_days,
        warning_days=item.effective_warning_days,
        is_instant=item.is_instant,
        received_on=timesource.today(),
        notice_due_on=timesource.today(),
    )
    if case.agent_id:
        case.applicant = None
    case.tracking_no = f"{case.received_on:%Y%m%d}{case.pk:08d}"
    advance(
        actor=actor,
        case=case,
        kind=EventKind.RECEIVED,
        payload={"item": item.code, "item_name": item.name},
        extra_fields=("tracking_no", "applicant"),
    )
    return case, query_code


@transaction.atomic
def decide_case(
    *,
    actor: Any,
    case_id: int,
    decision: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
    case = locked_case(
        actor=actor, case_id=case_id, permission="case.decide", expected_version=expected_version
    )
    if decision not in Decision.values:
        raise InvalidInput("决定须为 approved 或 denied", code="decision_invalid")
    if decision == Decision.DENIED:
        steps.require_text(reason, code="denial_reason_required", message="不予许可须说明理由")
    if handling_mode(case) == HandlingMode.PARALLEL:
        pending = case.opinions.filter(given_on__isnull=True).count()
        if pending:
            raise steps.CaseConflict(
                f"尚有 {pending} 个会签部门未出具意见",
                code="opinions_pending",
                detail={"pending": pending},
            )
    case.decision = decision
    case.decision_reason = reason.strip()
    advance(
        actor=actor,
        case=case,
        kind=EventKind.DECIDED,
        note=reason.strip(),
        payload={"decision": decision},
        extra_fields=("decision", "decision_reason"),
    )
    return case

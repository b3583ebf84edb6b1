"""Items of the catalogue: registered, published, repealed; the late sweep."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import as_int, require_text
from xiaoneng.openinfo import clock
from xiaoneng.openinfo.models import Category, DisclosureItem, ItemStatus
from xiaoneng.openinfo.selectors import PUBLISH, item_not_found
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.org.models import Department
from xiaoneng.supervision.actions.subjects import raise_subject_anomalies, raise_subject_anomaly
from xiaoneng.supervision.models import Anomaly
from xiaoneng.supervision.subjects import Subject

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

LATE = "disclosure_late"
SWEEP_CHUNK = 100


def text(value: Any, *, code: str, message: str, limit: int = 20000) -> str:
    return require_text(
        value if isinstance(value, str) else "", code=code, message=message, limit=limit
    )


def _unit(user: User, department_id: Any) -> Department:
    if department_id not in (None, ""):
        dept = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
        if dept is None or not covers_department(user, dept.pk):
            raise InvalidInput("单位不正确或不在本人范围内", code="openinfo_department_invalid")
        return dept
    unit = unit_of(user)
    if unit is None:
        raise InvalidInput("本人没有所属单位", code="openinfo_department_invalid")
    return unit


def _locked(actor: Actor, item_id: Any) -> tuple[User, DisclosureItem]:
    user = require(actor, PUBLISH)
    row = (
        DisclosureItem.objects.select_for_update(of=("self",))
        .filter(pk=as_int(item_id) or 0)
        .first()
    )
    if row is None or not covers_department(user, row.department_id):
        raise item_not_found()
    return user, row


def subject(row: DisclosureItem) -> Subject:
    return Subject(
        kind="disclosure_item",
        ref=row.pk,
        title=f"{row.number} {row.title}"[:200],
        url=reverse("openinfo:item", args=[row.pk]),
        department_id=row.department_id,
    )


def _late(row: DisclosureItem, today: date) -> None:
    raise_subject_anomaly(
        subject=subject(row),
        kind=LATE,
        evidence={
            "formed_on": row.formed_on.isoformat(),
            "due_on": row.due_on.isoformat(),
            "published_on": row.published_on.isoformat() if row.published_on else None,
        },
        found_on=today,
    )


def _interprets(user: User, category: str, interprets_id: Any, dept: Department) -> Any:
    if interprets_id in (None, ""):
        return None
    if category != Category.INTERPRETATION:
        raise InvalidInput("只有政策解读可以关联规范性文件", code="openinfo_interprets_unexpected")
    doc = DisclosureItem.objects.filter(
        pk=as_int(interprets_id) or 0, category=Category.POLICY, department=dept
    ).first()
    if doc is None or not covers_department(user, doc.department_id):
        raise InvalidInput(
            "政策解读应关联本单位的规范性文件", code="openinfo_interpretation_invalid"
        )
    return doc


@transaction.atomic(durable=True)
def register_item(
    *,
    actor: Actor,
    category: Any,
    title: Any,
    body: Any,
    formed_on: Any,
    document_number: Any = "",
    interprets_id: Any = None,
    department_id: Any = None,
) -> DisclosureItem:
    user = require(actor, PUBLISH)
    today = timesource.today()
    if category not in Category.values:
        raise InvalidInput("目录类别不正确", code="openinfo_category_invalid")
    name = text(title, code="openinfo_title_required", message="请填写信息名称", limit=300)
    content = text(body, code="openinfo_body_required", message="请填写信息内容")
    if type(formed_on) is not date or formed_on > today:
        raise InvalidInput(
            "形成或变更日期不正确（不能晚于今天）", code="openinfo_formed_on_invalid"
        )
    dept = _unit(user, department_id)
    doc = _interprets(user, category, interprets_id, dept)
    row = DisclosureItem.objects.create(
        number=uuid.uuid4().hex[:32],
        department=dept,
        category=category,
        title=name,
        document_number=str(document_number or "").strip()[:100],
        body=content,
        formed_on=formed_on,
        due_on=clock.due_on(formed_on, current_calendar()),
        interprets=doc,
        registered_by=user,
        registered_on=today,
    )
    row.number = f"GK{today:%Y}{row.pk:06d}"
    row.save(update_fields=["number"])
    record_event(
        actor=user,
        event_type="openinfo.item_registered",
        object_type="disclosure_item",
        object_id=row.number,
        payload={
            "department": dept.code,
            "category": category,
            "formed_on": formed_on.isoformat(),
            "due_on": row.due_on.isoformat(),
            "interprets": doc.number if doc else None,
        },
    )
    return row


@transaction.atomic(durable=True)
def publish_item(*, actor: Actor, item_id: Any) -> DisclosureItem:
    user, row = _locked(actor, item_id)
    if row.status == ItemStatus.PUBLISHED:
        raise InvalidInput("该信息已公开", code="openinfo_item_published")
    if row.interprets_id is not None and (
        DisclosureItem.objects.filter(pk=row.interprets_id, status=ItemStatus.PUBLISHED).first()
        is None
    ):
        raise InvalidInput(
            "所解读的规范性文件尚未公开，请先公开文件",
            code="openinfo_interpretation_before_document",
        )
    today = timesource.today()
    row.status, row.published_on, row.published_by = ItemStatus.PUBLISHED, today, user
    row.late = clock.is_late(row.due_on, today)
    row.save(update_fields=["status", "published_on", "published_by", "late", "updated_at"])
    record_event(
        actor=user,
        event_type="openinfo.item_published",
        object_type="disclosure_item",
        object_id=row.number,
        payload={"due_on": row.due_on.isoformat(), "late": row.late},
    )
    if row.late:
        _late(row, today)
    return row


@transaction.atomic(durable=True)
def repeal_item(*, actor: Actor, item_id: Any, on: Any = None) -> DisclosureItem:
    user, row = _locked(actor, item_id)
    today = timesource.today()
    day = today if on in (None, "") else on
    if (
        row.category not in (Category.POLICY, Category.RULES)
        or row.status != ItemStatus.PUBLISHED
        or row.repealed_on is not None
        or type(day) is not date
        or not row.formed_on <= day <= today
    ):
        raise InvalidInput(
            "只有已公开且现行有效的规章、规范性文件可以废止", code="openinfo_repeal_invalid"
        )
    row.repealed_on = day
    row.save(update_fields=["repealed_on", "updated_at"])
    record_event(
        actor=user,
        event_type="openinfo.item_repealed",
        object_type="disclosure_item",
        object_id=row.number,
        payload={"repealed_on": day.isoformat()},
    )
    return row


@transaction.atomic(durable=True)
def revise_item(
    *,
    actor: Actor,
    item_id: Any,
    changed_on: Any,
    title: Any = None,
    body: Any = None,
    document_number: Any = None,
) -> DisclosureItem:
    """A published item changed (art. 26 "形成或者变更"): the change day is
    recorded (`changed_on`; `formed_on` stays the day it was made), the
    20-working-day clock restarts from it and the item waits to be published
    again (its text, if given, is the changed one)."""
    user, row = _locked(actor, item_id)
    today = timesource.today()
    if row.status != ItemStatus.PUBLISHED or row.repealed_on is not None:
        raise InvalidInput("只有已公开且未废止的信息可以登记变更", code="openinfo_revise_invalid")
    published_on = row.published_on or row.formed_on
    if type(changed_on) is not date or not published_on <= changed_on <= today:
        raise InvalidInput(
            "变更日期不正确（不早于公开日期，不晚于今天）",
            code="openinfo_changed_on_invalid",
        )
    before = {
        "due_on": row.due_on.isoformat(),
        "published_on": row.published_on.isoformat() if row.published_on else None,
    }
    if title not in (None, ""):
        row.title = text(title, code="openinfo_title_required", message="请填写信息名称", limit=300)
    if body not in (None, ""):
        row.body = text(body, code="openinfo_body_required", message="请填写信息内容")
    if document_number is not None:
        row.document_number = str(document_number).strip()[:100]
    row.changed_on, row.due_on = changed_on, clock.due_on(changed_on, current_calendar())
    row.status, row.published_on, row.published_by, row.late = ItemStatus.PENDING, None, None, False
    row.save(
        update_fields=[
            "title",
            "body",
            "document_number",
            "changed_on",
            "due_on",
            "status",
            "published_on",
            "published_by",
            "late",
            "updated_at",
        ]
    )
    record_event(
        actor=user,
        event_type="openinfo.item_revised",
        object_type="disclosure_item",
        object_id=row.number,
        payload={
            "before": before,
            "changed_on": changed_on.isoformat(),
            "due_on": row.due_on.isoformat(),
        },
    )
    return row


def sweep_late_items() -> dict[str, int]:
    """Every pending item past its due day: its `disclosure_late` anomaly
    (once per item: raising it again is a no-op). Idempotent."""
    today = timesource.today()
    raised = 0
    overdue = DisclosureItem.objects.filter(status=ItemStatus.PENDING, due_on__lt=today)
    # Items already flagged are skipped in one read (raising again would be a
    # no-op anyway: a re-run over hundreds of late items no longer checks each).
    flagged = Anomaly.objects.filter(
        case__isnull=True, subject_kind="disclosure_item", subject_ref__isnull=False, kind=LATE
    ).values("subject_ref")
    rows = list(overdue.exclude(pk__in=flagged).order_by("id"))
    # Raised together, SWEEP_CHUNK items a transaction: one by one, a first sweep
    # over a backlog of 500 late items took 2–6 s (bench/bench_openness.py).
    for start in range(0, len(rows), SWEEP_CHUNK):
        with transaction.atomic(durable=True):
            raised += len(_raise_late(rows[start : start + SWEEP_CHUNK], today))
    if raised:
        with transaction.atomic(durable=True):
            record_event(
                actor=None,
                event_type="openinfo.items_swept",
                object_type="disclosure_item",
                payload={"raised": raised, "on": today.isoformat()},
            )
    return {"overdue": overdue.count(), "raised": raised}


def _raise_late(rows: list[DisclosureItem], today: date) -> list[Anomaly]:
    return raise_subject_anomalies(
        kind=LATE,
        findings=[
            (
                subject(row),
                {"formed_on": row.formed_on.isoformat(), "due_on": row.due_on.isoformat()},
            )
            for row in rows
        ],
        found_on=today,
    )

"""The public board of key work (重点工作) and the practical things promised to
the people (为民办实事): the 督查室 publishes a snapshot of those tasks —
unit, standard, deadline, progress, light — as they stand today. Never the
responsible leader's or person's name: the unit answers in public."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from xiaoneng.appraisal.gather import dec, first_open_due, leaf_tasks
from xiaoneng.appraisal.models import Publication, PublicationKind
from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.alert import AlertBounds
from xiaoneng.core.errors import Conflict
from xiaoneng.org.authority import require
from xiaoneng.system.params import get_param
from xiaoneng.targets.models import Category, StandardKind
from xiaoneng.targets.standard import completion

from .common import MANAGE, checked_year, period_invalid

if TYPE_CHECKING:
    from datetime import date

    from xiaoneng.org.actor import Actor


def _standard(task: Any) -> str:
    if task["standard_kind"] == StandardKind.QUALITATIVE:
        return str(task["standard"])[:300]
    target = dec(task["target_value"]) or ""
    return f"{task['indicator']} {target.rstrip('0').rstrip('.')}{task['measure_unit']}".strip()


def board_rows(year: int, today: date) -> list[dict[str, Any]]:
    """Key tasks and 为民办实事 of the year's signed books, as of `today`."""
    bounds = AlertBounds.on(today, current_calendar(), get_param("target.warning_days"))
    tasks = (
        leaf_tasks(year)
        .filter(Q(is_key=True) | Q(category=Category.PRACTICAL))
        .annotate(open_due=first_open_due(today))
        .order_by("book__department__sort", "book__department_id", "id")
        .values(
            "id",
            "code",
            "title",
            "category",
            "is_key",
            "book__department_id",
            "book__department__name",
            "deadline",
            "standard_kind",
            "indicator",
            "measure_unit",
            "baseline",
            "target_value",
            "standard",
            "latest_value",
            "latest_percent",
            "done_on",
            "open_due",
        )
    )
    labels = dict(Category.choices)
    rows = []
    for t in tasks:
        done = t["done_on"] is not None and t["done_on"] <= today
        share = completion(
            t["standard_kind"],
            t["baseline"],
            t["target_value"],
            t["latest_value"],
            t["latest_percent"],
        )
        rows.append(
            {
                "task_id": t["id"],
                "code": t["code"],
                "title": t["title"],
                "category": t["category"],
                "category_label": labels.get(t["category"], ""),
                "is_key": t["is_key"],
                "department_id": t["book__department_id"],
                "department": t["book__department__name"],
                "standard": _standard(t),
                "deadline": t["deadline"].isoformat() if t["deadline"] else None,
                "progress": 100 if done else int(share * 100),
                "done": done,
                "light": "none" if done else str(bounds.level(t["open_due"]).value),
            }
        )
    return rows


@transaction.atomic(durable=True)
def publish_task_board(*, actor: Actor, year: Any = None) -> Publication:
    """公布: the key tasks and 为民办实事 of this year (or of the year just
    closed, for its final state in January), as they stand today."""
    user = require(actor, MANAGE)
    today = timesource.today()
    wanted = today.year if year in (None, "") else checked_year(year)
    if wanted not in (today.year, today.year - 1):
        raise period_invalid("只能公布本年度或上一年度的重点工作进展")
    rows = board_rows(wanted, today)
    if not rows:
        raise Conflict("该年度没有重点工作或为民办实事任务可公布", code="appraisal_nothing_to_rank")
    state = "进展" if wanted == today.year else "完成"
    as_of = f"截至{today.year}年{today.month}月{today.day}日"
    title = f"{wanted}年重点工作和为民办实事{state}情况（{as_of}）"
    publication = Publication.objects.create(
        kind=PublicationKind.TASKS,
        year=wanted,
        title=title,
        as_of=today,
        rows=rows,
        published_at=timesource.now(),
        published_by=user,
    )
    record_event(
        actor=user,
        event_type="appraisal.tasks_published",
        object_type="appraisal_publication",
        object_id=publication.pk,
        payload={"tasks": len(rows), "as_of": today},
    )
    return publication

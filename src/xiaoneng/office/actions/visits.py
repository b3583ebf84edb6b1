"""Leaders' front-line work (一线工作法, seed art. 9): a leader logs a visit of
their own (下基层调研, 联村联户, 现场办公) with the problems raised, each
handed to a unit with a deadline in working days (`VISIT_ISSUE_DAYS` from
the visit's day unless given); the unit's heads are told; the unit reports
the result and the problem is resolved. An unresolved problem past its
deadline is a card on the supervision desk (`sweeps.visits`).

The follow-up stays here (`VisitIssue`) rather than becoming a directive
task: the directives app (督查督办) assigns through the 督查室 with its own
steps (adjustment requests, progress reports); a leader's visit hands a
problem straight to a unit, and supervision's subject cards give the same
yellow and red cards for a missed deadline."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.inputs import a_date, a_future_date, choice
from xiaoneng.core.inputs import text as required_text
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office import params
from xiaoneng.office.common import event, locked_row
from xiaoneng.office.models.emergencies import FieldVisit, VisitIssue, VisitKind
from xiaoneng.org.authority import INTERNAL_KINDS, require
from xiaoneng.org.models import Department
from xiaoneng.system.params import get_param

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LOG = "frontline.log"
FOLLOW = "frontline.follow"
MAX_ISSUES = 50


def issue_due(day: date) -> date:
    """The default deadline: `VISIT_ISSUE_DAYS` working days after the visit."""
    return current_calendar().add_workdays(day, get_param(params.VISIT_ISSUE_DAYS))


def _unit(value: Any) -> Department:
    dept = (
        Department.objects.filter(pk=as_int(value) or 0, active=True)
        .exclude(kind__in=INTERNAL_KINDS)
        .first()
    )
    if dept is None:
        raise InvalidInput("请选择责任单位", code="office_visit_unit_invalid")
    return dept


def _issues(items: Any, day: date) -> list[dict[str, Any]]:
    """Each problem with its unit and deadline (given, or the default)."""
    if not isinstance(items, list | tuple) or len(items) > MAX_ISSUES:
        raise InvalidInput("反映问题不正确", code="office_visit_problem_required")
    out = []
    for item in items:
        if not isinstance(item, dict):
            raise InvalidInput("反映问题不正确", code="office_visit_problem_required")
        due = item.get("due_on")
        out.append(
            {
                "problem": required_text(
                    item.get("problem"),
                    code="office_visit_problem_required",
                    label="反映问题",
                    limit=300,
                ),
                "unit": _unit(item.get("unit_id")),
                "due_on": (
                    a_future_date(due, code="office_visit_due_invalid", label="办理期限")
                    if due not in (None, "")
                    else issue_due(day)
                ),
            }
        )
    return out


@transaction.atomic
def log_visit(
    *,
    actor: Actor,
    kind: str,
    visited_on: Any,
    place: str,
    people_met: str,
    summary: str,
    issues: Any = (),
) -> FieldVisit:
    """The leader's own visit (not in the future); each problem raised is
    handed to its unit, whose heads are told."""
    user = require(actor, LOG)
    day = a_date(visited_on, code="office_visit_day_invalid", label="日期")
    fields = {
        "kind": choice(kind, VisitKind.values, code="office_visit_kind_invalid", label="类型"),
        "place": required_text(place, code="office_visit_place_required", label="地点", limit=200),
        "people_met": required_text(
            people_met, code="office_visit_people_required", label="走访对象", limit=300
        ),
        "summary": required_text(
            summary, code="office_visit_summary_required", label="调研情况", limit=8000
        ),
    }
    problems = _issues(list(issues or []), day)
    visit = FieldVisit.objects.create(leader=user, visited_on=day, recorded_by=user, **fields)
    rows = VisitIssue.objects.bulk_create(
        VisitIssue(visit=visit, problem=p["problem"], unit=p["unit"], due_on=p["due_on"])
        for p in problems
    )
    event(
        user,
        "visit",
        visit.pk,
        "visit_logged",
        visit_kind=visit.kind,
        day=day,
        issues=[{"unit": p["unit"].pk, "due_on": p["due_on"]} for p in problems],
    )
    heads = department_heads({p["unit"].pk for p in problems})
    link = reverse("office:frontline") + "?tab=issues"
    for problem, row in zip(problems, rows, strict=True):
        notify(
            recipients=heads.get(problem["unit"].pk, []),
            kind="office_visit_issue",
            title=f"{user.display_name}{visit.get_kind_display()}交办问题，请于{cn_date(row.due_on)}前办结",
            body=f"{visit.place}：{row.problem}",
            link=link,
        )
    return visit


def _missing() -> NotFound:
    return NotFound("调研发现问题不存在或无权查看", code="office_visit_issue_not_found")


@transaction.atomic
def resolve_issue(*, actor: Actor, issue_id: Any, result: str) -> VisitIssue:
    """The unit reports what it did (办结): the problem is resolved, the
    leader told; a card on it closes with the next sweep."""
    user = require(actor, FOLLOW)
    row = locked_row(VisitIssue, issue_id, unit=lambda i: i.unit_id, missing=_missing, actor=user)
    if row.resolved_at is not None:
        raise Conflict("该问题已办结", code="office_visit_issue_resolved")
    row.result = required_text(
        result, code="office_visit_result_required", label="办理结果", limit=300
    )
    row.resolved_at, row.resolved_by = timesource.now(), user
    row.version += 1
    row.save(update_fields=["result", "resolved_at", "resolved_by", "version"])
    event(user, "visit_issue", row.pk, "visit_issue_resolved", unit=row.unit_id)
    leader_id = FieldVisit.objects.filter(pk=row.visit_id).values_list("leader_id", flat=True)
    notify(
        recipients=list(leader_id),
        kind="office_visit_issue",
        title=f"调研发现问题已办结：{row.problem}"[:200],
        body=row.result,
        link=reverse("office:frontline"),
    )
    return row

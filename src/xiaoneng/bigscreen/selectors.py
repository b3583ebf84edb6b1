"""What the electronic supervision big screen (电子监察大屏) shows, read in one
selector: `snapshot(actor, today)`, a dict of plain values for the JSON
endpoint, within the actor's data scope.

It is built to stay cheap on a large database (target: p95 ≤ 100 ms with
1,000,000 cases of which 100,000 are open; bench/RESULTS.md, "Supervision at
scale"), 13 queries, none per row, over the actor's scope resolved to
department ids (the city: no filter):

- the lights of the open cases: four counts over the partial indexes of the
  open cases (`case_open_status_due`, `case_open_due_id`): all open, without a
  running deadline (`due_on` null), overdue, warning — the normal ones are the
  rest; the conditions are supervision's own (`supervision.levels.AlertContext`),
  so the screen and the desk agree. (One conditional aggregate was measured
  instead: it scans every open case, 18–20 ms against 4–8 ms for the four.)
- the overdue list: the same overdue filter, ordered by `due_on`, LIMIT 20;
- intake and deliveries since the earlier of the 30-day trend's first day and
  the 1st of the month, by day and department: one index-only `GROUP BY` each
  (`case_received_dept`, `case_delivered_dept`), added up in Python into the
  trend (today's intake and completions are its last day) and the month's
  figures per department;
- this month's department ranking: the efficiency scores of the scores app's
  monthly rollup (`scores.selectors.draft_ranking`, refreshed hourly, one
  indexed read) give the order; beside them the live figures above, the
  overdue cases by department (one `GROUP BY`) and the departments' names (one
  read); departments not yet in the rollup follow, by on-time rate;
- the live feed: the latest case events by primary key, LIMIT 12;
- beside the cases, the efficiency figures (`efficiency`: complaints and
  accountability, 3 queries) and the target and supervision figures
  (`targets`: kept a minute in the cache, 8 queries when counted).

The JSON view keeps the serialised snapshot 1 s in the shared cache per scope.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.org.authority import departments_in_scope, scope_q, unit_of
from xiaoneng.org.models import Department
from xiaoneng.scores.selectors import draft_ranking
from xiaoneng.supervision.levels import STEP_OF_STATUS, AlertContext

from .efficiency import efficiency_figures
from .targets import targets_figures

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

TREND_DAYS = 30
OVERDUE_LIMIT = 20
RANKING_LIMIT = 12
FEED_LIMIT = 12

EVENT_LABELS = {
    "received": "收件",
    "supplement_notice": "一次性告知",
    "supplemented": "补正",
    "accepted": "受理",
    "refused": "不予受理",
    "suspended": "特别程序",
    "resumed": "恢复计时",
    "extended": "批准延期",
    "decided": "作出决定",
    "delivered": "办结送达",
    "withdrawn": "撤回",
}


def _rate(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to rate."""
    return round(100.0 * part / whole, 1) if whole else None


def scope_label(actor: Actor) -> str:
    """How the screen names the data it shows: 全市 or the actor's unit."""
    if departments_in_scope(actor) is None:
        return "全市"
    unit = unit_of(actor)
    return unit.name if unit is not None else "本人权限范围"


def scope_key(actor: Actor) -> str:
    """Actors with the same data scope see the same snapshot (the cache key)."""
    ids = departments_in_scope(actor)
    if ids is None:
        return "all"
    return "d" + ",".join(str(i) for i in sorted(ids))


def _levels(open_cases: QuerySet[Case], context: AlertContext) -> dict[str, int]:
    total = open_cases.count()
    untimed = open_cases.filter(due_on__isnull=True).count()
    overdue = open_cases.filter(context.overdue_q()).count()
    warning = open_cases.filter(context.warning_q()).count()
    return {
        "open": total,
        "normal": max(total - untimed - overdue - warning, 0),
        "warning": warning,
        "overdue": overdue,
        "untimed": untimed,
    }


def _overdue_list(
    open_cases: QuerySet[Case], context: AlertContext, today: date
) -> list[dict[str, Any]]:
    calendar = current_calendar()
    rows = (
        open_cases.filter(context.overdue_q())
        .order_by("due_on", "id")
        .values(
            "tracking_no",
            "status",
            "due_on",
            "item__name",
            "department__name",
            "department__short_name",
        )[:OVERDUE_LIMIT]
    )
    out = []
    for row in rows:
        step = STEP_OF_STATUS.get(row["status"])
        due = row["due_on"]
        if due is None:  # overdue means due_on < today: never null here
            continue
        out.append(
            {
                "tracking_no": row["tracking_no"],
                "item": row["item__name"],
                "department": row["department__short_name"] or row["department__name"],
                "step": step.label if step is not None else "",
                "due_on": due.isoformat(),
                "overdue_workdays": max(calendar.workdays_between(due, today), 0),
            }
        )
    return out


def _flows(cases: QuerySet[Case], since: date, today: date) -> tuple[list[Any], list[Any]]:
    """Intake and deliveries from `since` to today by day and department: one
    index-only GROUP BY each (`case_received_dept`, `case_delivered_dept`), which
    the 30-day trend and the month's ranking both add up."""
    intake = list(
        cases.filter(received_on__gte=since, received_on__lte=today)
        .order_by()
        .values_list("received_on", "department_id")
        .annotate(n=Count("*"))
    )
    done = list(
        cases.filter(delivered_on__gte=since, delivered_on__lte=today)
        .order_by()
        .values_list("delivered_on", "department_id")
        .annotate(n=Count("*"), on_time=Count("on_time", filter=Q(on_time=True)))
    )
    return intake, done


def _trend(intake: list[Any], done: list[Any], today: date) -> dict[str, Any]:
    start = today - timedelta(days=TREND_DAYS - 1)
    days = [start + timedelta(days=i) for i in range(TREND_DAYS)]
    received = dict.fromkeys(days, 0)
    completed, on_time = dict.fromkeys(days, 0), dict.fromkeys(days, 0)
    for day, _dept, n in intake:
        if day in received:
            received[day] += n
    for day, _dept, n, in_time in done:
        if day in completed:
            completed[day] += n
            on_time[day] += in_time
    return {
        "days": [d.isoformat() for d in days],
        "intake": list(received.values()),
        "completed": list(completed.values()),
        "on_time": list(on_time.values()),
        "on_time_rate": [_rate(on_time[d], completed[d]) for d in days],
        "total_intake": sum(received.values()),
        "total_completed": sum(completed.values()),
        "total_on_time_rate": _rate(sum(on_time.values()), sum(completed.values())),
    }


def _ranking(
    actor: Actor,
    flows: tuple[list[Any], list[Any]],
    open_cases: QuerySet[Case],
    context: AlertContext,
    today: date,
) -> dict[str, Any]:
    """This month's departments: by efficiency score where the monthly rollup
    has one (domain rules §3, the published ranking's order), the others after
    them by on-time rate (completed by the deadline / completed), then fewer
    overdue, then more completed. The figures shown are live."""
    month_start = today.replace(day=1)
    stats: dict[int, dict[str, int]] = {}

    def slot(pk: int) -> dict[str, int]:
        return stats.setdefault(pk, {"intake": 0, "completed": 0, "on_time": 0, "overdue": 0})

    intake, done = flows
    for day, pk, n, in_time in done:
        if day >= month_start:
            slot(pk)["completed"] += n
            slot(pk)["on_time"] += in_time
    for pk, n in (
        open_cases.filter(context.overdue_q())
        .order_by()
        .values_list("department_id")
        .annotate(n=Count("*"))
    ):
        slot(pk)["overdue"] = n
    for day, pk, n in intake:
        if day >= month_start:
            slot(pk)["intake"] += n
    names = {
        pk: short_name or name
        for pk, name, short_name in Department.objects.filter(pk__in=list(stats)).values_list(
            "pk", "name", "short_name"
        )
    }

    scores: dict[int, tuple[int, float]] = {}  # department → (position, score)
    for position, scored in enumerate(draft_ranking(actor, today)):
        scores[scored.department_id] = (position, float(scored.score))
        if scored.department_id not in stats:
            names[scored.department_id] = scored.department_name
            slot(scored.department_id)

    def order(pk: int) -> tuple[int, bool, float, int, int, int, str]:
        s, rate = stats[pk], _rate(stats[pk]["on_time"], stats[pk]["completed"])
        return (
            scores[pk][0] if pk in scores else len(scores),
            rate is None,
            -(rate or 0.0),
            s["overdue"],
            -s["completed"],
            -s["intake"],
            names[pk],
        )

    rows: list[dict[str, Any]] = []
    for pk in sorted(stats, key=order):
        s = stats[pk]
        rows.append(
            {
                "department": names[pk],
                **s,
                "on_time_rate": _rate(s["on_time"], s["completed"]),
                "score": scores[pk][1] if pk in scores else None,
            }
        )
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    completed = sum(s["completed"] for s in stats.values())
    return {
        "month": f"{today.year}年{today.month}月",
        "intake": sum(s["intake"] for s in stats.values()),
        "completed": completed,
        "on_time_rate": _rate(sum(s["on_time"] for s in stats.values()), completed),
        "departments": len(rows),
        "rows": rows[:RANKING_LIMIT],
    }


def _feed(actor: Actor) -> list[dict[str, Any]]:
    rows = (
        CaseEvent.objects.filter(scope_q(actor, dept_field="case__department"))
        .order_by("-id")
        .values(
            "id",
            "kind",
            "at",
            "case__tracking_no",
            "case__item__name",
            "case__department__name",
            "case__department__short_name",
        )[:FEED_LIMIT]
    )
    out = []
    for row in rows:
        at: datetime = row["at"]
        out.append(
            {
                "id": row["id"],
                "kind": row["kind"],
                "label": EVENT_LABELS.get(row["kind"], row["kind"]),
                "at": timezone.localtime(at, SHANGHAI).strftime("%H:%M:%S"),
                "tracking_no": row["case__tracking_no"],
                "item": row["case__item__name"],
                "department": row["case__department__short_name"] or row["case__department__name"],
            }
        )
    return out


def snapshot(actor: Actor, today: date) -> dict[str, Any]:
    """Everything the big screen shows, for the cases in `actor`'s data scope,
    as of `today` (Asia/Shanghai). Plain JSON-able values only."""
    # The scope as department ids (the snapshot's cache key): the indexes on
    # department_id serve it, and the whole city is no filter at all.
    ids = departments_in_scope(actor)
    cases = Case.objects.all() if ids is None else Case.objects.filter(department_id__in=ids)
    open_cases = cases.filter(is_open=True)
    context = AlertContext.build(open_cases, today=today)
    since = min(today - timedelta(days=TREND_DAYS - 1), today.replace(day=1))
    flows = _flows(cases, since, today)
    trend = _trend(*flows, today)
    levels = _levels(open_cases, context)
    return {
        "today": today.isoformat(),
        "scope": scope_label(actor),
        "kpi": {
            "intake_today": trend["intake"][-1],
            "completed_today": trend["completed"][-1],
            "open": levels["open"],
            "overdue": levels["overdue"],
            "warning": levels["warning"],
            "on_time_rate_30d": trend["total_on_time_rate"],
        },
        "levels": levels,
        "overdue": _overdue_list(open_cases, context, today),
        "trend": trend,
        "ranking": _ranking(actor, flows, open_cases, context, today),
        "feed": _feed(actor),
        "efficiency": efficiency_figures(ids, today),
        "targets": targets_figures(ids, today),
    }

"""驾驶舱: what a leader in charge (and the mayor) looks at first — for the
departments in his charge (the mayor: every city department), this month's
on-time rate, the overdue cases, the open cards and the place in the
published monthly ranking with its move since the month before. No staff
counts and no audit events: a leader steers by results.

Read once: the month's rollup (scores), the overdue cases and the open cards
grouped by department (supervision), two reads of the published rankings,
the departments' paths — no query per department."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.selectors import extensions_to_approve
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import Department, DepartmentKind
from xiaoneng.scores.periods import Period
from xiaoneng.scores.selectors import (
    Standing,
    department_rows,
    latest_standings,
    rollup_stamp,
)
from xiaoneng.supervision import selectors as supervision
from xiaoneng.supervision.levels import AlertContext

from .todo import Todo

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@dataclass
class DepartmentLine:
    department: Department
    completed: int = 0
    on_time_rate: Decimal | None = None
    overdue: int = 0
    yellow: int = 0
    red: int = 0
    standing: Standing | None = None
    overdue_url: str = ""
    cards_url: str = ""

    @property
    def trend(self) -> str:
        """The move in the ranking since the month before, in words."""
        move = self.standing.move if self.standing else None
        if move is None:
            return "—"
        if move == 0:
            return "持平"
        return f"上升{move}位" if move > 0 else f"下降{-move}位"


@dataclass
class Cockpit:
    month_label: str
    lines: list[DepartmentLine]
    todos: list[Todo]
    on_time_rate: Decimal | None
    ranking_label: str  # the published month the ranks come from ("" when none)
    as_of: datetime | None = None  # 数据截至: when the month's figures were rolled up
    quiet: int = 0  # departments left out: nothing to show this month (the mayor's view)


def _departments(actor: Actor) -> tuple[list[Department], bool]:
    """The leader's portfolio; the mayor (no portfolio) sees the city
    departments. The flag: a portfolio (every department listed, even quiet)."""
    mine = list(Department.objects.filter(leaders__leader_id=actor.pk).order_by("sort", "code"))
    if mine:
        return mine, True
    city = Department.objects.filter(kind=DepartmentKind.DEPARTMENT, active=True)
    return list(city.order_by("sort", "code")), False


def _order(line: DepartmentLine) -> tuple[bool, int, int, int]:
    """Ranked departments by their place, then the others by overdue cases and cards."""
    rank = line.standing.rank if line.standing else None
    return (rank is None, rank or 0, -line.overdue, -(line.red * 100 + line.yellow))


def _shown(line: DepartmentLine) -> bool:
    ranked = bool(line.standing and line.standing.rank)
    return ranked or bool(line.completed or line.overdue or line.yellow or line.red)


def _fold(counts: dict[int, int], departments: list[Department]) -> dict[int, int]:
    """Counts per handling department added up to each listed department and
    its units below (the supervision desk's department filter is a subtree)."""
    paths = dict(Department.objects.filter(pk__in=list(counts)).values_list("pk", "ancestors"))
    out = {d.pk: 0 for d in departments}
    for d in departments:
        for pk, n in counts.items():
            if pk == d.pk or paths.get(pk, "").startswith(d.path):
                out[d.pk] += n
    return out


def _rate(on_time: int, completed: int) -> Decimal | None:
    if completed <= 0:
        return None
    return (Decimal(on_time * 100) / completed).quantize(Decimal("0.1"))


def build_cockpit(actor: Actor, today: date) -> Cockpit:
    departments, portfolio = _departments(actor)
    period = Period.month(today)
    month = {row.unit_id: row for row in department_rows(actor, period)}
    context = AlertContext.build(
        supervision.open_cases_in_scope(actor), today=today, calendar=current_calendar()
    )
    overdue = _fold(supervision.overdue_by_department(actor, context), departments)
    cards = supervision.open_cards_by_department(actor)
    standings = latest_standings([d.pk for d in departments])
    desk, card_list = reverse("supervision:desk"), reverse("supervision:cards")
    lines = []
    for d in departments:
        row = month.get(d.pk)
        colours = cards.get(d.pk, {})
        lines.append(
            DepartmentLine(
                department=d,
                completed=row.figures.completed if row else 0,
                on_time_rate=row.figures.on_time_rate if row else None,
                overdue=overdue[d.pk],
                yellow=colours.get("yellow", 0),
                red=colours.get("red", 0),
                standing=standings.get(d.pk),
                overdue_url=f"{desk}?level=overdue&department={d.pk}",
                cards_url=f"{card_list}?state=open&department={d.pk}",
            )
        )
    lines.sort(key=_order)
    shown = lines if portfolio else [line for line in lines if _shown(line)]
    completed = sum(m.figures.completed for m in month.values())
    on_time = sum(m.figures.on_time for m in month.values())
    return Cockpit(
        month_label=period.label,
        lines=shown,
        quiet=len(lines) - len(shown),
        as_of=rollup_stamp(actor, period),
        todos=_todos(actor, today, context),
        on_time_rate=_rate(on_time, completed),
        ranking_label=next((Period.month(s.month).label for s in standings.values()), ""),
    )


def _todos(actor: Actor, today: date, context: AlertContext) -> list[Todo]:
    """The leader's own counts: overdue cases and open cards in his scope,
    extensions waiting for his approval (统一、联合、并联办理, art. 42)."""
    figures = supervision.todo_figures(actor, today)
    overdue = supervision.level_counts(actor, context).get("overdue", 0)
    out = [
        Todo(
            "超期在办件",
            overdue,
            "件",
            f"{reverse('supervision:desk')}?level=overdue",
            "已超过办理期限仍未办结",
            urgent=True,
        ),
        Todo(
            "未消除黄红牌",
            figures["cards_open"],
            "张",
            f"{reverse('supervision:cards')}?state=open",
            f"其中红牌 {figures['cards_red']} 张",
            urgent=bool(figures["cards_red"]),
        ),
    ]
    if has_perm(actor, "case.extend.approve") or has_perm(actor, "leader.approve"):
        out.append(
            Todo(
                "延期待批准",
                extensions_to_approve(actor).count(),
                "件",
                f"{reverse('cases:desk')}#approvals-title",
                "统一、联合、并联办理的延期由本级政府负责人批准",
                urgent=True,
            )
        )
    return out

"""今日待办 of the approval and supervision roles (issue 19, item 8): what the
window, the reviewer, the department head and the supervision bureau must
act on today. Each count is the count of one list's filter, taken from the
owning app's scoped selector, and links to that filtered list, so a click
shows exactly the rows counted (tests/workbench/test_todo_links.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.urls import reverse

from xiaoneng.calendar.reminders import schedule_owed
from xiaoneng.cases import selectors as cases
from xiaoneng.cases.models import CaseStatus
from xiaoneng.org.authority import has_perm
from xiaoneng.ratings.selectors import open_rectification_count
from xiaoneng.supervision import selectors as supervision
from xiaoneng.supervision.models import AnomalyStatus, CardColour, OrderStatus

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


@dataclass(frozen=True)
class Todo:
    """One 待办: a count, what it is, the list it opens and a line saying
    what to do with it. `urgent` tints the tile when the count is not zero."""

    label: str
    value: int
    unit: str
    url: str
    hint: str = ""
    urgent: bool = False


def _list(name: str, **query: str) -> str:
    url = reverse(name)
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


def window_todos(actor: Actor) -> list[Todo]:
    """The window: applications to accept (or send back with a one-time
    notice), supplemented ones to accept, decisions to deliver."""
    if not has_perm(actor, "case.intake"):
        return []
    counts = cases.open_status_counts(actor)
    return [
        Todo(label, counts.get(status, 0), "件", _list("cases:window", status=status), hint, urgent)
        for status, label, hint, urgent in WINDOW_TILES
    ]


# (status of the window's queue, tile, what to do, urgent)
WINDOW_TILES = (
    (
        CaseStatus.RECEIVED,
        "收件待受理",
        "受理，或出具一次性补正告知（告知期限内未告知的视为受理）",
        True,
    ),
    (CaseStatus.SUPPLEMENTED, "补正后待受理", "申请人已补正材料，须在期限内受理", True),
    (CaseStatus.DECIDED, "待送达", "已作出决定，登记送达方式与受送达人", False),
)


def review_todos(actor: Actor) -> list[Todo]:
    """The reviewer and the head: cases to review or decide, extensions to
    approve, opinions owed to other departments' parallel cases."""
    out: list[Todo] = []
    deciding = has_perm(actor, "case.decide")
    if has_perm(actor, "case.review") or deciding:
        counts = cases.handling_status_counts(actor)
        out.append(
            Todo(
                "待审查决定" if deciding else "待审查办件",
                counts.get(CaseStatus.ACCEPTED, 0),
                "件",
                _list("cases:desk", status=CaseStatus.ACCEPTED),
                "已受理、正在计时的办件，按剩余时间排序",
                urgent=True,
            )
        )
    if has_perm(actor, "case.extend.approve") or has_perm(actor, "leader.approve"):
        out.append(
            Todo(
                "延期待批准",
                cases.extensions_to_approve(actor).count(),
                "件",
                f"{reverse('cases:desk')}#approvals-title",
                "批准或不批准延长办理期限",
                urgent=True,
            )
        )
    if has_perm(actor, "case.review"):
        out.append(
            Todo(
                "会签意见待出具",
                cases.opinions_owed_count(actor),
                "件",
                f"{reverse('cases:desk')}#opinions-title",
                "并联审批中本部门应出具的意见",
            )
        )
    return out


def answer_todos(actor: Actor, today: date) -> list[Todo]:
    """A department answering the supervision bureau: its open cards, the
    orders (督办/纠错) to answer, the anomalies to explain, and the bad
    ratings to rectify (差评整改)."""
    out: list[Todo] = []
    if has_perm(actor, "supervision.reply") and not has_perm(actor, "supervision.view"):
        figures = supervision.todo_figures(actor, today)
        overdue = figures["orders_overdue"]
        out += [
            Todo(
                "未消除黄红牌",
                figures["cards_open"],
                "张",
                _list("supervision:cards", state="open"),
                "提交整改说明",
                urgent=True,
            ),
            Todo(
                "督办纠错待答复",
                figures["orders_issued"],
                "件",
                _list("supervision:orders", status=OrderStatus.ISSUED),
                f"其中已超过答复期限 {overdue} 件" if overdue else "在答复期限前答复",
                urgent=True,
            ),
            Todo(
                "异常待说明",
                figures["anomalies_open"],
                "项",
                _list("supervision:anomalies", status=AnomalyStatus.OPEN),
                "对电子监察发现的异常作出情况说明",
            ),
        ]
    if has_perm(actor, "rating.handle"):
        out.append(
            Todo(
                "差评整改",
                open_rectification_count(actor),
                "件",
                _list("ratings:desk", status="pending"),
                "核实差评、整改并回访",
                urgent=True,
            )
        )
    return out


def supervisor_todos(actor: Actor, today: date) -> list[Todo]:
    """The supervision bureau: red cards still open, orders not answered,
    anomalies explained and waiting for its review, new ones unexplained."""
    if not has_perm(actor, "supervision.manage"):
        return []
    figures = supervision.todo_figures(actor, today)
    overdue = figures["orders_overdue"]
    return [
        Todo(
            "未消除红牌",
            figures["cards_red"],
            "张",
            _list("supervision:cards", colour=CardColour.RED, state="open"),
            f"另有未消除黄牌 {figures['cards_yellow']} 张",
            urgent=True,
        ),
        Todo(
            "督办纠错待答复",
            figures["orders_issued"],
            "件",
            _list("supervision:orders", status=OrderStatus.ISSUED),
            f"其中超过答复期限 {overdue} 件，应催办" if overdue else "均在答复期限内",
            urgent=bool(overdue),
        ),
        Todo(
            "异常待审核",
            figures["anomalies_explained"],
            "项",
            _list("supervision:anomalies", status=AnomalyStatus.EXPLAINED),
            "责任部门已说明，审核后办结",
            urgent=True,
        ),
        Todo(
            "异常待说明",
            figures["anomalies_open"],
            "项",
            _list("supervision:anomalies", status=AnomalyStatus.OPEN),
            "已发现、责任部门尚未说明",
        ),
    ]


def calendar_todos(actor: Actor, today: date) -> list[Todo]:
    """From 1 October until next year's holiday schedule is imported, its
    keepers (the administrator) see it owed (calendar/reminders.py)."""
    year = schedule_owed(today) if has_perm(actor, "calendar.manage") else None
    if year is None:
        return []
    hint = f"{year}年的期限暂按周一至周五推算（期限待定）；公布后导入，系统自动重算"
    return [Todo(f"导入{year}年节假日安排", 1, "项", reverse("calendar:import"), hint, urgent=True)]


def todos_for(actor: Actor, role: str, today: date) -> list[Todo]:
    """The 待办 of the actor's workbench role (the leaders' are their 驾驶舱)."""
    owed = calendar_todos(actor, today)
    if role == "supervisor":
        return [*owed, *supervisor_todos(actor, today)]
    if role in {"window", "reviewer", "dept_head"}:
        return [*owed, *window_todos(actor), *review_todos(actor), *answer_todos(actor, today)]
    return owed

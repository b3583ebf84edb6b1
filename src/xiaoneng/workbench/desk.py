"""The workbench (工作台) each role lands on: what it must see first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from xiaoneng.accounts.selectors import security_watch
from xiaoneng.audit.selectors import latest_events
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.org.authority import has_perm, role_codes, scope_q
from xiaoneng.org.models import DataScope, Department, DepartmentKind, User
from xiaoneng.projects.selectors import open_dossier_count

from . import office, trading
from .cockpit import Cockpit, build_cockpit
from .targets import inspector_kpis, leader_kpis
from .todo import Todo, todos_for

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# The role whose workbench an actor with several roles sees, highest first.
ROLE_PRIORITY = (
    "admin",
    "mayor",
    "leader",
    "supervisor",
    "complaint",
    "inspector",
    "dept_head",
    "reviewer",
    "window",
    *trading.ROLES,
    "agent",
    "applicant",
)

WORKBENCH_TITLES = {
    "admin": "系统管理员工作台",
    "mayor": "市长工作台",
    "leader": "分管领导工作台",
    "supervisor": "电子监察工作台",
    "complaint": "效能投诉工作台",
    "inspector": "政府督查工作台",
    "dept_head": "部门负责人工作台",
    "reviewer": "审核人员工作台",
    "window": "窗口工作台",
    "agent": "帮办代办工作台",
    "applicant": "申请人工作台",
    **trading.TITLES,
}


@dataclass
class Workbench:
    role: str
    title: str
    kpis: list[dict[str, Any]] = field(default_factory=list)
    panels: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    todos: list[Todo] = field(default_factory=list)  # 今日待办, each linked to its list
    cockpit: Cockpit | None = None  # the leaders' 驾驶舱


def primary_role(actor: Actor) -> str:
    codes = role_codes(actor)
    if actor.is_superuser:
        codes.add("admin")
    return next((code for code in ROLE_PRIORITY if code in codes), "applicant")


def scope_label(actor: User) -> str:
    if actor.is_superuser:
        return DataScope.ALL.label
    labels = {role.get_data_scope_display() for role in actor.roles.all()}
    return "、".join(sorted(labels)) or "无"


def calendar_strip(today: date, days: int = 14) -> list[dict[str, Any]]:
    """The next two weeks as the clocks see them: working day or not, and why."""
    cal = current_calendar()
    return [
        {"date": d, "workday": cal.is_workday(d), "name": cal.day_name(d), "today": d == today}
        for d in (today + timedelta(days=i) for i in range(days))
    ]


def build(actor: User) -> Workbench:
    role = primary_role(actor)
    bench = Workbench(role=role, title=WORKBENCH_TITLES[role])
    today = timesource.today()
    bench.data["today"] = today
    bench.data["calendar"] = calendar_strip(today)
    bench.data["positions"] = list(actor.positions.select_related("department"))
    bench.data["scope"] = scope_label(actor)
    if role == "admin":
        visible_staff = User.objects.filter(scope_q(actor, owner_field="pk"), is_active=True)
        bench.kpis.append({"label": "可见工作人员", "value": visible_staff.count(), "unit": "人"})
    bench.todos = todos_for(actor, role, today)
    if role in {"leader", "mayor"}:
        # 驾驶舱: results of the departments in charge, not staff counts or audit codes.
        bench.cockpit = build_cockpit(actor, today)
        bench.panels.append("cockpit")
    if role in {"dept_head", "reviewer", "window"} and actor.department_id:
        bench.data["colleagues"] = list(
            User.objects.filter(department_id=actor.department_id, is_active=True)
            .exclude(pk=actor.pk)
            .order_by("id")[:12]
        )
        bench.panels.append("colleagues")
    if role in {"admin", "supervisor", "complaint", "inspector"}:
        counts = dict(
            Department.objects.filter(active=True)
            .values_list("kind")
            .annotate(n=Count("id"))
            .values_list("kind", "n")
        )
        bench.kpis.append(
            {"label": "市直部门", "value": counts.get(DepartmentKind.DEPARTMENT, 0), "unit": "个"}
        )
        bench.kpis.append(
            {"label": "县（区）", "value": counts.get(DepartmentKind.COUNTY, 0), "unit": "个"}
        )
    if has_perm(actor, "system.online") and role == "admin":
        watch = security_watch(actor)
        bench.kpis.append({"label": "在线用户", "value": watch.online, "unit": "人"})
        bench.kpis.append({"label": "24小时登录失败", "unit": "次", "value": watch.failed_last_day})
        bench.data["locked"] = watch.locked
        bench.panels.append("security")
    if role == "inspector" and has_perm(actor, "target.manage"):
        bench.kpis += inspector_kpis(actor, timesource.today())
    if role in {"leader", "mayor"} and has_perm(actor, "target.adjust.decide"):
        bench.kpis += leader_kpis(actor, timesource.today())
    if has_perm(actor, "project.view") or has_perm(actor, "case.agent"):
        bench.kpis.append(
            {"label": "绿色通道在办项目", "value": open_dossier_count(actor), "unit": "个"}
        )
    bench.kpis += trading.trading_kpis(actor)
    bench.kpis += office.office_kpis(actor)
    if role in {"admin", "supervisor"} and has_perm(actor, "audit.view"):
        bench.data["recent_events"] = latest_events(8)
        bench.panels.append("audit")
    return bench

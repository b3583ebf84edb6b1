"""The workbench figures of targets and supervision (issue 9), each linked to
the desk that lists them: for the 政府督查室 (inspector) what waits on it —
tasks behind schedule, reports to verify (核实), directive tasks and requests
overdue; for a leader (and the mayor) the red tasks of his portfolio and the
adjustments waiting for his decision. The counts are the apps' own
(`screen_figures`, their scoped selectors), so the desks show the same rows."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from xiaoneng.core.clock import AlertLevel
from xiaoneng.directives import selectors as directives
from xiaoneng.org.authority import departments_in_scope
from xiaoneng.targets import selectors as targets

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _kpi(label: str, value: int, unit: str, url: str) -> dict[str, Any]:
    return {"label": label, "value": value, "unit": unit, "url": url}


def inspector_kpis(actor: Actor, today: date) -> list[dict[str, Any]]:
    ids = departments_in_scope(actor)
    tasks = targets.screen_figures(ids, today)
    supervised = directives.screen_figures(ids, today)
    desk = reverse("targets:desk")
    return [
        _kpi("进度滞后目标任务", tasks["tasks_behind"], "项", desk),
        _kpi("待核实进度报送", tasks["reports_waiting"], "份", f"{desk}#waiting-title"),
        _kpi(
            "超期督办事项",
            supervised["directive_tasks_overdue"],
            "项",
            reverse("directives:desk"),
        ),
        _kpi(
            "超期未答复请示",
            supervised["requests_overdue"],
            "件",
            f"{reverse('directives:requests')}?box=all",
        ),
    ]


def leader_kpis(actor: Actor, today: date) -> list[dict[str, Any]]:
    red = (
        targets.visible_tasks(actor)
        .filter(is_leaf=True)
        .filter(targets.light_q(AlertLevel.OVERDUE, today))
        .count()
    )
    pending = targets.pending_adjustments(actor).count()
    pending_directives = directives.adjustments_to_decide(actor).count()
    leader_page = reverse("targets:leader")
    return [
        _kpi("分管红灯目标任务", red, "项", leader_page),
        _kpi("待审批目标调整", pending, "件", leader_page),
        _kpi("待审批督办调整", pending_directives, "件", reverse("directives:adjustments")),
    ]

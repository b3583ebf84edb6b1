"""督查督办 steps through the actions: who may take each step, bad input
refused with its code, the task's life (report, close, return), urging
through supervision, adjustments (the task stays due until approved)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from directives_support import DUE_DAY, MEETING_DAY

from conftest import World
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.directives import actions
from xiaoneng.directives.models import DirectiveTask
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import SubjectCard, SupervisionOrder

DAY_AFTER = date(2026, 3, 3)


def _register(actor: User, **extra: object) -> object:
    fields: dict[str, Any] = {
        "source": "instruction",
        "number": "张政批〔2026〕7号",
        "title": "城区集中供热改造",
        "content": "请市发改委牵头，月底前拿出方案。",
        "issued_on": MEETING_DAY,
        "leader": "刘卫东",
        **extra,
    }
    with travel_to(DAY_AFTER):
        return actions.register_directive(actor=actor, **fields)


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"source": "rumour"}, "directive_source_invalid"),
        ({"number": "  "}, "directive_number_required"),
        ({"title": ""}, "directive_title_required"),
        ({"content": ""}, "directive_content_required"),
        ({"issued_on": "2026-02-30"}, "directive_issued_on_invalid"),
        ({"issued_on": date(2026, 3, 9)}, "directive_issued_on_invalid"),
        (
            {"tasks": [{"department_id": 0, "requirement": "x", "due_on": DUE_DAY}]},
            "directive_department_invalid",
        ),
        (
            {"tasks": [{"department_id": "x", "requirement": "x", "due_on": DUE_DAY}]},
            "directive_department_invalid",
        ),
        ({"tasks": [{"requirement": "x", "due_on": DUE_DAY}]}, "directive_department_invalid"),
        (
            {"tasks": [{"department_id": "620700005", "requirement": " ", "due_on": DUE_DAY}]},
            "directive_requirement_required",
        ),
        (
            {"tasks": [{"department_id": "620700005", "requirement": "x", "due_on": "soon"}]},
            "directive_due_invalid",
        ),
        (
            {"tasks": [{"department_id": "620700005", "requirement": "x", "due_on": MEETING_DAY}]},
            "directive_due_invalid",
        ),
    ],
)
def test_bad_directive_refused_with_its_code_and_nothing_stored(
    users: dict[str, User], extra: dict[str, object], code: str
) -> None:
    for task in extra.get("tasks", []):  # type: ignore[attr-defined]
        if task.get("department_id") == "620700005":  # a real unit, by its code
            task["department_id"] = Department.objects.get(code="620700005").pk
    with pytest.raises(InvalidInput) as caught:
        _register(users["inspector"], **extra)
    assert caught.value.code == code
    assert not DirectiveTask.objects.exists()
    assert not AuditEvent.objects.filter(event_type="directive.registered").exists()


def test_only_the_inspectors_register_and_assign(world: World) -> None:
    for name in ("depthead", "leader", "mayor"):
        with pytest.raises(PermissionDenied):
            _register(world.users[name])
        with travel_to(DAY_AFTER), pytest.raises(PermissionDenied):
            actions.assign_task(
                actor=world.users[name],
                directive_id=world.directive.pk,
                department_id=world.minle.pk,
                requirement="配合",
                due_on=DUE_DAY,
            )


def test_a_unit_reports_its_own_task_only(world: World) -> None:
    fagai, depthead = world.users["fagai"], world.users["depthead"]
    with travel_to(DAY_AFTER):
        # 工商局 cooperates on 发改委's task: it sees it but may not report it.
        with pytest.raises(PermissionDenied) as caught:
            actions.submit_report(
                actor=depthead, task_id=world.fagai_task.pk, report="已完成", is_final=True
            )
        assert caught.value.code == "directive_not_own_task"
        # 发改委 does not see 工商局's task at all.
        with pytest.raises(NotFound):
            actions.submit_report(actor=fagai, task_id=world.gongshang_task.pk, report="x")
        # The 督查室 sees every task but reports none.
        with pytest.raises(PermissionDenied):
            actions.submit_report(
                actor=world.users["inspector"], task_id=world.fagai_task.pk, report="x"
            )
        actions.submit_report(actor=fagai, task_id=world.fagai_task.pk, report="已起草考核办法")
    assert DirectiveTask.objects.get(pk=world.fagai_task.pk).status == "assigned"


def test_report_close_and_the_directive_closes_with_its_last_task(world: World) -> None:
    inspector = world.users["inspector"]
    with travel_to(DAY_AFTER):
        with pytest.raises(Conflict) as caught:
            actions.close_task(actor=inspector, task_id=world.gongshang_task.pk)
        assert caught.value.code == "directive_task_not_reported"
        with pytest.raises(InvalidInput) as empty:
            actions.submit_report(
                actor=world.users["depthead"], task_id=world.gongshang_task.pk, report=" "
            )
        assert empty.value.code == "directive_report_required"
        for name, task in (("depthead", world.gongshang_task), ("fagai", world.fagai_task)):
            actions.submit_report(
                actor=world.users[name], task_id=task.pk, report="已办结", is_final=True
            )
        with pytest.raises(Conflict):
            actions.submit_report(
                actor=world.users["fagai"], task_id=world.fagai_task.pk, report="再报"
            )
        with pytest.raises(PermissionDenied):
            actions.close_task(actor=world.users["depthead"], task_id=world.gongshang_task.pk)
        actions.close_task(actor=inspector, task_id=world.gongshang_task.pk, note="核实无误")
        world.directive.refresh_from_db()
        assert world.directive.status == "open"
        actions.close_task(actor=inspector, task_id=world.fagai_task.pk)
    world.directive.refresh_from_db()
    assert world.directive.status == "closed"
    assert world.directive.closed_on == DAY_AFTER
    with travel_to(DAY_AFTER), pytest.raises(Conflict) as closed:
        actions.assign_task(
            actor=inspector,
            directive_id=world.directive.pk,
            department_id=world.minle.pk,
            requirement="补充",
            due_on=DUE_DAY,
        )
    assert closed.value.code == "directive_closed"


def test_return_sends_the_task_back_with_a_reason_and_maybe_a_new_day(world: World) -> None:
    inspector, task_id = world.users["inspector"], world.gongshang_task.pk
    with travel_to(DAY_AFTER):
        actions.submit_report(
            actor=world.users["depthead"], task_id=task_id, report="完成", is_final=True
        )
        with pytest.raises(InvalidInput) as caught:
            actions.return_task(actor=inspector, task_id=task_id, reason="")
        assert caught.value.code == "directive_reason_required"
        actions.return_task(
            actor=inspector, task_id=task_id, reason="未附办结材料", new_due_on="2026-03-20"
        )
    task = DirectiveTask.objects.get(pk=task_id)
    assert (task.status, task.due_on, task.return_reason) == (
        "returned",
        date(2026, 3, 20),
        "未附办结材料",
    )
    with travel_to(DAY_AFTER):  # returned: the unit owes it again and may report
        actions.submit_report(
            actor=world.users["depthead"], task_id=task_id, report="补报材料", is_final=True
        )
    assert DirectiveTask.objects.get(pk=task_id).status == "reported"


def test_urging_sends_a_subject_order_the_unit_answers_on_the_orders_desk(world: World) -> None:
    with travel_to(DAY_AFTER):
        with pytest.raises(PermissionDenied):
            actions.urge_task(
                actor=world.users["leader"], task_id=world.gongshang_task.pk, message="快"
            )
        with pytest.raises(InvalidInput) as caught:
            actions.urge_task(actor=world.users["inspector"], task_id=world.gongshang_task.pk)
        assert caught.value.code == "directive_urge_text_required"
        actions.urge_task(
            actor=world.users["inspector"], task_id=world.gongshang_task.pk, message="请加快进度"
        )
    order = SupervisionOrder.objects.get(subject_kind="directive_task")
    assert order.subject_ref == world.gongshang_task.pk
    assert order.department_id == world.gongshang.pk
    assert order.permission == "directive.manage"
    assert order.subject_url == f"/directives/tasks/{world.gongshang_task.pk}/"


def _sweep(day: date) -> None:
    with travel_to(day):
        actions.sweep_directive_cards()


def _open_cards(task: DirectiveTask) -> list[str]:
    cards = SubjectCard.objects.filter(
        subject_kind="directive_task", subject_ref=task.pk, closed_on__isnull=True
    )
    return sorted(cards.values_list("colour", flat=True))


def test_the_task_stays_due_until_the_adjustment_is_approved(world: World) -> None:
    task, depthead = world.gongshang_task, world.users["depthead"]
    with travel_to(date(2026, 3, 12)):
        adjustment = actions.request_adjustment(
            actor=depthead, task_id=task.pk, new_due_on="2026-03-31", reason="需等待省局系统升级"
        )
        with pytest.raises(Conflict) as twice:
            actions.request_adjustment(
                actor=depthead, task_id=task.pk, new_due_on="2026-03-30", reason="再申请"
            )
        assert twice.value.code == "directive_adjustment_pending"
    _sweep(date(2026, 3, 16))  # past the due day, the adjustment still pending
    task.refresh_from_db()
    assert task.due_on == DUE_DAY
    assert task.pending_adjustment
    assert _open_cards(task) == ["yellow"]
    with travel_to(date(2026, 3, 16)):
        # 民乐县 is not in the leader's portfolio; a unit head may not decide.
        with pytest.raises(PermissionDenied):
            actions.decide_adjustment(actor=depthead, adjustment_id=adjustment.pk, approve=True)
        actions.decide_adjustment(
            actor=world.users["leader"], adjustment_id=adjustment.pk, approve=True, note="同意"
        )
        with pytest.raises(Conflict) as decided:
            actions.decide_adjustment(
                actor=world.users["mayor"], adjustment_id=adjustment.pk, approve=False, note="否"
            )
        assert decided.value.code == "directive_adjustment_decided"
    task.refresh_from_db()
    assert task.due_on == date(2026, 3, 31)
    assert not task.pending_adjustment
    _sweep(date(2026, 3, 17))
    assert _open_cards(task) == []


def test_a_rejection_needs_a_reason_and_keeps_the_day(world: World) -> None:
    task = world.fagai_task
    with travel_to(DAY_AFTER):
        adjustment = actions.request_adjustment(
            actor=world.users["fagai"], task_id=task.pk, new_due_on="2026-03-27", reason="调研未完"
        )
        with pytest.raises(InvalidInput) as caught:
            actions.decide_adjustment(
                actor=world.users["mayor"], adjustment_id=adjustment.pk, approve=False
            )
        assert caught.value.code == "directive_reason_required"
        actions.decide_adjustment(
            actor=world.users["mayor"], adjustment_id=adjustment.pk, approve=False, note="按期完成"
        )
    task.refresh_from_db()
    assert task.due_on == DUE_DAY
    assert not task.pending_adjustment


def test_a_leader_decides_only_for_units_in_his_portfolio(world: World) -> None:
    minle_head = world.users["minle"]
    with travel_to(DAY_AFTER):
        task = actions.assign_task(
            actor=world.users["inspector"],
            directive_id=world.directive.pk,
            department_id=world.minle.pk,
            requirement="县域企业开办一窗通办",
            due_on=DUE_DAY,
        )
        adjustment = actions.request_adjustment(
            actor=minle_head, task_id=task.pk, new_due_on="2026-03-27", reason="乡镇网络未通"
        )
        with pytest.raises(NotFound):
            actions.decide_adjustment(
                actor=world.users["leader"], adjustment_id=adjustment.pk, approve=True
            )
        with pytest.raises(InvalidInput) as bad_day:
            actions.request_adjustment(
                actor=world.users["depthead"],
                task_id=world.gongshang_task.pk,
                new_due_on=DUE_DAY,
                reason="同一天",
            )
        assert bad_day.value.code == "directive_due_invalid"


def test_overdue_tasks_get_yellow_then_red_cards_and_the_sweep_is_idempotent(world: World) -> None:
    _sweep(DUE_DAY)
    assert _open_cards(world.gongshang_task) == []
    _sweep(date(2026, 3, 16))
    _sweep(date(2026, 3, 16))
    assert _open_cards(world.gongshang_task) == ["yellow"]
    assert SubjectCard.objects.filter(subject_kind="directive_task").count() == 2
    _sweep(date(2026, 3, 31))
    assert _open_cards(world.gongshang_task) == ["red", "yellow"]
    with travel_to(date(2026, 3, 31)):
        actions.submit_report(
            actor=world.users["depthead"],
            task_id=world.gongshang_task.pk,
            report="完成",
            is_final=True,
        )
    _sweep(date(2026, 4, 1))
    assert _open_cards(world.gongshang_task) == []


def test_screen_figures_count_open_and_overdue_within_the_viewers_units(world: World) -> None:
    from xiaoneng.directives.selectors import screen_figures

    with travel_to(MEETING_DAY):
        actions.submit_request(
            actor=world.users["minle"],
            to_department_id=world.gongshang.pk,
            kind="urgent",
            title="请示",
            content="妥否",
        )
    with travel_to(DAY_AFTER):
        actions.submit_report(
            actor=world.users["fagai"], task_id=world.fagai_task.pk, report="完成", is_final=True
        )
    late = date(2026, 3, 16)
    assert screen_figures(None, late) == {
        "directive_tasks_open": 2,
        "directive_tasks_overdue": 1,
        "requests_open": 1,
        "requests_overdue": 1,
    }
    assert screen_figures({world.fagai.pk}, late) == {
        "directive_tasks_open": 1,
        "directive_tasks_overdue": 0,
        "requests_open": 0,
        "requests_overdue": 0,
    }
    assert screen_figures(set(), DAY_AFTER)["directive_tasks_open"] == 0


def test_an_adjustment_request_tells_the_leader_in_charge_or_the_mayor(world: World) -> None:
    from xiaoneng.notifications.models import Notification

    with travel_to(DAY_AFTER):
        actions.request_adjustment(
            actor=world.users["depthead"],
            task_id=world.gongshang_task.pk,
            new_due_on="2026-03-27",
            reason="系统升级",
        )
        county = actions.assign_task(
            actor=world.users["inspector"],
            directive_id=world.directive.pk,
            department_id=world.minle.pk,
            requirement="县域推开",
            due_on=DUE_DAY,
        )
        actions.request_adjustment(
            actor=world.users["minle"], task_id=county.pk, new_due_on="2026-03-27", reason="网络"
        )
    told = Notification.objects.filter(kind="directive.adjustment")
    assert set(told.values_list("recipient__username", flat=True)) == {"leader", "mayor"}
    assert told.get(recipient__username="leader").title.startswith("张掖市工商")

"""The steps after signing, each under its own permission: the lead unit
reports (not a cooperating or another unit), the 督查室 verifies or returns
(the unit resubmits), a leader decides adjustments within his portfolio
only, the 督查室 urges; seeing a task is not acting on it."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from target_world import BUREAU, MINLE, START, YEAR, rows

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.clock.fold import AlertLevel
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import SubjectCard, SupervisionOrder
from xiaoneng.targets import actions
from xiaoneng.targets.models import AdjustmentStatus, ReportStatus, Task, TaskStatus
from xiaoneng.targets.selectors import screen_figures, task_for, with_lights

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _file(name: str = "佐证.pdf") -> BytesIO:
    f = BytesIO(PDF)
    f.name = name
    return f


def _report(users: dict[str, User], task: Task, on: date, month: int, **more: object) -> object:
    fields = {"value": "120"} if task.standard_kind == "quantitative" else {"percent": 30}
    with travel_to(on):
        return actions.submit_report(
            actor=users["depthead"],
            task_id=task.pk,
            year=YEAR,
            month=month,
            **{"text_": "本月新增市场主体", **fields, **more},
        )


def test_the_lead_unit_reports_with_evidence_and_lateness(
    users: dict[str, User], quantitative: Task
) -> None:
    # February is due by the 5th working day of March (2026-03-06).
    on_time = _report(users, quantitative, date(2026, 3, 6), 2, files=[_file()])
    late = _report(users, quantitative, date(2026, 4, 9), 3)
    assert (on_time.late, late.late) == (False, True)
    assert on_time.due_on == date(2026, 3, 6)
    assert on_time.percent == 12  # 120 of 1000 from 0
    assert on_time.files.get().filename == "佐证.pdf"
    assert on_time.status == ReportStatus.SUBMITTED


def test_a_report_needs_text_a_value_and_a_begun_month(
    users: dict[str, User], quantitative: Task, qualitative: Task
) -> None:
    on = date(2026, 3, 3)
    cases = [
        ({"text_": " "}, quantitative, 2, "target_text_required"),
        ({"value": None}, quantitative, 2, "target_number_invalid"),
        ({"value": "abc"}, quantitative, 2, "target_number_invalid"),
        ({}, quantitative, 4, "target_month_invalid"),
        ({}, quantitative, 13, "target_month_invalid"),
        ({"percent": 101}, qualitative, 2, "target_percent_invalid"),
    ]
    for change, task, month, code in cases:
        with pytest.raises(InvalidInput) as refused:
            _report(users, task, on, month, **change)
        assert refused.value.code == code, change
    with pytest.raises(InvalidInput) as refused:
        _report(users, quantitative, on, 2, files=[BytesIO(b"MZ not allowed")])
    assert refused.value.code == "upload_type_not_allowed"
    assert not quantitative.reports.exists()


def test_only_the_lead_unit_reports(users: dict[str, User], quantitative: Task) -> None:
    # 市发改委 cooperates on the task: it sees it, but does not report on it.
    assert task_for(users["fagai"], quantitative.pk) == quantitative
    with travel_to(date(2026, 3, 3)), pytest.raises(PermissionDenied) as refused:
        actions.submit_report(
            actor=users["fagai"], task_id=quantitative.pk, year=YEAR, month=2, text_="x", value=1
        )
    assert refused.value.code == "target_not_lead_unit"
    # 民乐县 has nothing to do with it: for it the task does not exist.
    with pytest.raises(NotFound):
        task_for(users["minle"], quantitative.pk)
    with travel_to(date(2026, 3, 3)), pytest.raises(NotFound):
        actions.submit_report(
            actor=users["minle"], task_id=quantitative.pk, year=YEAR, month=2, text_="x", value=1
        )
    # The 督查室 and the mayor see it but report nothing (no target.report).
    for who in ("inspector", "mayor", "leader"):
        assert task_for(users[who], quantitative.pk) == quantitative
        with travel_to(date(2026, 3, 3)), pytest.raises(PermissionDenied):
            actions.submit_report(
                actor=users[who], task_id=quantitative.pk, year=YEAR, month=2, text_="x", value=1
            )
    assert not quantitative.reports.exists()


def test_verify_sets_the_latest_value_and_return_is_resubmitted(
    users: dict[str, User], quantitative: Task
) -> None:
    first = _report(users, quantitative, date(2026, 3, 3), 2)
    with travel_to(date(2026, 3, 4)):
        with pytest.raises(PermissionDenied):
            actions.verify_report(actor=users["depthead"], report_id=first.pk)
        with pytest.raises(PermissionDenied):
            actions.verify_report(actor=users["leader"], report_id=first.pk)
        with pytest.raises(InvalidInput) as refused:
            actions.return_report(actor=users["inspector"], report_id=first.pk, reason=" ")
        assert refused.value.code == "target_reason_required"
        actions.return_report(actor=users["inspector"], report_id=first.pk, reason="无佐证材料")
        with pytest.raises(Conflict) as refused:
            actions.verify_report(actor=users["inspector"], report_id=first.pk)
        assert refused.value.code == "target_report_wrong_status"
    again = _report(users, quantitative, date(2026, 3, 5), 2, value="150", files=[_file()])
    assert again.pk == first.pk  # one live report per month
    assert (again.status, again.return_reason, again.late) == (ReportStatus.SUBMITTED, "", False)
    with travel_to(date(2026, 3, 6)):
        actions.verify_report(actor=users["inspector"], report_id=again.pk)
    task = Task.objects.get(pk=quantitative.pk)
    assert (task.latest_value, task.latest_percent) == (150, 15)
    with pytest.raises(Conflict):
        _report(users, quantitative, date(2026, 3, 9), 2)
    kinds = list(
        AuditEvent.objects.filter(object_type="target_report", object_id=str(first.pk))
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert kinds == [
        "target.report_submitted",
        "target.report_returned",
        "target.report_resubmitted",
        "target.report_verified",
    ]


def test_reaching_the_target_completes_the_task(users: dict[str, User], quantitative: Task) -> None:
    milestone = quantitative.milestones.get()
    report = _report(
        users, quantitative, date(2026, 7, 2), 6, value="1000", milestone_ids=[milestone.pk]
    )
    milestone.refresh_from_db()
    assert milestone.done_on == date(2026, 7, 2)
    with travel_to(date(2026, 7, 3)):
        actions.verify_report(actor=users["inspector"], report_id=report.pk)
    task = Task.objects.get(pk=quantitative.pk)
    assert (task.status, task.done_on) == (TaskStatus.DONE, date(2026, 7, 2))
    assert with_lights([task], date(2026, 12, 31))[0].light == AlertLevel.NONE


def test_an_adjustment_leaves_the_task_due_until_approved(
    users: dict[str, User], qualitative: Task
) -> None:
    with travel_to(date(2026, 9, 24)):
        with pytest.raises(InvalidInput) as refused:
            actions.request_adjustment(actor=users["depthead"], task_id=qualitative.pk, reason="x")
        assert refused.value.code == "target_adjustment_empty"
        with pytest.raises(NotFound):  # not its task: 市发改委 does not even see it
            actions.request_adjustment(
                actor=users["fagai"], task_id=qualitative.pk, reason="x", new_deadline="2026-12-31"
            )
        asked = actions.request_adjustment(
            actor=users["depthead"],
            task_id=qualitative.pk,
            reason="省里系统接口未开放",
            new_deadline="2026-12-31",
        )
        with pytest.raises(Conflict):
            actions.request_adjustment(
                actor=users["depthead"],
                task_id=qualitative.pk,
                reason="再",
                new_deadline="2027-01-31",
            )
    # Still due by 2026-09-30 while pending: red after it, and carded.
    after = date(2026, 10, 9)
    task = Task.objects.get(pk=qualitative.pk)
    assert task.pending_adjustment
    assert task.deadline == date(2026, 9, 30)
    assert with_lights([task], after)[0].light == AlertLevel.OVERDUE
    with travel_to(after):
        actions.sweep_target_cards()
    assert SubjectCard.objects.filter(
        subject_kind="target_task", subject_ref=task.pk, step="deadline", closed_on__isnull=True
    ).exists()
    # The leader (市工商局 is in his portfolio) approves: the new deadline applies.
    with travel_to(after):
        actions.decide_adjustment(actor=users["leader"], adjustment_id=asked.pk, approve=True)
        actions.sweep_target_cards()
    task.refresh_from_db()
    assert (task.deadline, task.pending_adjustment) == (date(2026, 12, 31), False)
    assert with_lights([task], after)[0].light != AlertLevel.OVERDUE
    assert not SubjectCard.objects.filter(
        subject_kind="target_task", subject_ref=task.pk, step="deadline", closed_on__isnull=True
    ).exists()
    asked.refresh_from_db()
    assert asked.status == AdjustmentStatus.APPROVED
    with travel_to(after), pytest.raises(Conflict) as refused:
        actions.decide_adjustment(
            actor=users["leader"], adjustment_id=asked.pk, approve=False, note="x"
        )
    assert refused.value.code == "target_adjustment_decided"


def test_a_leader_decides_only_within_his_portfolio(
    users: dict[str, User], demo_city: None
) -> None:
    county = Department.objects.get(code=MINLE)
    table = rows(**{"1_1": {"lead": MINLE, "cooperating": ""}, "1_2": {"lead": MINLE}})
    with travel_to(START):
        book = actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=county.pk, rows=table
        )
        actions.sign_book(
            actor=users["inspector"], book_id=book.pk, signed_by="县长", signed_for="市长"
        )
    task = book.tasks.get(code="1.2")
    with travel_to(date(2026, 5, 6)):
        asked = actions.request_adjustment(
            actor=users["minle"], task_id=task.pk, reason="资金未到位", new_standard="先完成一半"
        )
        with pytest.raises((NotFound, PermissionDenied)):
            actions.decide_adjustment(actor=users["leader"], adjustment_id=asked.pk, approve=True)
        with pytest.raises(PermissionDenied):
            actions.decide_adjustment(
                actor=users["inspector"], adjustment_id=asked.pk, approve=True
            )
        with pytest.raises(InvalidInput) as refused:
            actions.decide_adjustment(actor=users["mayor"], adjustment_id=asked.pk, approve=False)
        assert refused.value.code == "target_reason_required"
        actions.decide_adjustment(
            actor=users["mayor"], adjustment_id=asked.pk, approve=False, note="按原标准执行"
        )
    task.refresh_from_db()
    assert task.standard.startswith("企业登记全程网上办理")
    assert not task.pending_adjustment


def test_the_inspection_office_urges_through_supervision(
    users: dict[str, User], quantitative: Task
) -> None:
    with travel_to(date(2026, 7, 6)):
        with pytest.raises(PermissionDenied):
            actions.urge_task(actor=users["depthead"], task_id=quantitative.pk, text_="快")
        with pytest.raises(PermissionDenied):
            actions.urge_task(actor=users["leader"], task_id=quantitative.pk, text_="快")
        with pytest.raises(InvalidInput) as refused:
            actions.urge_task(actor=users["inspector"], task_id=quantitative.pk, text_="")
        assert refused.value.code == "target_urge_text_required"
        order = actions.urge_task(
            actor=users["inspector"], task_id=quantitative.pk, text_="上半年节点未完成，请加快"
        )
    stored = SupervisionOrder.objects.get(pk=order.pk)
    assert (stored.subject_kind, stored.subject_ref, stored.permission) == (
        "target_task",
        quantitative.pk,
        "target.manage",
    )
    assert stored.department_id == quantitative.lead_department_id
    assert stored.due_on == date(2026, 7, 9)
    assert stored.subject_url == f"/targets/tasks/{quantitative.pk}/"


def test_the_card_sweep_is_idempotent_and_names_each_missed_step(
    users: dict[str, User], quantitative: Task
) -> None:
    day = date(2026, 7, 10)
    with travel_to(day):
        first = actions.sweep_target_cards()
        second = actions.sweep_target_cards()
    steps = set(
        SubjectCard.objects.filter(subject_ref=quantitative.pk).values_list("step", flat=True)
    )
    assert steps == {"milestone", "report"}
    assert first.yellow > 0
    assert (second.yellow, second.red, second.closed) == (0, 0, 0)
    # Only a sweep that changed something is recorded (it runs every quarter hour).
    assert AuditEvent.objects.filter(event_type="target.cards_swept").count() == 1
    # Feb..Jun reports are owed by 2026-07-08 at the latest: 5 months × 2 tasks + 1 milestone.
    assert first.yellow == 11
    figures = screen_figures(None, day)
    assert figures == {"tasks_total": 2, "tasks_behind": 1, "tasks_red": 1, "reports_waiting": 0}
    assert screen_figures({Department.objects.get(code=MINLE).pk}, day)["tasks_total"] == 0


def test_a_draft_book_takes_no_reports_or_adjustments(
    users: dict[str, User], demo_city: None
) -> None:
    unit = Department.objects.get(code=BUREAU)
    with travel_to(START):
        book = actions.import_book(
            actor=users["inspector"], year=YEAR, department_id=unit.pk, rows=rows()
        )
    task = book.tasks.get(code="1.2")
    with travel_to(date(2026, 3, 3)):
        with pytest.raises(Conflict) as refused:
            actions.submit_report(
                actor=users["depthead"], task_id=task.pk, year=YEAR, month=2, text_="x", percent=5
            )
        assert refused.value.code == "target_book_not_signed"
        with pytest.raises(Conflict) as refused:
            actions.request_adjustment(
                actor=users["depthead"], task_id=task.pk, reason="x", new_standard="y"
            )
        assert refused.value.code == "target_book_not_signed"

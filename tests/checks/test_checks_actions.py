"""明察暗访 actions: a plan approved with its team, findings with evidence,
notice to the unit's heads with a working-day deadline, publication, the
unit's report verified or returned; every refusal with its stable code."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from checks_support import (
    DUE_DAY,
    EXE_BYTES,
    JPEG_BYTES,
    NOTICE_DAY,
    PLAN_DAY,
    PNG_BYTES,
    SEEN_AT,
    SHANGHAI,
    STAFF_NAME,
)

from conftest import World, photo
from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.checks import actions
from xiaoneng.checks.models import Finding, FindingEvidence, FindingStatus, PlanStatus
from xiaoneng.core.errors import Conflict, DomainError, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org.models import User
from xiaoneng.system.actions import set_parameter

pytestmark = pytest.mark.django_db


def _notify(world: World, finding: Finding, on: date = NOTICE_DAY) -> Finding:
    with travel_to(on):
        return actions.notify_finding(actor=world.users["supervisor"], finding_id=finding.pk)


def test_the_whole_loop(world: World, record: Any, other_head: User) -> None:
    boss, head = world.users["supervisor"], world.users["depthead"]
    finding = record(photos=[photo("窗口.jpg", JPEG_BYTES), photo("排队", PNG_BYTES)])
    assert finding.status == FindingStatus.RECORDED
    assert finding.number.startswith("MC20260929")
    assert str(finding) == f"明察暗访 {finding.number}（擅离职守、脱岗离岗）"
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.IN_PROGRESS
    assert sorted(e.filename for e in finding.evidence.all()) == ["排队.png", "窗口.jpg"]
    assert not Notification.objects.exists()  # the unit does not know yet

    finding = _notify(world, finding)
    assert (finding.status, finding.notified_on, finding.due_on) == (
        FindingStatus.NOTIFIED,
        NOTICE_DAY,
        DUE_DAY,
    )
    note = Notification.objects.get(kind="check.finding")
    assert note.recipient == head  # the unit's head, and nobody of another unit
    assert "2026年10月20日" in note.title

    with travel_to(date(2026, 10, 9)):
        actions.publish_finding(
            actor=boss,
            finding_id=finding.pk,
            summary="市工商局登记窗口工作时间无人值守，群众久等。",
        )
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="已约谈，排班公示")
    with travel_to(date(2026, 10, 12)):
        actions.return_rectification(actor=boss, finding_id=finding.pk, note="未附排班表")
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="附排班表")
    with travel_to(date(2026, 10, 13)):
        done = actions.verify_rectification(actor=boss, finding_id=finding.pk, note="整改到位")
    assert (done.status, done.on_time, done.verified_on) == (
        FindingStatus.VERIFIED,
        True,
        date(2026, 10, 13),
    )
    assert [r.outcome for r in done.reports.all()] == ["returned", "verified"]
    with travel_to(date(2026, 10, 14)):
        closed = actions.close_plan(actor=boss, plan_id=world.plan.pk)
    assert closed.status == PlanStatus.DONE
    types = list(
        AuditEvent.objects.filter(event_type__startswith="check.")
        .values_list("event_type", flat=True)
        .order_by("seq")
    )
    assert types == [
        "check.plan_created",
        "check.member_added",
        "check.member_added",
        "check.plan_approved",
        "check.finding_recorded",
        "check.finding_notified",
        "check.finding_published",
        "check.rectification_submitted",
        "check.rectification_returned",
        "check.rectification_submitted",
        "check.rectification_verified",
        "check.plan_closed",
    ]
    # No staff name anywhere in the audit trail.
    assert not any(
        STAFF_NAME in str(p) for p in AuditEvent.objects.values_list("payload", flat=True)
    )
    assert verify_chain()[1] is None


def test_the_report_deadline_runs_across_national_day_in_working_days(
    world: World, record: Any, users: dict[str, User]
) -> None:
    finding = _notify(world, record())
    assert finding.due_on == DUE_DAY
    assert finding.limit_days == 10
    assert not finding.provisional
    set_parameter(actor=users["admin"], key="check.rectify_days", value="3")
    second = _notify(world, record())
    # 3 working days after Wed 30 Sep: 8, 9, 10 Oct (the make-up Saturday).
    assert second.due_on == date(2026, 10, 10)


def test_a_late_report_is_verified_as_late(world: World, record: Any) -> None:
    boss, head = world.users["supervisor"], world.users["depthead"]
    finding = _notify(world, record())
    with travel_to(DUE_DAY + timedelta(days=1)):
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="已整改")
        done = actions.verify_rectification(actor=boss, finding_id=finding.pk)
    assert done.on_time is False


def _code(call: Any) -> str:
    with pytest.raises(DomainError) as exc:
        call()
    return exc.value.code


def test_plan_refusals_have_stable_codes(world: World, users: dict[str, User]) -> None:
    boss = users["supervisor"]
    ok: dict[str, Any] = {
        "title": "计划",
        "period_start": PLAN_DAY,
        "period_end": PLAN_DAY,
        "focus": "在岗",
        "department_ids": [world.gongshang.pk],
    }

    def plan(**bad: Any) -> Any:
        return lambda: actions.create_plan(actor=boss, **{**ok, **bad})

    assert _code(plan(title="  ")) == "check_title_required"
    assert _code(plan(focus="")) == "check_focus_required"
    assert _code(plan(period_end=PLAN_DAY - timedelta(days=1))) == "check_period_invalid"
    assert _code(plan(period_start="2026-09-28")) == "check_period_invalid"
    assert _code(plan(department_ids=[])) == "check_targets_required"
    assert _code(plan(department_ids=[999999])) == "check_department_invalid"
    assert _code(plan(department_ids=["x"])) == "check_department_invalid"
    draft = actions.create_plan(actor=boss, **ok)
    assert _code(lambda: actions.approve_plan(actor=boss, plan_id=draft.pk)) == (
        "check_leader_required"
    )
    assert _code(lambda: actions.close_plan(actor=boss, plan_id=draft.pk)) == (
        "check_plan_not_approved"
    )
    assert (
        _code(lambda: actions.add_team_member(actor=boss, plan_id=draft.pk, user_id=424242))
        == "check_member_invalid"
    )
    actions.add_team_member(actor=boss, plan_id=draft.pk, user_id=boss.pk)
    assert (
        _code(lambda: actions.add_team_member(actor=boss, plan_id=draft.pk, user_id=boss.pk))
        == "check_member_exists"
    )
    assert _code(lambda: actions.approve_plan(actor=boss, plan_id=world.plan.pk)) == (
        "check_plan_not_draft"
    )
    assert (
        _code(
            lambda: actions.record_finding(
                actor=boss,
                plan_id=draft.pk,
                department_id=world.gongshang.pk,
                kind="absence",
                observed_at=SEEN_AT,
                place="x",
                description="y",
            )
        )
        == "check_plan_not_approved"
    )
    assert _code(lambda: actions.approve_plan(actor=boss, plan_id=0)) == "check_plan_not_found"


def test_the_leader_is_one(world: World, users: dict[str, User]) -> None:
    boss = users["supervisor"]
    actions.add_team_member(
        actor=boss, plan_id=world.plan.pk, user_id=users["complaint"].pk, leader=True
    )
    leaders = [m.member_name for m in world.plan.members.filter(is_leader=True)]
    assert leaders == ["赵永强"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ({"kind": "sleeping"}, "check_kind_invalid"),
        ({"place": " "}, "check_place_required"),
        ({"description": ""}, "check_description_required"),
        ({"observed_at": datetime(2026, 9, 29, 10, 30)}, "check_observed_at_invalid"),  # naive
        ({"observed_at": "2026-09-29T10:30+08:00"}, "check_observed_at_invalid"),
        ({"observed_at": SEEN_AT + timedelta(days=2)}, "check_observed_at_invalid"),  # future
        (
            {"observed_at": datetime(2026, 9, 27, 23, 59, tzinfo=SHANGHAI)},
            "check_observed_outside_period",
        ),
        ({"department_id": 1}, "check_department_not_in_plan"),
        ({"staff_id": -1}, "check_staff_invalid"),
        ({"photos": [photo("a.exe", EXE_BYTES)]}, "upload_type_not_allowed"),
        ({"photos": [photo("empty.jpg", b"")]}, "upload_empty"),
        ({"photos": [photo(f"{i}.png", PNG_BYTES) for i in range(21)]}, "check_evidence_quota"),
    ],
)
def test_finding_refusals_have_stable_codes(record: Any, extra: dict[str, Any], code: str) -> None:
    with pytest.raises(InvalidInput) as exc:
        record(**extra)
    assert exc.value.code == code
    assert not Finding.objects.exists()
    assert not FindingEvidence.objects.exists()


def test_a_staff_account_of_the_unit_may_be_named(record: Any, users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as exc:
        record(staff_id=users["admin"].pk)  # of 信息科 620700008, not 市工商局
    assert exc.value.code == "check_staff_invalid"
    # The window's staff member belongs to 市工商局 through its window.
    finding = record(staff_id=users["window"].pk, staff_name="")
    assert (finding.staff, finding.staff_name) == (users["window"], "周敏")


def test_step_refusals_have_stable_codes(world: World, record: Any) -> None:
    boss, head = world.users["supervisor"], world.users["depthead"]
    finding = record()
    assert (
        _code(lambda: actions.publish_finding(actor=boss, finding_id=finding.pk, summary="x"))
        == "check_not_notified"
    )
    assert _code(lambda: actions.close_plan(actor=boss, plan_id=world.plan.pk)) == (
        "check_findings_not_notified"
    )
    _notify(world, finding)
    assert _code(lambda: actions.notify_finding(actor=boss, finding_id=finding.pk)) == (
        "check_already_notified"
    )
    with travel_to(NOTICE_DAY):
        assert (
            _code(lambda: actions.publish_finding(actor=boss, finding_id=finding.pk, summary=" "))
            == "check_summary_required"
        )
        assert (
            _code(
                lambda: actions.publish_finding(
                    actor=boss, finding_id=finding.pk, summary=f"工作人员{STAFF_NAME}脱岗"
                )
            )
            == "check_summary_names_staff"
        )
        actions.publish_finding(actor=boss, finding_id=finding.pk, summary="窗口无人值守")
        assert (
            _code(
                lambda: actions.publish_finding(actor=boss, finding_id=finding.pk, summary="again")
            )
            == "check_already_published"
        )
        assert _code(lambda: actions.verify_rectification(actor=boss, finding_id=finding.pk)) == (
            "check_no_report_to_review"
        )
        assert (
            _code(lambda: actions.return_rectification(actor=boss, finding_id=finding.pk, note="x"))
            == "check_no_report_to_review"
        )
        assert (
            _code(
                lambda: actions.submit_rectification(actor=head, finding_id=finding.pk, report=" ")
            )
            == "check_report_required"
        )
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="已整改")
        assert (
            _code(
                lambda: actions.submit_rectification(
                    actor=head, finding_id=finding.pk, report="再报"
                )
            )
            == "check_not_awaiting_report"
        )
        assert (
            _code(lambda: actions.return_rectification(actor=boss, finding_id=finding.pk, note=""))
            == "check_review_note_required"
        )
        with pytest.raises(Conflict) as again:
            actions.approve_plan(actor=boss, plan_id=world.plan.pk)
        assert again.value.code == "check_plan_not_draft"


def test_evidence_added_later_is_checked_and_capped(world: World, record: Any) -> None:
    boss = world.users["supervisor"]
    finding = record(photos=[photo(f"{i}.jpg", JPEG_BYTES) for i in range(20)])
    assert (
        _code(
            lambda: actions.add_evidence(
                actor=boss, finding_id=finding.pk, file=photo("x.png", PNG_BYTES)
            )
        )
        == "check_evidence_quota"
    )
    other = record()
    assert _code(lambda: actions.add_evidence(actor=boss, finding_id=other.pk, file=None)) == (
        "upload_empty"
    )
    added = actions.add_evidence(
        actor=boss, finding_id=other.pk, file=photo("../../etc/现场.PNG", PNG_BYTES), caption="现场"
    )
    assert (added.filename, added.content_type, added.caption) == ("现场.png", "image/png", "现场")

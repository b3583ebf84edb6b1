"""A case is opened from its source, linked and checked: a substantiated
complaint (never naming who complained), a check finding, a red card (not
a yellow one), a decided rating appeal (not a pending one), an anomaly."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from accountability_support import BUREAU, open_case

from worlds import accepted_case
from xiaoneng.accountability.actions import dismiss_case
from xiaoneng.accountability.leads import open_leads
from xiaoneng.accountability.models import AccountabilityCase
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.complaints import actions as complaint_actions
from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

ONE_SUBJECT = [{"kind": "unit"}]


def substantiated_complaint(users: dict[str, User], outcome: str) -> Any:
    bureau = Department.objects.get(code=BUREAU)
    with travel_to(date(2026, 9, 14)):
        row, _code = complaint_actions.submit_complaint(
            actor=None,
            channel="online",
            category="rudeness",
            department_id=bureau.pk,
            title="窗口态度差",
            description="工作人员态度蛮横",
            anonymous=False,
            complainant_name="李秀英",
            complainant_phone="13900000000",
        )
    centre = users["complaint"]
    with travel_to(date(2026, 9, 15)):
        complaint_actions.accept_complaint(actor=centre, complaint_id=row.pk)
    with travel_to(date(2026, 9, 17)):
        return complaint_actions.conclude_complaint(
            actor=centre,
            complaint_id=row.pk,
            outcome=outcome,
            findings="经查",
            handling_opinion="建议问责",
            reply_text="经查",
        )


def _open(users: dict[str, User], kind: str, ref: Any, on: date) -> AccountabilityCase:
    return open_case(users, on=on, source_kind=kind, source_ref=ref, subjects=ONE_SUBJECT)


def test_a_substantiated_complaint_opens_a_case_without_the_complainant(
    users: dict[str, User],
) -> None:
    complaint = substantiated_complaint(users, "substantiated")
    row = _open(users, "complaint", complaint.number, date(2026, 9, 18))
    assert (row.source_kind, row.source_ref) == ("complaint", complaint.number)
    assert row.department.code == BUREAU
    assert complaint.number in row.source_label
    assert "属实" in row.source_label
    assert "李秀英" not in row.source_label
    assert "13900000000" not in row.source_label
    not_proven = substantiated_complaint(users, "unsubstantiated")
    with pytest.raises(InvalidInput) as refused:
        _open(users, "complaint", not_proven.number, date(2026, 9, 18))
    assert refused.value.code == "accountability_source_invalid"


def test_a_check_finding_opens_a_case(users: dict[str, User]) -> None:
    from xiaoneng.checks import actions

    boss = users["supervisor"]
    unit = Department.objects.get(code=BUREAU)
    with travel_to(date(2026, 9, 28)):
        plan = actions.create_plan(
            actor=boss,
            title="窗口纪律明察暗访",
            period_start=date(2026, 9, 28),
            period_end=date(2026, 10, 30),
            focus="在岗、纪律",
            department_ids=[unit.pk],
        )
        actions.add_team_member(actor=boss, plan_id=plan.pk, user_id=boss.pk, leader=True)
        actions.approve_plan(actor=boss, plan_id=plan.pk)
    with travel_to(date(2026, 9, 30)):
        finding = actions.record_finding(
            actor=boss,
            plan_id=plan.pk,
            department_id=unit.pk,
            kind="absence",
            observed_at=datetime(2026, 9, 29, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
            place="市民中心二楼",
            description="3号窗口无人值守。",
            staff_name="韩晓东",
        )
    row = _open(users, "finding", finding.number, date(2026, 9, 30))
    assert (row.source_ref, row.department_id) == (finding.number, unit.pk)
    assert "韩晓东" not in row.source_label
    with pytest.raises(InvalidInput):
        _open(users, "finding", "NO-SUCH", date(2026, 9, 30))


def test_only_a_red_card_opens_a_case(users: dict[str, User], promise_item: ApprovalItem) -> None:
    from xiaoneng.supervision.actions import issue_cards
    from xiaoneng.supervision.models import CardColour, SupervisionCard

    case = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    with travel_to(date(2026, 10, 9)):
        issue_cards()
    yellow = SupervisionCard.objects.get(case=case)
    with pytest.raises(InvalidInput):
        _open(users, "card", yellow.pk, date(2026, 10, 9))
    with travel_to(date(2026, 10, 13)):
        issue_cards()
    red = SupervisionCard.objects.get(case=case, colour=CardColour.RED)
    row = _open(users, "card", red.pk, date(2026, 10, 13))
    assert row.source_ref == str(red.pk)
    assert row.department_id == red.department_id
    assert case.tracking_no in row.source_label
    # One case per source, unless the first was dismissed.
    with pytest.raises(Conflict) as again:
        _open(users, "card", red.pk, date(2026, 10, 13))
    assert again.value.code == "accountability_source_taken"
    with travel_to(date(2026, 10, 13)):
        dismiss_case(actor=users["supervisor"], case_id=row.pk, reason="情节轻微")
    assert _open(users, "card", red.pk, date(2026, 10, 14)).pk != row.pk


def test_a_rating_appeal_must_be_decided(users: dict[str, User], catalog: None) -> None:
    from xiaoneng.cases import actions as case_actions
    from xiaoneng.ratings import actions

    with travel_to(date(2026, 9, 30)):
        case, code = case_actions.submit_application(
            actor=users["window"], item_code="0100001000620700005", applicant_name="祁连绿源"
        )
        case_actions.accept_case(actor=users["window"], case_id=case.pk)
        rating = actions.rate_case_online(
            tracking_no=case.tracking_no, query_code=code, level=5, comment="态度差"
        )
    with travel_to(date(2026, 10, 8)):
        appeal = actions.file_appeal(actor=users["depthead"], rating_id=rating.pk, reason="恶意")
        with pytest.raises(InvalidInput):
            _open(users, "rating_appeal", appeal.pk, date(2026, 10, 8))
        actions.decide_appeal(
            actor=users["inspector"], appeal_id=appeal.pk, upheld=False, note="不成立"
        )
    row = _open(users, "rating_appeal", appeal.pk, date(2026, 10, 9))
    assert row.source_kind == "rating_appeal"
    assert "申诉不成立" in row.source_label


def test_an_unknown_anomaly_is_refused(users: dict[str, User]) -> None:
    with pytest.raises(InvalidInput) as refused:
        _open(users, "anomaly", 424242, date(2026, 9, 14))
    assert refused.value.code == "accountability_source_invalid"
    assert AccountabilityCase.objects.count() == 0


def test_leads_list_what_may_open_a_case_until_it_is_opened(
    users: dict[str, User], client: Any
) -> None:
    """问责线索 on the bureau's desk: a substantiated complaint by number and
    unit (never who complained) until a case takes it; nothing for others."""
    complaint = substantiated_complaint(users, "partly")
    substantiated_complaint(users, "unsubstantiated")
    found = [lead for lead in open_leads(users["supervisor"]) if lead.kind == "complaint"]
    assert [lead.ref for lead in found] == [complaint.number]
    assert open_leads(users["depthead"]) == []
    client.force_login(users["supervisor"])
    page = client.get("/accountability/").content.decode()
    assert f"source_ref={complaint.number}" in page
    assert "李秀英" not in page
    assert "13900000000" not in page
    _open(users, "complaint", complaint.number, date(2026, 9, 18))
    assert not [lead for lead in open_leads(users["supervisor"]) if lead.kind == "complaint"]


def _target_task(users: dict[str, User], deadline: date) -> Any:
    from xiaoneng.targets.models import TargetBook, Task

    bureau = Department.objects.get(code=BUREAU)
    book = TargetBook.objects.create(
        year=2026,
        department=bureau,
        title="市工商局2026年度目标管理责任书",
        status="signed",
        imported_by=users["inspector"],
    )
    return Task.objects.create(
        book=book,
        code="1",
        title="企业开办时间压缩至3个工作日",
        category="reform",
        lead_department=bureau,
        person="李静",
        deadline=deadline,
        standard_kind="qualitative",
        standard="全流程网上办理，3个工作日内办结",
        weight=10,
    )


def test_a_target_task_past_its_deadline_opens_a_case_against_its_lead_unit(
    users: dict[str, User],
) -> None:
    task = _target_task(users, date(2026, 6, 30))
    with travel_to(date(2026, 9, 14)):
        (lead,) = [x for x in open_leads(users["supervisor"]) if x.kind == "target"]
    assert (lead.ref, lead.department) == (str(task.pk), "张掖市工商行政管理局")
    row = open_case(users, source_kind="target", source_ref=str(task.pk), department_id=None)
    assert row.department.code == BUREAU
    assert "企业开办时间压缩至3个工作日" in row.source_label
    with travel_to(date(2026, 9, 14)):
        assert not [x for x in open_leads(users["supervisor"]) if x.kind == "target"]


def test_a_target_task_not_yet_due_or_done_is_not_a_source(users: dict[str, User]) -> None:
    task = _target_task(users, date(2026, 12, 31))
    with pytest.raises(InvalidInput) as early:
        open_case(users, source_kind="target", source_ref=str(task.pk))
    assert early.value.code == "accountability_source_invalid"
    task.deadline, task.status = date(2026, 6, 30), "done"
    task.save()
    with pytest.raises(InvalidInput) as done:
        open_case(users, source_kind="target", source_ref=str(task.pk))
    assert done.value.code == "accountability_source_invalid"
    with pytest.raises(InvalidInput):
        open_case(users, source_kind="target", source_ref="999999")

"""Enterprises: the register (query code kept as its digest), the portal
look-up (its own activities only; a wrong code refused alike and
throttled), the report filed as a complaint and, verified, the finding."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models.signals import pre_save
from django.test import Client
from inspection_support import (
    FIRM_A,
    FIRM_B,
    ITEMS,
    REGISTER_DAY,
    START,
    Firms,
    anomalies,
    register,
)

from xiaoneng.complaints.models import Complaint
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import query_digest
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Enterprise, Inspector, ReportStatus
from xiaoneng.inspections.selectors import enterprise_by_code, schedule_of

pytestmark = pytest.mark.django_db

REPORT_DAY = date(2026, 6, 9)


def test_the_register_keeps_only_the_query_codes_digest(firms: Firms) -> None:
    row = Enterprise.objects.get(credit_code=FIRM_A)
    code = firms.codes[FIRM_A]
    assert row.query_digest == query_digest(code)
    assert code not in row.query_digest
    boss = firms.users["inspector"]
    with pytest.raises(Conflict):
        actions.add_enterprise(actor=boss, credit_code=FIRM_A.lower(), name="重复", industry="食品")
    with pytest.raises(InvalidInput):
        actions.add_enterprise(
            actor=boss, credit_code="91620700MA7100001D", name="错码", industry="食品"
        )
    _, new = actions.reissue_query_code(actor=boss, enterprise_id=row.pk)
    with pytest.raises(NotFound):
        enterprise_by_code(FIRM_A, code)
    assert enterprise_by_code(FIRM_A, new) == row


def _approved(firms: Firms) -> object:
    row = register(firms.users["depthead"])
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=firms.users["leader"], activity_id=row.pk)
    return row


def test_an_enterprise_sees_only_approved_activities_on_itself(firms: Firms) -> None:
    approved = _approved(firms)
    register(firms.users["depthead"], title="待批活动", items=["x"])  # pending: not shown
    with travel_to(REGISTER_DAY):
        coming, past = schedule_of(Enterprise.objects.get(credit_code=FIRM_A))
        assert (coming, past) == ([approved], [])
        assert schedule_of(Enterprise.objects.get(credit_code=FIRM_B)) == ([], [])
    with travel_to(date(2026, 7, 1)):
        assert schedule_of(Enterprise.objects.get(credit_code=FIRM_A)) == ([], [approved])


def test_the_portal_page_shows_the_own_schedule_and_refuses_a_wrong_code(
    firms: Firms, client: Client
) -> None:
    _approved(firms)
    with travel_to(REGISTER_DAY):
        own = client.post(
            "/inspections/enterprise/", {"credit_code": FIRM_A, "code": firms.codes[FIRM_A]}
        )
        other = client.post(
            "/inspections/enterprise/", {"credit_code": FIRM_B, "code": firms.codes[FIRM_B]}
        )
        crossed = client.post(
            "/inspections/enterprise/", {"credit_code": FIRM_B, "code": firms.codes[FIRM_A]}
        )
    assert own.status_code == 200
    assert "个体工商户年报抽查" in own.content.decode()
    assert "no-store" in own["Cache-Control"]
    assert other.status_code == 200
    assert "个体工商户年报抽查" not in other.content.decode()
    assert crossed.status_code == 404
    assert "统一社会信用代码或查询码不正确" in crossed.content.decode()


def test_the_look_up_is_throttled(firms: Firms, client: Client) -> None:
    answers = [
        client.post(
            "/inspections/enterprise/", {"credit_code": FIRM_A, "code": "WRONG"}
        ).status_code
        for _ in range(11)
    ]
    assert answers == [404] * 10 + [429]
    # The right code is refused too while the window lasts.
    again = client.post(
        "/inspections/enterprise/", {"credit_code": FIRM_A, "code": firms.codes[FIRM_A]}
    )
    assert again.status_code == 429
    assert again["Retry-After"] == "60"


def _report(firms: Firms, activity_id: object, **over: object) -> tuple[object, str, str]:
    data: dict[str, object] = {
        "credit_code": FIRM_A,
        "code": firms.codes[FIRM_A],
        "kind": "overrun",
        "happened_on": REPORT_DAY,
        "description": "检查组另查了食品标签，未在批准事项内",
        "contact_name": "李会计",
        "contact_phone": "0936-8210000",
        "activity_id": activity_id,
    }
    data.update(over)
    with travel_to(REPORT_DAY):
        return actions.file_report(**data)  # type: ignore[arg-type]


def test_a_report_becomes_a_complaint_and_verified_a_finding(firms: Firms) -> None:
    row = _approved(firms)
    report, number, code = _report(firms, row.pk)
    complaint = Complaint.objects.get(number=number)
    assert report.complaint == complaint
    assert report.complaint_number == number
    assert complaint.category == "misconduct"
    assert complaint.department.code == "620700005"
    assert complaint.query_digest == query_digest(code)
    assert "食品标签" in complaint.description
    assert not anomalies(row, "inspection_overrun")  # not before it is verified
    with travel_to(date(2026, 6, 10)), pytest.raises(PermissionDenied) as denied:
        actions.verify_report(actor=firms.users["depthead"], report_id=report.pk)
    assert denied.value.code == "permission_denied"
    with travel_to(date(2026, 6, 10)):
        done = actions.verify_report(
            actor=firms.users["inspector"], report_id=report.pk, note="属实"
        )
    assert done.status == ReportStatus.VERIFIED
    (found,) = anomalies(row, "inspection_overrun")
    assert found.evidence["投诉编号"] == number
    assert found.evidence["批准事项"] == ITEMS
    with pytest.raises(Conflict):
        actions.dismiss_report(actor=firms.users["inspector"], report_id=report.pk, note="x")


def test_a_report_of_an_unregistered_inspection_names_the_unit(firms: Firms) -> None:
    from xiaoneng.org.models import Department

    gongshang = Department.objects.get(code="620700005")
    with pytest.raises(InvalidInput):
        _report(firms, None, kind="unapproved")
    report, _, _ = _report(firms, None, kind="unapproved", organiser_id=gongshang.pk)
    boss = firms.users["inspector"]
    with travel_to(REPORT_DAY), pytest.raises(InvalidInput) as err:
        actions.verify_report(actor=boss, report_id=report.pk)
    assert err.value.code == "inspection_report_activity_required"
    pending = register(firms.users["depthead"])  # registered, never approved
    with travel_to(REPORT_DAY):
        actions.verify_report(actor=boss, report_id=report.pk, activity_id=pending.pk)
    assert len(anomalies(pending, "inspection_unapproved")) == 1


def test_a_dismissed_report_raises_nothing(firms: Firms) -> None:
    row = _approved(firms)
    report, _, _ = _report(firms, row.pk)
    with travel_to(REPORT_DAY):
        actions.dismiss_report(
            actor=firms.users["inspector"], report_id=report.pk, note="事项在批准范围内"
        )
    assert not anomalies(row, "inspection_overrun")


def test_an_enterprise_reports_only_on_its_own_activities(firms: Firms) -> None:
    row = _approved(firms)
    with pytest.raises(InvalidInput) as err:
        _report(firms, row.pk, credit_code=FIRM_B, code=firms.codes[FIRM_B])
    assert err.value.code == "inspection_report_activity_invalid"
    with pytest.raises(NotFound):
        _report(firms, row.pk, code="WRONGCODE")
    with pytest.raises(InvalidInput):
        _report(firms, row.pk, happened_on=START.replace(year=2027))


def test_a_certificate_once_even_when_another_adds_it_meanwhile(firms: Firms) -> None:
    """Another registrant's entry of the same certificate commits between the
    check and the insert: a Conflict with its code, not a database error."""
    done: list[bool] = []

    def meanwhile(sender: object, instance: Inspector, **kwargs: object) -> None:
        if not done:
            done.append(True)
            Inspector.objects.create(
                department=instance.department, name="王立", certificate_no=instance.certificate_no
            )

    pre_save.connect(meanwhile, sender=Inspector)
    try:
        with pytest.raises(Conflict) as refused:
            actions.add_inspector(actor=firms.users["depthead"], name="李梅", certificate_no="GS-7")
    finally:
        pre_save.disconnect(meanwhile, sender=Inspector)
    assert refused.value.code == "inspection_inspector_exists"

"""并联审批: co-departments' opinions with their own deadlines; the lead
decides after all of them."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.cases import actions
from xiaoneng.cases.models import CaseOpinion
from xiaoneng.cases.steps import CaseConflict
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

pytestmark = pytest.mark.django_db

PARALLEL = "0100090000620700005"  # 企业设立联合审批, led by 市工商局


def _reviewer_of(department_id: int, admin: User, n: int) -> User:
    return org_actions.create_user(
        actor=admin,
        username=f"co{n}",
        password=DEMO_PASSWORD,
        real_name=f"会签{n}",
        department=Department.objects.get(pk=department_id),
        roles=Role.objects.filter(code="reviewer"),
    )


def test_the_lead_decides_after_every_opinion(catalog: None, users: dict[str, User]) -> None:
    item = ApprovalItem.objects.get(code=PARALLEL)
    co = list(item.co_departments.all())
    assert co, "the demo bundle has co-departments"
    with travel_to(date(2026, 2, 10)):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=PARALLEL, applicant_name="乙公司"
        )
    with travel_to(date(2026, 2, 11)):
        actions.accept_case(actor=users["window"], case_id=case.pk)
    tasks = {t.department_id: t for t in CaseOpinion.objects.filter(case=case)}
    assert set(tasks) == {c.department_id for c in co}
    first = co[0]
    # Opinion deadlines count from acceptance in working days (12, 13, 14 Feb, 24 Feb, …).
    with travel_to(date(2026, 2, 11)):
        from xiaoneng.calendar.selectors import current_calendar

        expected = current_calendar().add_workdays(date(2026, 2, 11), first.opinion_limit_days)
    assert tasks[first.department_id].due_on == expected
    with pytest.raises(CaseConflict) as pending:
        actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    assert pending.value.code == "opinions_pending"
    with pytest.raises(PermissionDenied):
        actions.give_opinion(actor=users["reviewer"], case_id=case.pk, agrees=True, opinion="同意")
    late_day = current_calendar().add_workdays(expected, 1)
    for n, c in enumerate(co):
        reviewer = _reviewer_of(c.department_id, users["admin"], n)
        on = late_day if n == 0 else date(2026, 2, 12)
        with travel_to(on):
            given = actions.give_opinion(
                actor=reviewer, case_id=case.pk, agrees=True, opinion="符合条件，同意"
            )
        assert given.late is (n == 0)
    with travel_to(late_day):
        decided = actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    assert decided.status == "decided"

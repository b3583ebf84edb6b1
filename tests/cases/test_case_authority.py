"""Who may act on a case, per step (domain rules §2, issue: hardening).
Seeing a case is not acting on it: a co-department gives its opinion and
nothing else; an extension is approved by the organ's head, or for unified
handling by the head of the government; and never after the limit ran out."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, CaseOpinion
from xiaoneng.cases.steps import CaseConflict
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

PARALLEL = "0100090000620700005"  # 企业设立联合审批, led by 市工商局
ACCEPTED_ON = date(2026, 3, 2)


def _parallel_case(users: dict[str, User]) -> Case:
    with travel_to(ACCEPTED_ON):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=PARALLEL, applicant_name="祁连绿源有限公司"
        )
        return actions.accept_case(actor=users["window"], case_id=case.pk)


def _single_case(users: dict[str, User], item: ApprovalItem) -> Case:
    with travel_to(ACCEPTED_ON):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=item.code, applicant_name="甘州区某商贸公司"
        )
        return actions.accept_case(actor=users["window"], case_id=case.pk)


def _co_reviewers(users: dict[str, User], case: Case) -> list[User]:
    """The demo city's co-department reviewers (质监局, 公安局) on this case."""
    owed = set(CaseOpinion.objects.filter(case=case).values_list("department_id", flat=True))
    found = [users[n] for n in ("zhijian", "gongan") if users[n].department_id in owed]
    assert found, "the demo reviewers of 质监局 and 公安局 give opinions on the bundle"
    return found


# Every step of the lead department, with the body the API takes for it.
LEAD_STEPS: list[tuple[str, dict[str, Any]]] = [
    ("supplement-notice", {"missing": ["营业执照副本"]}),
    ("accept", {}),
    ("refuse", {"reason": "不属于本机关职权范围"}),
    ("suspend", {"procedure": "expert_review", "expected_days": 5, "reason": "专家评审"}),
    ("resume", {}),
    ("extend", {"days": 5, "reason": "情况复杂"}),
    ("approve-extension", {}),
    ("decide", {"decision": "denied", "reason": "不符合条件"}),
    ("deliver", {}),
    ("withdraw", {"reason": "撤回"}),
]


@pytest.mark.parametrize(("step", "body"), LEAD_STEPS, ids=[s for s, _ in LEAD_STEPS])
def test_a_co_department_cannot_take_the_leads_steps_through_the_api(
    api: Any, users: dict[str, User], catalog: None, step: str, body: dict[str, Any]
) -> None:
    case = _parallel_case(users)
    version = Case.objects.get(pk=case.pk).version
    for reviewer in _co_reviewers(users, case):
        response = api(reviewer.username).post(f"/cases/{case.pk}/{step}", body)
        assert response.status_code == 403, (reviewer.username, response.content)
        assert response.json()["code"] in {
            "not_the_lead_department",
            "permission_denied",
            "extension_needs_government_head",
        }
    assert Case.objects.get(pk=case.pk).version == version  # nothing moved


def test_a_co_department_gives_its_opinion_once_and_sees_only_that_button(
    client: Any, login: Any, api: Any, users: dict[str, User], catalog: None
) -> None:
    case = _parallel_case(users)
    reviewer = _co_reviewers(users, case)[0]
    login(reviewer.username)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "/do/opinion/" in page
    for lead_step in ("suspend", "extend", "refuse", "decide", "withdraw", "deliver"):
        assert f"/do/{lead_step}/" not in page, lead_step
    # The page's form posts refused the same way the API does.
    refused = client.post(
        f"/cases/{case.pk}/do/suspend/",
        {"procedure": "expert_review", "expected_days": 5, "reason": "x"},
    )
    assert refused.status_code == 403
    with travel_to(date(2026, 3, 3)):
        actions.give_opinion(actor=reviewer, case_id=case.pk, agrees=True, opinion="同意")
        with pytest.raises(CaseConflict) as again:
            actions.give_opinion(actor=reviewer, case_id=case.pk, agrees=False, opinion="改主意")
    assert again.value.code == "opinion_already_given"
    task = CaseOpinion.objects.get(case=case, department_id=reviewer.department_id)
    assert task.agrees is True
    assert task.opinion == "同意"


def test_the_lead_reviewer_gives_no_opinion_on_its_own_case(
    users: dict[str, User], catalog: None
) -> None:
    case = _parallel_case(users)
    with pytest.raises(PermissionDenied) as refused:
        actions.give_opinion(actor=users["reviewer"], case_id=case.pk, agrees=True, opinion="同意")
    assert refused.value.code == "not_an_opinion_department"


def test_an_outsider_cannot_act_on_a_case_it_cannot_see(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    """The write scope in the case lock: a 质监局 reviewer (no opinion owed)
    is told the case does not exist, and nothing changes."""
    case = _single_case(users, promise_item)
    with travel_to(ACCEPTED_ON), pytest.raises(NotFound):
        actions.suspend_case(
            actor=users["zhijian"], case_id=case.pk, procedure="expert_review", expected_days=3
        )
    assert Case.objects.get(pk=case.pk).status == "accepted"


def test_a_window_receives_only_for_its_own_bureau(
    api: Any, users: dict[str, User], other_item: ApprovalItem
) -> None:
    before = Case.objects.count()
    response = api("window").post(
        "/cases", {"item_code": other_item.code, "applicant_name": "甲公司"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "item_outside_intake_scope"
    assert Case.objects.count() == before
    # The applicant's own online application for the same item is accepted.
    assert (
        api("applicant")
        .post("/cases", {"item_code": other_item.code, "applicant_name": "甲公司"})
        .status_code
        == 201
    )


# --- Extensions: the approver (ALL art. 42) ------------------------------------------


def _ask(users: dict[str, User], case: Case, on: date = ACCEPTED_ON) -> None:
    with travel_to(on):
        actions.request_extension(
            actor=users["reviewer"], case_id=case.pk, days=5, reason="需进一步核查"
        )


def test_a_single_departments_extension_is_approved_by_its_own_head_only(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _single_case(users, promise_item)
    _ask(users, case)
    with travel_to(ACCEPTED_ON):
        for outsider, code in (
            ("mayor", "extension_approver_not_organ_head"),  # a city leader does not stand in
            ("leader", "extension_approver_not_organ_head"),
        ):
            with pytest.raises(PermissionDenied) as refused:
                actions.approve_extension(actor=users[outsider], case_id=case.pk)
            assert refused.value.code == code, outsider
        granted = actions.approve_extension(actor=users["depthead"], case_id=case.pk)
    assert granted.extension_days == 5


def test_a_parallel_cases_extension_needs_the_head_of_the_government(
    users: dict[str, User], catalog: None
) -> None:
    case = _parallel_case(users)
    _ask(users, case)
    with travel_to(ACCEPTED_ON):
        with pytest.raises(PermissionDenied) as refused:
            actions.approve_extension(actor=users["depthead"], case_id=case.pk)
        assert refused.value.code == "extension_needs_government_head"
        # The vice-mayor in charge of 工商局 (portfolio) is a head of the government.
        granted = actions.approve_extension(actor=users["leader"], case_id=case.pk)
    assert granted.extension_days == 5


def test_the_desk_lists_an_extension_only_to_whom_may_approve_it(
    client: Any, login: Any, users: dict[str, User], catalog: None, promise_item: ApprovalItem
) -> None:
    unified, single = _parallel_case(users), _single_case(users, promise_item)
    _ask(users, unified)
    _ask(users, single)
    for username, shown, hidden in (
        ("depthead", single, unified),
        ("mayor", unified, single),
        ("leader", unified, single),
    ):
        client.logout()
        login(username)
        desk = client.get("/cases/desk/").content.decode()
        approvals = desk.split("data-approvals")[1].split("</table>")[0]
        assert f"/cases/{shown.pk}/" in approvals, username
        assert f"/cases/{hidden.pk}/" not in approvals, username


# --- Extensions: before the limit runs out -------------------------------------------


def test_an_extension_cannot_be_requested_after_the_limit(
    api: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _single_case(users, promise_item)
    due = case.due_on
    assert due is not None
    day_after = current_calendar().add_workdays(due, 1)
    with travel_to(day_after):
        response = api("reviewer").post(f"/cases/{case.pk}/extend", {"days": 5, "reason": "补救"})
    assert response.status_code == 409
    assert response.json()["code"] == "extension_after_limit"
    stored = Case.objects.get(pk=case.pk)
    assert (stored.extension_requested_days, stored.due_on) == (0, due)


def test_an_extension_asked_in_time_cannot_be_approved_after_the_limit(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _single_case(users, promise_item)
    due = case.due_on
    assert due is not None
    _ask(users, case, on=due)  # the last day is still in time
    late_day = current_calendar().add_workdays(due, 1)
    with travel_to(late_day), pytest.raises(CaseConflict) as late:
        actions.approve_extension(actor=users["depthead"], case_id=case.pk)
    assert late.value.code == "extension_after_limit"
    stored = Case.objects.get(pk=case.pk)
    assert (stored.extension_days, stored.due_on) == (0, due)  # stays overdue


def test_an_extension_is_asked_only_once(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    case = _single_case(users, promise_item)
    _ask(users, case)
    with travel_to(ACCEPTED_ON), pytest.raises(CaseConflict) as twice:
        actions.request_extension(actor=users["reviewer"], case_id=case.pk, days=3, reason="再延")
    assert twice.value.code == "extension_already_granted"
    with travel_to(ACCEPTED_ON):
        actions.approve_extension(actor=users["depthead"], case_id=case.pk)
        with pytest.raises(CaseConflict) as after:
            actions.request_extension(
                actor=users["reviewer"], case_id=case.pk, days=3, reason="再延"
            )
    assert after.value.code == "extension_already_granted"
    assert Case.objects.get(pk=case.pk).extension_days == 5

"""Domain rules §2 through the API, with dates across the 2026 Spring Festival
(off 15–23 Feb; make-up working days Sat 14 Feb and Sat 28 Feb) and National
Day (off 1–7 Oct, Mid-Autumn 25–27 Sep; make-up Sun 20 Sep and Sat 10 Oct)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog import actions as catalog_actions
from xiaoneng.catalog.models import ApprovalItem, HandlingMode
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

INSTANT = "0100001000620700005"  # 企业名称预先核准 (市工商局): a 即办件


def _apply(api: Any, code: str, on: date) -> dict[str, Any]:
    with travel_to(on):
        response = api.post("/cases", {"item_code": code, "applicant_name": "祁连绿源有限公司"})
    assert response.status_code == 201, response.content
    return response.json()


def _accept(api: Any, case_id: int, on: date) -> dict[str, Any]:
    with travel_to(on):
        response = api.post(f"/cases/{case_id}/accept")
    assert response.status_code == 200, response.content
    return dict(response.json())


def test_an_instant_item_is_finished_at_the_window(api: Any, catalog: None) -> None:
    window = api("window")
    # Saturday 14 Feb 2026 is a make-up working day: the window is open.
    case = _apply(window, INSTANT, date(2026, 2, 14))
    assert case["status"] == "received"
    # 5 working days after Sat 14 Feb: 24, 25, 26, 27, 28 (make-up Sat) Feb.
    assert case["notice_due_on"] == "2026-02-28"
    assert len(case["query_code"]) == 10
    done = _accept(window, case["id"], date(2026, 2, 14))
    assert done["status"] == "delivered"
    assert done["is_instant"] is True
    assert done["accepted_on"] == done["decided_on"] == done["delivered_on"] == "2026-02-14"
    assert done["decision_due_on"] == "2026-02-14"
    assert done["on_time"] is True
    assert [e["kind"] for e in done["events"]] == ["received", "accepted", "decided", "delivered"]
    assert done["alert_level"] == "none"


def test_a_promise_item_across_the_spring_festival(api: Any, promise_item: ApprovalItem) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 2, 10))
    # 5 working days after Tue 10 Feb: 11, 12, 13, 14 (make-up Sat), 24 Feb.
    assert case["notice_due_on"] == "2026-02-24"
    accepted = _accept(window, case["id"], date(2026, 2, 11))
    # 10 working days after Wed 11 Feb: 12, 13, 14, 24, 25, 26, 27, 28 (make-up), 2, 3 Mar.
    assert accepted["accepted_on"] == "2026-02-11"
    assert accepted["decision_due_on"] == accepted["due_on"] == "2026-03-03"
    assert accepted["alert_level"] == "normal"
    with travel_to(date(2026, 3, 2)):
        # One working day left (3 Mar): the yellow light.
        assert window.get(f"/cases/{case['id']}").json()["alert_level"] == "warning"
    with travel_to(date(2026, 3, 4)):
        assert window.get(f"/cases/{case['id']}").json()["alert_level"] == "overdue"


def test_suspension_and_extension_across_national_day(
    api: Any, promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 9, 24))
    cid = case["id"]
    accepted = _accept(window, cid, date(2026, 9, 24))
    # 10 working days after Thu 24 Sep (25–27 Sep Mid-Autumn, 1–7 Oct off):
    # 28, 29, 30 Sep, 8, 9, 10 (make-up Sat), 12, 13, 14, 15 Oct.
    assert accepted["decision_due_on"] == "2026-10-15"
    client.logout()
    reviewer = api("reviewer")
    with travel_to(date(2026, 9, 28)):
        suspended = reviewer.post(
            f"/cases/{cid}/suspend",
            {"procedure": "expert_review", "expected_days": 10, "reason": "组织专家评审"},
        ).json()
    assert suspended["status"] == "suspended"
    with travel_to(date(2026, 10, 12)):
        resumed = reviewer.post(f"/cases/{cid}/resume").json()
    # Suspended 28 Sep → 12 Oct adds 29, 30 Sep, 8, 9, 10, 12 Oct = 6 working days.
    assert resumed["suspended_days"] == 6
    # 10 + 6 after 24 Sep: … 15 Oct (10), 16, 19, 20, 21, 22, 23 (16) → 23 Oct.
    assert resumed["decision_due_on"] == "2026-10-23"
    with travel_to(date(2026, 10, 13)):
        requested = reviewer.post(
            f"/cases/{cid}/extend", {"days": 10, "reason": "需补充现场核查"}
        ).json()
    assert requested["extension_requested_days"] == 10
    assert requested["decision_due_on"] == "2026-10-23"  # not before the head approves
    client.logout()
    head = api("depthead")
    with travel_to(date(2026, 10, 14)):
        extended = head.post(f"/cases/{cid}/approve-extension").json()
    # 26 working days after 24 Sep: 23 Oct (16), 26, 27, 28, 29, 30 Oct, 2, 3, 4, 5, 6 Nov (26).
    assert extended["extension_days"] == 10
    assert extended["decision_due_on"] == "2026-11-06"
    with travel_to(date(2026, 11, 5)):
        decided = head.post(f"/cases/{cid}/decide", {"decision": "approved"}).json()
    assert decided["status"] == "decided"
    assert decided["on_time"] is True
    # Delivery within 10 working days of the decision (ALL art. 44).
    assert decided["due_on"] == "2026-11-19"
    with travel_to(date(2026, 11, 6)):
        delivered = head.post(f"/cases/{cid}/deliver").json()
    assert delivered["status"] == "delivered"
    assert verify_chain()[1] is None


def test_one_supplement_notice_only(api: Any, promise_item: ApprovalItem) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 3, 2))
    with travel_to(date(2026, 3, 3)):
        first = window.post(
            f"/cases/{case['id']}/supplement-notice",
            {"missing": ["公司章程（原件）", "股东身份证明（复印件）"]},
        )
        second = window.post(f"/cases/{case['id']}/supplement-notice", {"missing": ["x"]})
        early = window.post(f"/cases/{case['id']}/accept")
    assert first.json()["status"] == "supplementing"
    assert second.status_code == 409
    assert second.json()["code"] == "supplement_notice_already_issued"
    assert early.status_code == 409
    assert early.json()["code"] == "awaiting_supplement"
    with travel_to(date(2026, 3, 9)):
        window.post(f"/cases/{case['id']}/supplement")
    accepted = _accept(window, case["id"], date(2026, 3, 10))
    assert accepted["accepted_on"] == "2026-03-10"
    assert accepted["deemed_accepted"] is False


def test_an_empty_notice_is_refused(api: Any, promise_item: ApprovalItem) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 3, 2))
    response = window.post(f"/cases/{case['id']}/supplement-notice", {"missing": [" "]})
    assert response.status_code == 400
    assert response.json()["code"] == "supplement_list_empty"


def test_deemed_acceptance_without_anyone_opening_the_case(
    api: Any, promise_item: ApprovalItem
) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 2, 10))
    with travel_to(date(2026, 2, 24)):  # the last day of the notice window
        assert actions.apply_deemed_acceptances() == 0
    with travel_to(date(2026, 2, 25)):
        assert actions.apply_deemed_acceptances() == 1
        assert actions.apply_deemed_acceptances() == 0  # idempotent
    stored = Case.objects.get(pk=case["id"])
    assert stored.status == "accepted"
    assert stored.deemed_accepted is True
    assert stored.accepted_on == date(2026, 2, 10)  # accepted as of receipt (ALL art. 32)
    # 10 working days after 10 Feb: 11, 12, 13, 14, 24, 25, 26, 27, 28 Feb, 2 Mar.
    assert stored.decision_due_on == date(2026, 3, 2)
    lapse = AuditEvent.objects.get(event_type="case.deemed_accepted")
    assert lapse.payload["violation"] == "missed_one_time_notice"


def test_refusal_needs_reasons(api: Any, promise_item: ApprovalItem) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 3, 2))
    response = window.post(f"/cases/{case['id']}/refuse", {"reason": " "})
    assert response.json()["code"] == "refusal_reason_required"
    refused = window.post(
        f"/cases/{case['id']}/refuse",
        {"reason": "不属于本机关职权范围", "competent_authority": "甘州区市场监督管理局"},
    ).json()
    assert refused["status"] == "refused"
    assert refused["alert_level"] == "none"


def test_withdrawal_by_the_applicant_only(
    api: Any, promise_item: ApprovalItem, client: Any, users: dict[str, User]
) -> None:
    applicant = api("applicant")
    case = _apply(applicant, promise_item.code, date(2026, 3, 2))
    with travel_to(date(2026, 3, 3)):
        withdrawn = applicant.post(f"/cases/{case['id']}/withdraw", {"reason": "材料有误"}).json()
    assert withdrawn["status"] == "withdrawn"


def test_stale_versions_conflict(api: Any, promise_item: ApprovalItem) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 3, 2))
    with travel_to(date(2026, 3, 2)):
        stale = window.post(f"/cases/{case['id']}/accept", {"version": case["version"] - 1})
    assert stale.status_code == 409
    assert stale.json()["code"] == "case_version_conflict"


def test_roles_without_the_permission_are_refused(
    api: Any, promise_item: ApprovalItem, client: Any
) -> None:
    case = _apply(api("window"), promise_item.code, date(2026, 3, 2))
    client.logout()
    reviewer = api("reviewer")
    refused = reviewer.post(f"/cases/{case['id']}/accept")
    assert refused.status_code == 403
    assert refused.json()["code"] == "permission_denied"


def test_other_departments_cannot_see_or_touch_the_case(
    api: Any, promise_item: ApprovalItem, client: Any, users: dict[str, User]
) -> None:
    case = _apply(api("window"), promise_item.code, date(2026, 3, 2))
    client.logout()
    outsider = api("complaint")  # sees every case (全部) but may not accept
    assert outsider.get(f"/cases/{case['id']}").status_code == 200
    client.logout()
    applicant = api("applicant")  # someone else's application: indistinguishable from none
    hidden = applicant.get(f"/cases/{case['id']}")
    assert hidden.status_code == 404
    assert hidden.json()["code"] == "case_not_found"
    assert applicant.get("/cases/999999").json()["code"] == "case_not_found"


def test_unpublished_items_take_no_applications(api: Any, catalog: None) -> None:
    response = api("window").post("/cases", {"item_code": "NO-SUCH", "applicant_name": "甲"})
    assert response.status_code == 404
    assert response.json()["code"] == "item_not_found"


def test_a_case_overdue_when_suspended_stays_red(
    api: Any, promise_item: ApprovalItem, client: Any
) -> None:
    window = api("window")
    case = _apply(window, promise_item.code, date(2026, 3, 2))
    due = _accept(window, case["id"], date(2026, 3, 2))["decision_due_on"]
    assert due == "2026-03-16"  # 3, 4, 5, 6, 9, 10, 11, 12, 13, 16 Mar
    client.logout()
    reviewer = api("reviewer")
    with travel_to(date(2026, 3, 18)):  # already two working days late
        reviewer.post(f"/cases/{case['id']}/suspend", {"procedure": "testing", "expected_days": 5})
    with travel_to(date(2026, 4, 20)):
        assert reviewer.get(f"/cases/{case['id']}").json()["alert_level"] == "overdue"


def test_joint_handling_45_plus_15_approved_by_the_government(
    api: Any, users: dict[str, User], catalog: None, client: Any
) -> None:
    """联合办理 (ALL art. 26, 42 ¶2): 45 working days at most; one extension of
    at most 15, approved by the head of the government, not of the department."""
    item = catalog_actions.publish_item(
        actor=users["admin"],
        item=catalog_actions.create_item(
            actor=users["admin"],
            code="TEST-JOINT-01",
            basic_code="0100096000",
            name="企业投资项目联合审批（测试）",
            item_type="01",
            legal_basis="《中华人民共和国行政许可法》第二十六条、第四十二条第二款",
            department=Department.objects.get(code="620700005"),
            handling_mode=HandlingMode.JOINT,
            committed_limit_days=30,
            legal_limit_days=45,
            needs_expert_review=True,
            co_departments=[Department.objects.get(code="620700002")],  # 市发改委
            materials=[{"name": "联合审批申请表", "issuer": "申请人", "originals": 1}],
        ),
    )
    assert item.extension_max_days == 15
    window = api("window")
    case = _apply(window, item.code, date(2026, 9, 24))
    cid = case["id"]
    accepted = _accept(window, cid, date(2026, 9, 24))
    # 30 working days after Thu 24 Sep: 28–30 Sep (3), 8, 9, Sat 10 (make-up), 12–16 Oct
    # (11), 19–23 (16), 26–30 (21), 2–6 Nov (26), 9, 10, 11, 12 Nov (30).
    assert accepted["decision_due_on"] == "2026-11-12"
    client.logout()
    reviewer = api("reviewer")
    with travel_to(date(2026, 10, 13)):
        too_long = reviewer.post(f"/cases/{cid}/extend", {"days": 16, "reason": "联审"})
        assert too_long.status_code in {400, 409}
        assert too_long.json()["code"] == "extension_exceeds_limit"
        requested = reviewer.post(f"/cases/{cid}/extend", {"days": 15, "reason": "联审"})
        assert requested.status_code == 200, requested.content
    client.logout()
    with travel_to(date(2026, 10, 14)):
        refused = api("depthead").post(f"/cases/{cid}/approve-extension")
        assert refused.status_code == 403
        client.logout()
        granted = api("mayor").post(f"/cases/{cid}/approve-extension").json()
    # 45 working days: … 12 Nov (30), 13 (31), 16–20 (36), 23–27 (41), 30 Nov,
    # 1, 2, 3 Dec (45).
    assert granted["extension_days"] == 15
    assert granted["decision_due_on"] == "2026-12-03"

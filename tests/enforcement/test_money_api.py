"""/api/v1/enforcement/money/…: the same actions and reads as the desks,
errors as {"code", "message", "detail"} with their status, scope kept."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from money_support import penalty_case, simple_case

from xiaoneng.complaints.actions.intake import submit_complaint
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import ComplaintLink, Item
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db
BASE = "/enforcement/money"


def test_finance_reads_the_amount_due_and_records_the_receipt(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    finance = api("caizheng")
    with travel_to(date(2026, 3, 21)):
        owing = finance.get(f"{BASE}/awaiting").json()
        assert [(r["case_id"], r["amount_due"], r["late_days"]) for r in owing] == [
            (case.pk, "5150.00", 1)
        ]
        wrong = finance.post(
            f"{BASE}/bank-payments",
            {
                "decision_no": case.decision_no,
                "amount": "5000",
                "paid_on": "2026-03-21",
                "bank_serial": "B-1",
            },
        )
        assert wrong.status_code == 400
        assert wrong.json()["code"] == "enforcement_payment_amount_wrong"
        assert wrong.json()["detail"]["amount_due"] == "5150.00"
        done = finance.post(
            f"{BASE}/bank-payments",
            {
                "decision_no": case.decision_no,
                "amount": "5150.00",
                "paid_on": "2026-03-21",
                "bank_serial": "B-1",
            },
        )
    assert done.status_code == 201
    assert (done.json()["amount"], done.json()["surcharge"]) == ("5000.00", "150.00")


def test_the_deciding_body_cannot_book_its_own_fine(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    response = api("depthead").post(
        f"{BASE}/bank-payments",
        {
            "decision_no": case.decision_no,
            "amount": "5000",
            "paid_on": "2026-03-10",
            "bank_serial": "B",
        },
    )
    assert response.status_code == 403


def test_the_case_money_read_is_scoped(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    with travel_to(date(2026, 3, 10)):
        mine = api("depthead").get(f"{BASE}/cases/{case.pk}")
        assert mine.status_code == 200
        assert mine.json()["close_missing"] == [
            "缴清罚没款（或者申请人民法院强制执行）",
            "公示行政处罚决定",
        ]
        other = api("fagai").get(f"{BASE}/cases/{case.pk}")
        assert other.status_code == 404
        assert other.json()["code"] == "enforcement_case_not_found"
        assert api("window").get(f"{BASE}/cases/{case.pk}").status_code == 404


def test_on_the_spot_with_one_officer_is_409_and_recorded(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = simple_case(users, enforcement_item)
    officer = api("zhifa")
    body = {
        "officer_ids": [users["zhifa"].pk],
        "ground": "small",
        "receipt_no": "R",
        "amount": "50",
    }
    with travel_to(date(2026, 9, 30)):
        alone = officer.post(f"{BASE}/cases/{case.pk}/on-the-spot", body)
        assert alone.status_code == 409
        assert alone.json()["code"] == "enforcement_two_officers_required"
        body["officer_ids"] = [users["zhifa"].pk, users["zhifa2"].pk]
        done = officer.post(f"{BASE}/cases/{case.pk}/on-the-spot", body)
        assert done.status_code == 201
        handed = officer.post(f"{BASE}/cash/{done.json()['id']}/handover", {})
    assert handed.json()["handed_over_on"] == "2026-09-30"


def test_publication_closing_and_papers(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item, paid_on=date(2026, 3, 9))
    head = api("depthead")
    with travel_to(date(2026, 3, 10)):
        published = head.post(f"{BASE}/cases/{case.pk}/publication", {})
        assert published.json()["published_on"] == "2026-03-10"
        refused = head.post(f"{BASE}/cases/{case.pk}/closing", {"note": ""})
        assert refused.json()["code"] == "enforcement_closing_note_required"
        closed = head.post(f"{BASE}/cases/{case.pk}/closing", {"note": "执行完毕"})
        assert closed.json()["status"] == "closed"
        pdf = head.get(f"{BASE}/cases/{case.pk}/papers/decision")
    assert pdf["Content-Type"] == "application/pdf"
    assert head.get(f"{BASE}/cases/{case.pk}/papers/notice").json()["code"] == (
        "enforcement_document_not_issued"
    )
    assert api("caizheng").get(f"{BASE}/cases/{case.pk}/papers/decision").status_code == 403


def test_bad_input_is_coded_never_a_500(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    finance = api("caizheng")
    with travel_to(date(2026, 3, 10)):
        bad = finance.post(
            f"{BASE}/bank-payments",
            {
                "decision_no": case.decision_no,
                "amount": "1e999",
                "paid_on": "2026-03-10",
                "bank_serial": "B",
            },
        )
        assert (bad.status_code, bad.json()["code"]) == (400, "enforcement_amount_invalid")
        missing = finance.post(f"{BASE}/bank-payments", {"decision_no": case.decision_no})
        assert missing.status_code in (400, 422)
        head = api("depthead")
        early = head.post(f"{BASE}/cases/{case.pk}/urge", {})
        assert (early.status_code, early.json()["code"]) == (409, "enforcement_payment_not_overdue")
        assert head.post(f"{BASE}/cases/99999999999999999999/urge", {}).status_code in (404, 422)


def test_the_complaint_centre_links_through_the_api(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    row, _ = submit_complaint(
        actor=None,
        channel="online",
        category="fines",
        department_id=enforcement_item.body_id,
        title="罚款过重",
        description="罚款五千元过重。",
        anonymous=True,
    )
    centre = api("complaint")
    body = {"complaint_id": row.pk, "case_reference": case.number}
    linked = centre.post(f"{BASE}/complaint-links", body)
    assert linked.status_code == 201
    assert linked.json()["complaint_number"] == row.number
    assert centre.post(f"{BASE}/complaint-links", body).json()["code"] == (
        "enforcement_complaint_linked"
    )
    assert api("depthead").post(f"{BASE}/complaint-links", body).status_code == 403


def test_the_api_refuses_a_publication_day_other_than_today_and_long_notes(
    users: dict[str, User], enforcement_item: Item, api: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    row, _ = submit_complaint(
        actor=None,
        channel="online",
        category="fines",
        department_id=enforcement_item.body_id,
        title="罚款过重",
        description="罚款五千元过重。",
        anonymous=True,
    )
    with travel_to(date(2026, 3, 12)):
        backdated = api("depthead").post(
            f"{BASE}/cases/{case.pk}/publication", {"published_on": "2026-03-11"}
        )
        long_note = api("complaint").post(
            f"{BASE}/complaint-links",
            {"complaint_id": row.pk, "case_reference": case.number, "note": "字" * 301},
        )
    assert (backdated.status_code, backdated.json()["code"]) == (
        400,
        "enforcement_published_on_invalid",
    )
    assert (long_note.status_code, long_note.json()["code"]) == (400, "enforcement_note_invalid")
    assert not ComplaintLink.objects.exists()
    case.refresh_from_db()
    assert case.published_on is None

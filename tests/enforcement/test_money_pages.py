"""The money desks: finance's desk (fines awaiting payment with what they
come to today, the bank's receipt form), the case page's section (what each
role may do there), its forms coming back to the page, the complaint
centre's links of 乱罚款 complaints; and who may not (window, another body)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from money_support import penalty_case, simple_case

from xiaoneng.complaints.actions.intake import submit_complaint
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement.models import ComplaintLink, Item, PenaltyCase
from xiaoneng.enforcement.selectors.money import money_context
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_finance_sees_what_each_fine_comes_to_today(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    login("caizheng")
    with travel_to(date(2026, 3, 22)):  # two days late: 300 yuan
        page = client.get("/enforcement/money/").content.decode()
    assert f'data-case="{case.pk}"' in page
    assert "张工商罚〔2026〕7号" in page
    assert "5300.00" in page
    assert "逾期 2 日" in page


def test_finance_sees_a_decision_that_only_confiscates(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    """没收违法所得 800 yuan and no fine: paid at the bank like a fine (罚没款)."""
    case = penalty_case(
        users, enforcement_item, fine=None, confiscated=Decimal("800"), penalties=["confiscate"]
    )
    login("caizheng")
    with travel_to(date(2026, 3, 10)):
        page = client.get("/enforcement/money/").content.decode()
    assert f'data-case="{case.pk}"' in page
    assert "含没收违法所得 800.00" in page


def test_finance_records_the_receipt_on_the_desk(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    login("caizheng")
    form = {
        "decision_no": "张工商罚〔2026〕7号",
        "amount": "5000.00",
        "paid_on": "2026-03-10",
        "bank_serial": "ICBC-1",
    }
    with travel_to(date(2026, 3, 10)):
        wrong = client.post("/enforcement/money/", {**form, "amount": "4000"}, follow=True)
        assert "enforcement_payment_amount_wrong" in wrong.content.decode()
        done = client.post("/enforcement/money/", form, follow=True)
    assert "已登记银行缴款" in done.content.decode()
    case.refresh_from_db()
    assert case.paid_on == date(2026, 3, 10)


@pytest.mark.parametrize(("who", "status"), [("window", 403), ("reviewer", 403)])
def test_the_desk_is_not_for_everyone(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any, who: str, status: int
) -> None:
    login(who)
    assert client.get("/enforcement/money/").status_code == status


def test_another_bodys_head_sees_none_of_these_fines(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    login("fagai")
    page = client.get("/enforcement/money/").content.decode()
    assert f'data-case="{case.pk}"' not in page
    with travel_to(date(2026, 3, 10)):
        response = client.post(
            f"/enforcement/money/cases/{case.pk}/publish/", {"published_on": "2026-03-10"}
        )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.published_on is None


def test_the_head_cannot_post_a_bank_receipt(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    penalty_case(users, enforcement_item)
    login("depthead")
    response = client.post(
        "/enforcement/money/",
        {"decision_no": "张工商罚〔2026〕7号", "amount": "5000", "bank_serial": "X"},
    )
    assert response.status_code == 403


def test_what_each_role_may_do_on_the_case_page(
    users: dict[str, User], enforcement_item: Item
) -> None:
    case = penalty_case(users, enforcement_item)
    with travel_to(date(2026, 3, 23)):
        finance = money_context(users["caizheng"], case)["money"]
        head = money_context(users["depthead"], case)["money"]
        officer = money_context(users["zhifa"], case)["money"]
    can = {
        who: {k for k, v in m["can"].items() if v}
        for who, m in (("finance", finance), ("head", head), ("officer", officer))
    }
    assert can == {
        "finance": {"pay"},
        "head": {"urge", "publish", "close"},
        "officer": {"collect"},
    }
    assert [o.username for o in officer["officers"]] == ["zhifa", "zhifa2"]
    assert list(officer["grounds"]) == ["remote"]  # art. 68 is for on-the-spot decisions only
    assert head["due"].total == 5450  # three days late
    assert head["close_missing"] == [
        "缴清罚没款（或者申请人民法院强制执行）",
        "公示行政处罚决定",
    ]
    assert finance["documents"] == {}  # 罚缴分离 needs no party's identity
    assert set(head["documents"]) == {"decision"}


def test_the_case_page_shows_the_section_and_its_forms_come_back(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    login("depthead")
    with travel_to(date(2026, 3, 10)):
        page = client.get(f"/enforcement/{case.pk}/").content.decode()
        assert "data-money-section" in page
        assert 'data-money-form="publish"' in page
        assert 'name="published_on"' not in page  # the day published here: today
        assert "<span data-publish-day>2026年3月10日</span>" in page
        assert "当事人文本，含完整个人信息，下载即留痕" in page  # the head's papers
        response = client.post(
            f"/enforcement/money/cases/{case.pk}/publish/",
            {"published_on": "2026-03-10", "next": f"/enforcement/{case.pk}/"},
        )
    assert response.status_code == 302
    assert response["Location"] == f"/enforcement/{case.pk}/"
    case.refresh_from_db()
    assert case.published_on == date(2026, 3, 10)


def test_cash_forms_on_the_desk(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    spot = date(2026, 9, 30)
    case = simple_case(users, enforcement_item)
    login("zhifa")
    with travel_to(spot):
        client.post(
            f"/enforcement/money/cases/{case.pk}/collect/",
            {
                "ground": "small",
                "officer_ids": [users["zhifa"].pk, users["zhifa2"].pk],
                "receipt_no": "R-9",
                "amount": "50",
            },
        )
    payment = case.payments.get()
    with travel_to(date(2026, 10, 8)):
        page = client.get("/enforcement/money/").content.decode()
        assert f'data-payment="{payment.pk}"' in page
        assert "待交至行政机关" in page
        client.post(f"/enforcement/money/cash/{payment.pk}/hand_over/", {})
    payment.refresh_from_db()
    assert payment.handed_over_on == date(2026, 10, 8)
    client.logout()
    login("caizheng")
    with travel_to(date(2026, 10, 9)):
        client.post(f"/enforcement/money/cash/{payment.pk}/bank/", {"bank_serial": "NB-9"})
    payment.refresh_from_db()
    assert (payment.banked_on, payment.bank_serial) == (date(2026, 10, 9), "NB-9")


def complaint(users: dict[str, User], item: Item) -> Complaint:
    row, _ = submit_complaint(
        actor=None,
        channel="online",
        category="fines",
        department_id=item.body_id,
        title="工商局罚款过重",
        description="对我公司罚款五千元，明显过重。",
        anonymous=True,
    )
    return row


def test_the_complaint_centre_links_a_complaint_to_the_case(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    row = complaint(users, enforcement_item)
    login("complaint")
    form = {"complaint_no": row.number, "case_reference": "张工商罚〔2026〕7号", "note": "乱罚款"}
    client.post("/enforcement/money/complaints/", form)
    link = ComplaintLink.objects.get()
    assert (link.case_id, link.complaint_id, link.note) == (case.pk, row.pk, "乱罚款")
    again = client.post("/enforcement/money/complaints/", form, follow=True)
    assert "enforcement_complaint_linked" in again.content.decode()
    unknown = client.post(
        "/enforcement/money/complaints/", {**form, "case_reference": "无此文号"}, follow=True
    )
    assert "enforcement_case_reference_unknown" in unknown.content.decode()
    shown = money_context(users["depthead"], PenaltyCase.objects.get(pk=case.pk))["money"]
    assert [c.complaint.number for c in shown["complaints"]] == [row.number]
    client.logout()
    login("depthead")
    assert client.get("/enforcement/money/complaints/").status_code == 403


def test_a_bad_step_name_is_404(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    login("depthead")
    assert client.post(f"/enforcement/money/cases/{case.pk}/explode/").status_code == 404

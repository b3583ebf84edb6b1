"""The pages: the bureau's desk and a case's steps through the forms, the
unit's view, a person's record (the person and the organisation only), the
public 通报批评 pages, the decision PDF download."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from accountability_support import BUREAU

from xiaoneng.accountability.models import AccountabilityCase, Status
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db


def _open_through_the_form(client: Any, users: dict[str, User]) -> AccountabilityCase:
    dept = Department.objects.get(code=BUREAU)
    with travel_to(date(2026, 9, 14)):
        form = client.get("/accountability/new/")
        assert form.status_code == 200
        assert "问责立案" in form.content.decode()
        response = client.post(
            "/accountability/new/",
            {
                "source_kind": "direct",
                "source_ref": "领导批示",
                "department_id": dept.pk,
                "title": "窗口态度蛮横",
                "facts": "经查属实。",
                "s0_kind": "staff",
                "s0_user": str(users["window"].pk),
                "s1_kind": "unit",
                "rule_ids": ["2"],
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return AccountabilityCase.objects.get()


def _post(client: Any, row: AccountabilityCase, step: str, on: date, **data: Any) -> str:
    with travel_to(on):
        response = client.post(f"/accountability/{row.pk}/{step}/", data, follow=True)
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_bureau_and_the_unit_walk_a_case_through_the_pages(
    client: Any, login: Any, users: dict[str, User], otherhead: User
) -> None:
    login("supervisor")
    prefilled = client.get("/accountability/new/?source_kind=card&source_ref=17").content.decode()
    assert '<option value="card" selected>' in prefilled
    assert 'value="17"' in prefilled
    row = _open_through_the_form(client, users)
    assert row.subjects.count() == 2
    page = client.get("/accountability/").content.decode()
    assert f'data-case="{row.pk}"' in page
    _post(client, row, "statement_request", date(2026, 9, 15))
    client.logout()
    login("depthead")
    assert f'data-case="{row.pk}"' in client.get("/accountability/").content.decode()
    page = _post(client, row, "statement", date(2026, 9, 16), text="已批评教育")
    assert "已提交陈述申辩意见" in page
    page = _post(client, row, "decide", date(2026, 9, 16))
    assert "无权执行此操作" in page
    client.logout()
    login("supervisor")
    _post(
        client,
        row,
        "propose",
        date(2026, 9, 17),
        measure_code="circulated_criticism",
        proposal="通报批评",
    )
    page = _post(client, row, "decide", date(2026, 9, 18))
    assert "张监问〔2026〕1号" in page
    page = _post(client, row, "serve", date(2026, 9, 18), served_on="2026-09-18")
    row.refresh_from_db()
    assert (row.status, row.appeal_due_on) == (Status.SERVED, date(2026, 10, 15))
    pdf = client.get(f"/accountability/{row.pk}/decision.pdf")
    if pdf.status_code != 503:  # without a CJK font the page says so
        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
    client.logout()
    login("otherhead")
    assert f'data-case="{row.pk}"' not in client.get("/accountability/").content.decode()
    assert client.get(f"/accountability/{row.pk}/").status_code == 404
    assert client.get(f"/accountability/{row.pk}/decision.pdf").status_code == 404
    assert client.post(f"/accountability/{row.pk}/appeal/", {"reason": "x"}).status_code == 404


def test_the_record_page_is_for_the_person_and_the_organisation(
    client: Any, login: Any, users: dict[str, User], otherhead: User
) -> None:
    login("supervisor")
    row = _open_through_the_form(client, users)
    _post(client, row, "statement_request", date(2026, 9, 15))
    _post(client, row, "propose", date(2026, 9, 22), measure_code="admonition", proposal="诫勉")
    _post(client, row, "decide", date(2026, 9, 22))
    clerk = users["window"].pk
    assert client.get(f"/accountability/people/{clerk}/").status_code == 404
    client.logout()
    login("organisation")
    people = client.get("/accountability/people/").content.decode()
    assert f"/accountability/people/{clerk}/" in people
    assert "张监问〔2026〕1号" in client.get(f"/accountability/people/{clerk}/").content.decode()
    client.logout()
    login("window")
    mine = client.get("/accountability/people/me/")
    assert "诫勉谈话" in mine.content.decode()
    assert client.get("/accountability/people/").status_code == 403
    for who in ("depthead", "otherhead", "reviewer"):
        client.logout()
        login(who)
        assert client.get(f"/accountability/people/{clerk}/").status_code == 404, who


def test_the_public_bulletins(client: Any, login: Any, users: dict[str, User]) -> None:
    assert "暂无通报" in client.get("/accountability/bulletins/").content.decode()
    login("supervisor")
    row = _open_through_the_form(client, users)
    _post(client, row, "statement_request", date(2026, 9, 15))
    _post(client, row, "propose", date(2026, 9, 22), measure_code="admonition", proposal="诫勉")
    _post(client, row, "decide", date(2026, 9, 22))
    client.logout()
    # 诫勉谈话 is not published.
    assert (
        f'data-bulletin="{row.pk}"' not in client.get("/accountability/bulletins/").content.decode()
    )
    assert client.get(f"/accountability/bulletins/{row.pk}/").status_code == 404


def test_a_published_bulletin(client: Any, login: Any, users: dict[str, User]) -> None:
    login("supervisor")
    row = _open_through_the_form(client, users)
    _post(client, row, "statement_request", date(2026, 9, 15))
    _post(
        client,
        row,
        "propose",
        date(2026, 9, 22),
        measure_code="circulated_criticism",
        proposal="通报",
    )
    _post(client, row, "decide", date(2026, 9, 22))
    client.logout()
    page = client.get("/accountability/bulletins/").content.decode()
    assert f'data-bulletin="{row.pk}"' in page
    detail = client.get(f"/accountability/bulletins/{row.pk}/").content.decode()
    assert "张监问〔2026〕1号" in detail
    assert "经查属实" in detail
    # Staff are named by their post in public, not by name.
    assert users["window"].real_name not in detail
    assert "窗口工作人员" in detail


def test_the_desk_shows_overdue_rectification_orders(
    client: Any, login: Any, users: dict[str, User]
) -> None:
    login("supervisor")
    row = _open_through_the_form(client, users)
    _post(client, row, "statement_request", date(2026, 9, 15))
    _post(
        client,
        row,
        "propose",
        date(2026, 9, 22),
        measure_code="rectification_order",
        proposal="限期整改",
        rectify_days="5",
    )
    _post(client, row, "decide", date(2026, 9, 22))
    _post(client, row, "serve", date(2026, 9, 28))
    for day, shown, light in (
        (date(2026, 10, 10), False, "黄灯"),
        (date(2026, 10, 12), True, "红灯"),
    ):
        with travel_to(day):
            page = client.get("/accountability/", {"status": "rectification_overdue"})
            assert (f'data-case="{row.pk}"' in page.content.decode()) is shown, day
            detail = client.get(f"/accountability/{row.pk}/").content.decode()
            assert light in detail, day


def test_the_organisation_registers_a_referral_through_its_page(
    client: Any, login: Any, users: dict[str, User]
) -> None:
    login("supervisor")
    row = _open_through_the_form(client, users)
    _post(client, row, "statement_request", date(2026, 9, 15))
    _post(client, row, "propose", date(2026, 9, 22), measure_code="discipline", proposal="移送")
    page = client.get(f"/accountability/{row.pk}/").content.decode()
    assert "移送机关" in page
    assert "批准问责决定" not in page  # a referral measure is not the bureau's to decide
    _post(client, row, "refer", date(2026, 9, 22), referred_to="中共张掖市纪委")
    client.logout()
    login("organisation")
    assert f'data-case="{row.pk}"' in client.get("/accountability/").content.decode()
    page = client.get(f"/accountability/{row.pk}/").content.decode()
    assert "登记处理结果" in page
    page = _post(
        client,
        row,
        "referral_result",
        date(2026, 9, 25),
        adopted="1",
        decision_body="中共张掖市纪委",
        decision_text="给予党内警告处分。",
    )
    assert "张监问〔2026〕1号" in page
    row.refresh_from_db()
    assert (row.status, row.decision_body, row.deduction) == (Status.DECIDED, "中共张掖市纪委", 5)

"""The desks and the public pages: the step bar, a step out of order refused
on the page with its code, the scope (404 for a decision not seen, 403 for
a desk not allowed), the legal office's desk with its lights, and the
public pages that never show a commenter's personal data."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from decision_support import BASE, register, through

from xiaoneng.core.timesource import travel_to
from xiaoneng.decisions import actions
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_detail_page_shows_the_step_bar_and_refuses_out_of_order(
    users: dict[str, User], login: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        client = login("depthead")
        page = client.get(f"/decisions/{d.pk}/").content.decode()
        assert 'data-gate="consultation" data-state="next"' in page
        response = client.post(
            f"/decisions/{d.pk}/risk/",
            {"level": "low", "controllable": "1", "report": "可控"},
            follow=True,
        )
    text = response.content.decode()
    assert "decision_step_out_of_order" in text
    assert "请先完成公众参与、专家论证" in text


def test_scope_404_for_another_unit_and_403_for_a_desk_not_allowed(
    users: dict[str, User], login: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        assert login("fagai").get(f"/decisions/{d.pk}/").status_code == 404
        assert login("fagai").post(f"/decisions/{d.pk}/risk/", {}).status_code == 404
        assert login("depthead").get("/decisions/reviews/").status_code == 403
        assert login("depthead").get("/decisions/meetings/").status_code == 403
        assert login("applicant").get("/decisions/").status_code == 403
        assert login("supervisor").get(f"/decisions/{d.pk}/").status_code == 200
        assert login("mayor").get(f"/decisions/{d.pk}/").status_code == 200


def test_the_legal_desk_shows_the_due_day_and_light(users: dict[str, User], login: Any) -> None:
    d = register(users)
    through(users, d, 3)
    with travel_to(date(2026, 9, 30)):
        actions.submit_for_review(actor=users["depthead"], decision_id=d.pk)
    with travel_to(date(2026, 10, 16)):
        page = login("fazhi").get("/decisions/reviews/").content.decode()
    assert "2026年10月15日" in page or "2026-10-15" in page
    assert "红灯" in page


def test_public_pages_show_the_consultation_and_decision_without_personal_data(
    users: dict[str, User], client: Any
) -> None:
    d = register(users)
    with travel_to(BASE):
        actions.publish_draft(
            actor=users["depthead"], decision_id=d.pk, closes_on=BASE + timedelta(days=29)
        )
        listing = client.get("/decisions/public/consultations/").content.decode()
        assert d.title in listing
        posted = client.post(
            f"/decisions/public/consultations/{d.pk}/",
            {"content": "建议夜间免费停车", "commenter": "李秀英", "contact": "13912345678"},
        )
        assert "意见已提交" in posted.content.decode()
    with travel_to(BASE + timedelta(days=30)):
        actions.publish_adoption(
            actor=users["depthead"], decision_id=d.pk, adoption="采纳夜间免费的建议"
        )
    from decision_support import experts, legality, meeting, publication, risk

    day = BASE + timedelta(days=31)
    for step in (experts, risk, legality, meeting, publication):
        day = step(users, d, day + timedelta(days=1))
    with travel_to(day):
        pages = [
            client.get(f"/decisions/public/{d.pk}/").content.decode(),
            client.get("/decisions/public/").content.decode(),
            client.get(f"/decisions/public/consultations/{d.pk}/").content.decode(),
        ]
    assert "采纳夜间免费的建议" in pages[0]
    for page in pages:
        assert "李秀英" not in page
        assert "13912345678" not in page
    staff = client.get(f"/decisions/public/{d.pk}/")
    assert staff.status_code == 200


def test_the_public_catalogue_is_shown_once_published(users: dict[str, User], client: Any) -> None:
    with travel_to(BASE):
        fagai = users["fagai"]
        item = actions.add_catalogue_item(
            actor=users["zhengfuban"],
            year=2026,
            title="城区供水价格调整",
            sponsor_id=fagai.department_id,
            legal_basis="《价格法》",
            category="policy",
        )
        assert (
            item.title not in client.get("/decisions/public/catalogue/?year=2026").content.decode()
        )
        actions.publish_catalogue(actor=users["zhengfuban"], year=2026)
        assert item.title in client.get("/decisions/public/catalogue/?year=2026").content.decode()

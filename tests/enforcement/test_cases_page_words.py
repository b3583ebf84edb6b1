"""What the case page says: the 首违不罚 box only while nothing is decided;
the state once in the header (the tag, no unlit light repeating it); the
timeline's labels say what happened — a penalty or none, a hearing held or
deemed waived — not "(或…)"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_support import ORGANISATION, clue, decide, notify, registered

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import Item
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    return html.split('class="xc-head-tags"')[1].split("</div>", maxsplit=1)[0]


def timeline(html: str) -> str:
    return html.split("data-timeline")[1].split("</ol>", maxsplit=1)[0]


def test_the_first_offence_box_goes_once_the_case_is_decided(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = notify(users, registered(users, enforcement_item, party=ORGANISATION), date(2026, 3, 10))
    with travel_to(date(2026, 3, 18)):
        assert (
            "本事项适用首违不罚" in login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
        )
    decide(users, case, date(2026, 3, 18))
    with travel_to(date(2026, 3, 18)):
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert "本事项适用首违不罚" not in page
    assert "作出行政处罚决定 ·" in timeline(page)
    assert "（或" not in timeline(page)


def test_a_decision_not_to_penalise_says_so(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = registered(users, enforcement_item, party=ORGANISATION)
    with travel_to(date(2026, 3, 3)):
        actions.decide(
            actor=users["depthead"],
            case_id=case.pk,
            outcome="no_penalty_facts",
            decision_text="违法事实不能成立，不予行政处罚。",
        )
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert "作出不予行政处罚决定 ·" in timeline(page)
    assert "作出行政处罚决定 ·" not in timeline(page)


def test_the_state_is_said_once_in_the_header(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = clue(users, enforcement_item)
    with travel_to(date(2026, 3, 3)):
        actions.decline_registration(actor=users["depthead"], case_id=case.pk, reason="线索不实")
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert header(page).count("不予立案") == 1


def test_the_hearing_says_whether_it_was_held(
    users: dict[str, User], enforcement_item: Item, login: Any
) -> None:
    case = notify(users, registered(users, enforcement_item), date(2026, 3, 10))
    with travel_to(date(2026, 3, 12)):
        actions.request_hearing(actor=users["zhifa"], case_id=case.pk)
    with travel_to(date(2026, 3, 13)):
        actions.schedule_hearing(
            actor=users["zhifa"],
            case_id=case.pk,
            scheduled_on=date(2026, 3, 25),
            place="市工商局听证室",
            host_id=users["fazhi"].pk,
        )
    with travel_to(date(2026, 3, 25)):
        actions.record_hearing(actor=users["zhifa"], case_id=case.pk, held=False)
        page = login("zhifa").get(f"/enforcement/{case.pk}/").content.decode()
    assert "当事人未出席，视为放弃听证 ·" in timeline(page)
    assert "（或" not in timeline(page)

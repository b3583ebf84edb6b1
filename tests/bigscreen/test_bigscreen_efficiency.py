"""The big screen's efficiency figures: this month's complaints received,
concluded and substantiated, and this year's accountability measures,
counted in the actor's scope, with the screen showing them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.accountability import actions as accountability
from xiaoneng.bigscreen.selectors import snapshot
from xiaoneng.complaints import actions as complaints
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 18)  # Wed
GONGSHANG, OTHER = "620700005", "620700024"


def _complain(dept: str, day: date) -> int:
    with travel_to(day):
        row, _ = complaints.submit_complaint(
            actor=None,
            channel="online",
            category="rudeness",
            department_id=Department.objects.get(code=dept).pk,
            title="窗口工作人员态度蛮横",
            description="办理营业执照时工作人员态度蛮横。",
            anonymous=True,
        )
    return row.pk


def _conclude(users: dict[str, User], pk: int, outcome: str, day: date) -> None:
    with travel_to(day):
        complaints.accept_complaint(actor=users["complaint"], complaint_id=pk)
        complaints.conclude_complaint(
            actor=users["complaint"],
            complaint_id=pk,
            outcome=outcome,
            findings="经调查核实。",
            handling_opinion="责成整改。",
            reply_text="已答复。",
        )


def _measure(users: dict[str, User], day: date) -> None:
    sup = users["supervisor"]
    with travel_to(day):
        row = accountability.open_case(
            actor=sup,
            source_kind="direct",
            source_ref="市政府领导批示第3号",
            title="窗口工作人员态度蛮横",
            facts="经调查属实。",
            subjects=[{"kind": "unit"}],
            department_id=Department.objects.get(code=GONGSHANG).pk,
        )
        accountability.request_statement(actor=sup, case_id=row.pk)
        accountability.submit_statement(actor=users["depthead"], case_id=row.pk, text="无异议。")
        accountability.propose_measure(
            actor=sup, case_id=row.pk, measure_code="admonition", proposal="诫勉谈话"
        )
        accountability.decide_measure(actor=sup, case_id=row.pk)


@pytest.fixture
def year(users: dict[str, User]) -> None:
    _conclude(users, _complain(GONGSHANG, date(2026, 2, 24)), "substantiated", date(2026, 2, 26))
    _conclude(users, _complain(GONGSHANG, date(2026, 3, 2)), "partly", date(2026, 3, 10))
    _conclude(users, _complain(OTHER, date(2026, 3, 3)), "substantiated", date(2026, 3, 11))
    _conclude(users, _complain(GONGSHANG, date(2026, 3, 16)), "unsubstantiated", date(2026, 3, 17))
    _complain(GONGSHANG, TODAY)
    _measure(users, date(2026, 1, 20))
    _measure(users, date(2026, 3, 9))


def test_this_months_complaints_and_this_years_measures(users: dict[str, User], year: None) -> None:
    city = snapshot(users["supervisor"], TODAY)["efficiency"]
    assert city == {
        "complaints_received": 4,  # 2, 3, 16 and 18 March, not 24 February
        "complaints_concluded": 3,
        "complaints_substantiated": 2,  # partly counts; unsubstantiated does not
        "measures_year": 2,
    }
    own = snapshot(users["depthead"], TODAY)["efficiency"]
    assert own == {
        "complaints_received": 3,
        "complaints_concluded": 2,
        "complaints_substantiated": 1,
        "measures_year": 2,
    }
    # A new year starts the measures again.
    assert snapshot(users["supervisor"], date(2027, 1, 4))["efficiency"]["measures_year"] == 0


def test_the_screen_shows_them(login: Any, year: None) -> None:
    client = login("supervisor")
    with travel_to(TODAY):
        page = client.get("/bigscreen/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "效能投诉与问责" in html
    for key in ("complaints_received", "complaints_substantiated", "measures_year"):
        assert f'data-key="efficiency.{key}"' in html

"""The public calendar API at /api/v1/calendar/."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

DAYS = "/api/v1/calendar/days"
ADD = "/api/v1/calendar/add"


def test_days_equal_chinesecalendar_2004_to_2026(client: Client) -> None:
    # Three requests: one may span at most 3,700 days.
    for first, last in ((2004, 2013), (2014, 2023), (2024, 2026)):
        response = client.get(DAYS, {"from": f"{first}-01-01", "to": f"{last}-12-31"})
        assert response.status_code == 200
        days = response.json()
        assert len(days) == (date(last + 1, 1, 1) - date(first, 1, 1)).days
        for day in days:
            d = date.fromisoformat(day["date"])
            assert day["workday"] == chinese_calendar.is_workday(d), d
            assert day["provisional"] is False


def test_days_carry_names_and_provisional_flags(client: Client) -> None:
    response = client.get(DAYS, {"from": "2026-12-31", "to": "2027-01-01"})
    assert response.json() == [
        {"date": "2026-12-31", "workday": True, "name": "", "provisional": False},
        {"date": "2027-01-01", "workday": True, "name": "", "provisional": True},
    ]
    response = client.get(DAYS, {"from": "2026-02-14", "to": "2026-02-15"})
    assert response.json() == [
        {"date": "2026-02-14", "workday": True, "name": "春节", "provisional": False},
        {"date": "2026-02-15", "workday": False, "name": "春节", "provisional": False},
    ]


@pytest.mark.parametrize(
    ("start", "n", "expected", "provisional"),
    [
        ("2026-02-10", 5, "2026-02-24", False),
        ("2026-09-30", 1, "2026-10-08", False),
        ("2026-10-08", -1, "2026-09-30", False),
        ("2026-02-18", 0, "2026-02-18", False),
        ("2026-12-31", 1, "2027-01-01", True),
    ],
)
def test_add(client: Client, start: str, n: int, expected: str, provisional: bool) -> None:
    params: dict[str, str | int] = {"start": start, "days": n}
    response = client.get(ADD, params)
    assert response.status_code == 200
    assert response.json() == {"date": expected, "provisional": provisional}


@pytest.mark.parametrize(
    ("url", "params", "code"),
    [
        (
            DAYS,
            {"from": "2026-01-01", "to": str(date(2026, 1, 1) + timedelta(days=3700))},
            "calendar_span_too_long",
        ),
        (DAYS, {"from": "2026-01-02", "to": "2026-01-01"}, "calendar_bad_range"),
        (ADD, {"start": "2026-01-01", "days": 3651}, "calendar_days_out_of_range"),
        (ADD, {"start": "9999-12-20", "days": 30}, "calendar_date_out_of_range"),
    ],
)
def test_bad_requests_have_stable_codes(
    client: Client, url: str, params: dict[str, str | int], code: str
) -> None:
    response = client.get(url, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_malformed_dates_are_validation_errors(client: Client) -> None:
    response = client.get(DAYS, {"from": "2026-13-01", "to": "2026-12-31"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"

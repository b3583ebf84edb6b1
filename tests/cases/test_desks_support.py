"""Helpers of the desk tests (no tests here). Cases are built through the
actions, on the demo city and catalog, with `travel_to` setting the day."""

from __future__ import annotations

from datetime import date
from typing import Any

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

# Until xiaoneng.config.urls includes the desks; tests/cases is on sys.path.

INSTANT = "0100001000620700005"  # 企业名称预先核准 (市工商局): a 即办件, 3 required materials
RECEIVED_ON = date(2026, 2, 10)  # a Tuesday before the Spring Festival


def receive(
    users: dict[str, User], item_code: str, on: date = RECEIVED_ON, by: str = "window"
) -> Case:
    with travel_to(on):
        case, _ = actions.submit_application(
            actor=users[by], item_code=item_code, applicant_name="祁连绿源有限公司"
        )
    return case


def accept(users: dict[str, User], item_code: str, on: date = RECEIVED_ON) -> Case:
    case = receive(users, item_code, on)
    with travel_to(on):
        return actions.accept_case(actor=users["window"], case_id=case.pk)


def switch(client: Any, login: Any, username: str) -> Any:
    client.logout()
    return login(username)


def html(response: Any) -> str:
    return str(response.content.decode())

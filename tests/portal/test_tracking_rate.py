"""From the tracking page, a finished case offers 好差评: a link to the
rating form with the tracking number filled in — never the query code."""

from __future__ import annotations

import pytest
from django.test import Client
from portal_world import JOINT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_a_finished_case_links_to_the_rating_form(
    client: Client, decided: tuple[Case, str]
) -> None:
    case, code = decided
    with travel_to(ON):
        html = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    box = html.split("data-rate", 1)[1].split("</div>", 1)[0]
    assert f'href="/ratings/?no={case.tracking_no}"' in box
    assert "评价本次服务" in box
    assert code not in box
    # The form it opens has the number filled in and asks for the code.
    form = client.get(f"/ratings/?no={case.tracking_no}").content.decode()
    assert f'name="no" type="text" maxlength="32" value="{case.tracking_no}"' in form
    assert 'name="code" type="password"' in form


def test_a_running_case_offers_no_rating(
    client: Client, users: dict[str, User], catalog: None
) -> None:
    with travel_to(ON):
        case, code = actions.submit_application(
            actor=users["window"], item_code=JOINT, applicant_name="张三丰"
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
        html = client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()
    assert "ps-case" in html
    assert "data-rate" not in html
    assert "/ratings/?no=" not in html  # the site menu links /ratings/ itself

"""The inspections world: the demo city, four enterprises in the register
(their query codes kept for the portal), built through the real actions."""

from __future__ import annotations

import pytest
from inspection_support import FIRM_A, FIRM_B, FIRM_C, FIRM_D, REGISTER_DAY, Firms

from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.inspections import actions
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture
def firms(users: dict[str, User]) -> Firms:
    boss = users["inspector"]
    codes = {}
    with travel_to(REGISTER_DAY):
        for credit, name, industry in (
            (FIRM_A, "张掖市甘泉食品有限公司", "食品"),
            (FIRM_B, "张掖市祁连建材有限公司", "建材"),
            (FIRM_C, "张掖市丹霞乳业有限公司", "食品"),
            (FIRM_D, "张掖市黑河酒业有限公司", "食品"),
        ):
            _, code = actions.add_enterprise(
                actor=boss, credit_code=credit, name=name, industry=industry, address="甘州区"
            )
            codes[credit] = code
    return Firms(codes, users)


@pytest.fixture
def other_leader(users: dict[str, User]) -> User:
    """A vice-mayor in charge of 市财政局 only (not of 市工商局)."""
    user = org_actions.create_user(
        actor=users["admin"],
        username="leader2",
        password=DEMO_PASSWORD,
        real_name="孙副市长",
        department=Department.objects.get(code="620700"),
        roles=[Role.objects.get(code="leader")],
    )
    org_actions.assign_portfolio(
        actor=users["admin"], leader=user, departments=[Department.objects.get(code="620700010")]
    )
    return user

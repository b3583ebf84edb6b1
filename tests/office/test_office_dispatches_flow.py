"""Outgoing documents: each step's permission and place, the four eyes of
核稿, the signer's scope, the county rule (a municipal department's document
to the county governments needs the city leader in charge), the return path
and withdrawal, and bad input refused with coded errors."""

from __future__ import annotations

from typing import Any

import pytest
from office_dispatches_support import (
    DAY,
    FAGAI,
    GANZHOU,
    GONGSHANG,
    MINLE,
    dept,
    draft,
    through,
)

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import DomainError
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.notifications.models import Notification
from xiaoneng.office.actions import dispatches as actions
from xiaoneng.office.models import Dispatch, DispatchStatus
from xiaoneng.office.selectors import dispatches as selectors
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

pytestmark = pytest.mark.django_db


def code_of(call: Any) -> str:
    with travel_to(DAY), pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_the_whole_way_inside_the_city(office_world: dict[str, User]) -> None:
    u = office_world
    row = draft(u, body="请 各单位\n认真 做好。")
    assert (row.status, row.length, row.to_counties) == (DispatchStatus.DRAFT, 9, False)
    assert row.issuer.code == GONGSHANG
    row = through(u, row, "submit")
    assert row.status == DispatchStatus.REVIEWING
    assert Notification.objects.filter(recipient=u["depthead"], kind="office_dispatch").exists()
    row = through(u, row, "review")
    assert (row.status, row.reviewed_by) == (DispatchStatus.SIGNING, u["depthead"])
    row = through(u, row, "sign")
    assert row.status == DispatchStatus.APPROVED  # no county: no leader
    row = through(u, row, "issue")
    assert (row.status, row.number) == (DispatchStatus.ISSUED, "张工商发〔2026〕1号")
    assert [o.step for o in selectors.opinions_of(row)] == [
        "submit",
        "review",
        "sign",
        "issue",
    ]
    types = list(
        AuditEvent.objects.filter(object_type="office_dispatch", object_id=str(row.pk))
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert types == [
        "office.dispatch_drafted",
        "office.dispatch_submitted",
        "office.dispatch_reviewed",
        "office.dispatch_signed",
        "office.dispatch_issued",
    ]
    # The addressee's head is told of the document received.
    assert Notification.objects.filter(recipient=u["fagai"], title__contains="收文").exists()


def test_to_counties_is_the_seeds_rule(office_world: dict[str, User]) -> None:
    u = office_world
    assert draft(u, to=(MINLE,)).to_counties
    assert draft(u, to=(FAGAI, GANZHOU)).to_counties
    # 抄送 a county is not 主送 to it.
    assert not draft(u, to=(FAGAI,), copies=(MINLE,)).to_counties
    # A county government writing to another county is not a municipal department.
    county = draft(u, by="zhengfuban", to=(GANZHOU,), issuer_id=dept(MINLE).pk)
    assert county.issuer.code == MINLE
    assert not county.to_counties
    # Editing recomputes it.
    row = draft(u, to=(FAGAI,))
    with travel_to(DAY):
        row = actions.edit_dispatch(
            actor=u["office"],
            dispatch_id=row.pk,
            kind="notice",
            title=row.title,
            body=row.body,
            recipient_ids=[dept(MINLE).pk],
        )
    assert row.to_counties
    assert row.version == 2


def test_four_eyes_and_the_reviewers_unit(office_world: dict[str, User]) -> None:
    u = office_world
    row = through(u, draft(u), "submit")
    review = actions.review_dispatch
    assert code_of(lambda: review(actor=u["office"], dispatch_id=row.pk)) == (
        "office_dispatch_four_eyes"
    )
    # The government office sees every unit but is not the issuer's own unit.
    assert code_of(lambda: review(actor=u["zhengfuban"], dispatch_id=row.pk)) == (
        "office_dispatch_not_issuer_unit"
    )
    # Another unit's head does not see it at all.
    assert code_of(lambda: review(actor=u["fagai"], dispatch_id=row.pk)) == (
        "office_dispatch_not_found"
    )
    assert through(u, row, "review").status == DispatchStatus.SIGNING


def test_the_signer_holds_dispatch_sign_over_the_issuer(office_world: dict[str, User]) -> None:
    u = office_world
    row = through(u, draft(u), "submit", "review")
    sign = actions.sign_dispatch
    assert code_of(lambda: sign(actor=u["office"], dispatch_id=row.pk)) == "permission_denied"
    assert code_of(lambda: sign(actor=u["fagai"], dispatch_id=row.pk)) == (
        "office_dispatch_not_found"
    )
    assert code_of(lambda: sign(actor=u["minle"], dispatch_id=row.pk)) == (
        "office_dispatch_not_found"
    )
    # Steps out of order are refused with the status named.
    issue = actions.issue_dispatch
    assert code_of(lambda: issue(actor=u["office"], dispatch_id=row.pk)) == (
        "office_dispatch_wrong_status"
    )


@pytest.fixture
def leader2(office_world: dict[str, User]) -> User:
    """A second vice-mayor, in charge of 市财政局 only."""
    admin = office_world["admin"]
    user = org_actions.create_user(
        actor=admin,
        username="leader2",
        password=DEMO_PASSWORD,
        real_name="李副市长",
        department=Department.objects.get(code="620700"),
        roles=[Role.objects.get(code="leader")],
    )
    org_actions.assign_portfolio(
        actor=admin, leader=user, departments=[Department.objects.get(code="620700010")]
    )
    return user


def test_the_county_rule_needs_the_leader_in_charge(
    office_world: dict[str, User], leader2: User
) -> None:
    u = office_world
    row = through(u, draft(u, to=(MINLE,)), "submit", "review", "sign")
    assert row.status == DispatchStatus.LEADER
    assert Notification.objects.filter(recipient=u["leader"], kind="office_dispatch").exists()
    approve = actions.approve_dispatch
    assert code_of(lambda: approve(actor=u["depthead"], dispatch_id=row.pk)) == (
        "permission_denied"
    )
    assert code_of(lambda: approve(actor=leader2, dispatch_id=row.pk)) == (
        "office_dispatch_not_your_portfolio"
    )
    assert code_of(lambda: actions.issue_dispatch(actor=u["office"], dispatch_id=row.pk)) == (
        "office_dispatch_wrong_status"
    )
    assert list(selectors.awaiting_leader(u["leader"])) == [row]
    assert list(selectors.awaiting_leader(leader2)) == []
    assert list(selectors.awaiting_leader(u["mayor"])) == [row]
    row = through(u, row, "approve", "issue")
    assert row.leader == u["leader"]
    assert row.number == "张工商发〔2026〕1号"


def test_the_mayor_may_approve_too(office_world: dict[str, User]) -> None:
    u = office_world
    row = through(u, draft(u, to=(MINLE,)), "submit", "review", "sign")
    with travel_to(DAY):
        row = actions.approve_dispatch(actor=u["mayor"], dispatch_id=row.pk, note="同意印发")
    assert row.status == DispatchStatus.APPROVED
    assert row.leader == u["mayor"]


STEPS = {
    "submit": actions.submit_dispatch,
    "review": actions.review_dispatch,
    "sign": actions.sign_dispatch,
    "issue": actions.issue_dispatch,
    "approve": actions.approve_dispatch,
}


def test_a_document_to_the_counties_never_passes_without_the_leader(
    office_world: dict[str, User], leader2: User
) -> None:
    """Every step by every account, round after round: without the leader in
    charge (or the mayor) it never gets to 已签发待印发 or 已印发."""
    u = office_world
    row = draft(u, to=(MINLE, FAGAI))
    people = [v for k, v in u.items() if k not in ("leader", "mayor", "admin")] + [leader2]
    for _ in range(5):
        for action in STEPS.values():
            for person in people:
                try:
                    with travel_to(DAY):
                        action(actor=person, dispatch_id=row.pk)
                except DomainError:
                    pass
                status = Dispatch.objects.get(pk=row.pk).status
                assert status not in (DispatchStatus.APPROVED, DispatchStatus.ISSUED)
    assert Dispatch.objects.get(pk=row.pk).status == DispatchStatus.LEADER


def test_return_at_each_step_goes_back_to_the_drafter(office_world: dict[str, User]) -> None:
    u = office_world
    row = through(u, draft(u, to=(MINLE,)), "submit")
    back = actions.return_dispatch
    assert code_of(lambda: back(actor=u["depthead"], dispatch_id=row.pk, reason=" ")) == (
        "office_dispatch_reason_required"
    )
    assert code_of(lambda: back(actor=u["office"], dispatch_id=row.pk, reason="自己退")) == (
        "office_dispatch_four_eyes"
    )
    for steps in (("review",), ("review", "sign")):
        with travel_to(DAY):
            row = back(actor=u["depthead"], dispatch_id=row.pk, reason="请核实数字")
        assert row.status == DispatchStatus.DRAFT
        assert row.returned_reason == "请核实数字"
        assert row.reviewed_by is None
        row = through(u, row, "submit", *steps)
    assert row.status == DispatchStatus.LEADER
    with travel_to(DAY):
        row = back(actor=u["leader"], dispatch_id=row.pk, reason="不宜直接发县区")
    assert row.status == DispatchStatus.DRAFT
    assert Notification.objects.filter(recipient=u["office"], title__contains="退回").count() == 3
    steps = [o.step for o in selectors.opinions_of(row)]
    assert steps.count("return") == 3


def test_withdraw_only_a_draft_by_its_drafter(office_world: dict[str, User]) -> None:
    u = office_world
    row = draft(u)
    withdraw = actions.withdraw_dispatch
    assert code_of(lambda: withdraw(actor=u["zhengfuban"], dispatch_id=row.pk)) == (
        "office_dispatch_not_drafter"
    )
    with travel_to(DAY):
        row = withdraw(actor=u["office"], dispatch_id=row.pk, reason="合并到另一文件")
    assert row.status == DispatchStatus.WITHDRAWN
    assert row.number == ""
    assert code_of(lambda: withdraw(actor=u["office"], dispatch_id=row.pk)) == (
        "office_dispatch_wrong_status"
    )
    submitted = through(u, draft(u), "submit")
    assert code_of(lambda: withdraw(actor=u["office"], dispatch_id=submitted.pk)) == (
        "office_dispatch_wrong_status"
    )


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"kind": "memo"}, "office_dispatch_kind_invalid"),
        ({"title": "  "}, "office_dispatch_title_required"),
        ({"body": ""}, "office_dispatch_body_required"),
        ({"body": 5}, "office_dispatch_body_required"),
        ({"recipient_ids": []}, "office_dispatch_recipients_required"),
        ({"recipient_ids": ["x"]}, "office_dispatch_recipient_invalid"),
        ({"recipient_ids": [999999]}, "office_dispatch_recipient_invalid"),
        ({"recipient_ids": "12"}, "office_dispatch_recipient_invalid"),
        ({"copy_ids": [2**70]}, "office_dispatch_recipient_invalid"),
        ({"urgency": "now"}, "office_dispatch_urgency_invalid"),
        ({"series": "张工商〔发〕"}, "office_dispatch_series_invalid"),
        ({"issuer_id": "nope"}, "office_dispatch_issuer_invalid"),
    ],
)
def test_bad_input_is_refused_with_a_code(
    office_world: dict[str, User], fields: dict[str, Any], code: str
) -> None:
    assert code_of(lambda: draft(office_world, **fields)) == code


def test_the_issuer_is_the_actors_unit_or_one_in_scope(office_world: dict[str, User]) -> None:
    u = office_world
    assert code_of(lambda: draft(u, issuer_id=dept(FAGAI).pk)) == "office_dispatch_issuer_invalid"
    assert code_of(lambda: draft(u, by="depthead")) == "permission_denied"
    assert draft(u, by="zhengfuban", issuer_id=dept(FAGAI).pk).issuer.code == FAGAI


def test_another_units_user_does_not_see_it(office_world: dict[str, User]) -> None:
    u = office_world
    row = draft(u, to=(FAGAI,))
    for who in ("fagai", "minle"):
        assert code_of(lambda who=who: selectors.dispatch_for(u[who], row.pk)) == (
            "office_dispatch_not_found"
        )
    for who in ("office", "depthead", "leader", "mayor", "zhengfuban", "supervisor"):
        assert selectors.dispatch_for(u[who], row.pk) == row
    # Once issued, the addressee reads it; a unit not addressed still does not.
    row = through(u, row, "submit", "review", "sign", "issue")
    assert selectors.dispatch_for(u["fagai"], row.pk) == row
    assert code_of(lambda: selectors.dispatch_for(u["minle"], row.pk)) == (
        "office_dispatch_not_found"
    )

"""Who sees and who acts. Plans are the bureau's alone (check.manage): the
unit checked never sees one, on the API or the pages. A unit sees its own
findings once notified, never before, never another unit's; seeing is not
acting: the unit cannot notify, publish or verify, the bureau cannot report
for the unit, and another unit's head gets "not found"."""

from __future__ import annotations

from typing import Any

import pytest
from checks_support import NOTICE_DAY

from conftest import World
from xiaoneng.checks import actions, selectors
from xiaoneng.core.errors import NotAuthenticated, NotFound, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["depthead", "zhijian", "window", "complaint", "mayor"])
def test_only_the_bureau_sees_plans(world: World, username: str, api: Any) -> None:
    actor = world.users[username]
    assert list(selectors.plans_for(actor)) == []
    with pytest.raises(NotFound) as exc:
        selectors.plan_for(actor, world.plan.pk)
    assert exc.value.code == "check_plan_not_found"
    client = api(username)
    assert client.get("/checks/plans").json() == []
    one = client.get(f"/checks/plans/{world.plan.pk}")
    assert one.status_code == 404
    assert one.json()["code"] == "check_plan_not_found"
    assert "国庆节前后" not in one.content.decode()


def test_the_bureau_sees_the_plan(world: World) -> None:
    assert [p.pk for p in selectors.plans_for(world.users["supervisor"])] == [world.plan.pk]


def test_the_unit_cannot_make_or_approve_plans(world: World) -> None:
    head = world.users["depthead"]
    with pytest.raises(PermissionDenied):
        actions.create_plan(
            actor=head,
            title="x",
            period_start=NOTICE_DAY,
            period_end=NOTICE_DAY,
            focus="y",
            department_ids=[world.gongshang.pk],
        )
    with pytest.raises(PermissionDenied):
        actions.add_team_member(actor=head, plan_id=world.plan.pk, user_id=head.pk)
    with pytest.raises(PermissionDenied):
        actions.close_plan(actor=head, plan_id=world.plan.pk)


def test_the_unit_learns_of_a_finding_only_when_notified(
    world: World, record: Any, other_head: User
) -> None:
    head = world.users["depthead"]
    finding = record()
    assert list(selectors.findings_for(head)) == []
    with pytest.raises(NotFound) as hidden:
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="x")
    assert hidden.value.code == "check_finding_not_found"
    with travel_to(NOTICE_DAY):
        actions.notify_finding(actor=world.users["supervisor"], finding_id=finding.pk)
    assert [f.pk for f in selectors.findings_for(head)] == [finding.pk]
    assert list(selectors.findings_for(other_head)) == []  # another unit's head
    assert list(selectors.findings_for(world.users["zhijian"])) == []  # no check permission


def test_another_unit_cannot_rectify_and_seeing_is_not_acting(
    world: World, record: Any, other_head: User
) -> None:
    boss, head = world.users["supervisor"], world.users["depthead"]
    finding = record()
    with travel_to(NOTICE_DAY):
        actions.notify_finding(actor=boss, finding_id=finding.pk)
        with pytest.raises(NotFound) as other:
            actions.submit_rectification(actor=other_head, finding_id=finding.pk, report="x")
        assert other.value.code == "check_finding_not_found"
        # The bureau sees every finding but reports for no unit.
        with pytest.raises(PermissionDenied):
            actions.submit_rectification(actor=boss, finding_id=finding.pk, report="x")
        # The unit sees its finding but neither publishes nor verifies it.
        for step in (
            lambda: actions.publish_finding(actor=head, finding_id=finding.pk, summary="x"),
            lambda: actions.notify_finding(actor=head, finding_id=finding.pk),
            lambda: actions.add_evidence(actor=head, finding_id=finding.pk, file=None),
        ):
            with pytest.raises(PermissionDenied):
                step()
        actions.submit_rectification(actor=head, finding_id=finding.pk, report="已整改")
        for step in (
            lambda: actions.verify_rectification(actor=head, finding_id=finding.pk),
            lambda: actions.return_rectification(actor=head, finding_id=finding.pk, note="x"),
        ):
            with pytest.raises(PermissionDenied):
                step()
        with pytest.raises(NotAuthenticated):
            actions.verify_rectification(actor=None, finding_id=finding.pk)  # type: ignore[arg-type]


def test_the_unit_reads_its_finding_without_the_plan(world: World, record: Any, api: Any) -> None:
    finding = record()
    with travel_to(NOTICE_DAY):
        actions.notify_finding(actor=world.users["supervisor"], finding_id=finding.pk)
    body = api("depthead").get(f"/checks/findings/{finding.pk}").json()
    assert body["number"] == finding.number
    assert body["plan"] is None
    assert world.plan.number not in str(body)


def test_pages_keep_plans_from_the_unit(world: World, record: Any, client: Any, login: Any) -> None:
    finding = record()
    login("depthead")
    assert client.get("/checks/plans/").status_code == 403
    assert client.get(f"/checks/plans/{world.plan.pk}/").status_code == 403
    assert client.get(f"/checks/findings/{finding.pk}/").status_code == 404  # not notified yet
    page = client.get("/checks/findings/?state=all")
    assert page.status_code == 200
    assert finding.number not in page.content.decode()
    response = client.post(f"/checks/findings/{finding.pk}/notify/")
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "recorded"

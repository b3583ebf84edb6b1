"""The big screen is tested on cases built through the real actions, with
`travel_to` moving the day: a small world on a fixed Wednesday, 18 March 2026."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from bigscreen_world import GONGSHANG, NAME_CHECK, TODAY, World

from xiaoneng.cases import actions
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User


@pytest.fixture
def world(users: dict[str, User], promise_item: ApprovalItem) -> World:
    window, head, admin = users["window"], users["depthead"], users["admin"]
    other_item = (
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED, committed_limit_days__gt=0)
        .exclude(department__code=GONGSHANG)
        .order_by("code")
        .first()
    )
    assert other_item is not None

    def receive(
        day: date, name: str, item: ApprovalItem = promise_item, actor: Any = window
    ) -> int:
        with travel_to(day):
            case, _ = actions.submit_application(
                actor=actor, item_code=item.code, applicant_name=name
            )
        return case.pk

    def accepted(
        day: date, name: str, item: ApprovalItem = promise_item, actor: Any = window
    ) -> int:
        pk = receive(day, name, item, actor)
        with travel_to(day):
            actions.accept_case(actor=actor, case_id=pk)
        return pk

    overdue = accepted(date(2026, 3, 2), "张掖市丹霞旅游开发有限公司")
    warning = accepted(date(2026, 3, 4), "甘州区金张掖农产品有限公司")
    delivered = accepted(date(2026, 3, 2), "张掖市湿地生态农业科技有限公司")
    with travel_to(date(2026, 3, 9)):
        actions.decide_case(actor=head, case_id=delivered, decision="approved")
    with travel_to(date(2026, 3, 10)):
        actions.deliver_case(actor=window, case_id=delivered)
    normal = accepted(TODAY, "张掖市祁连山矿泉水有限公司")
    untimed = receive(TODAY, "甘州区丝路驿站餐饮店")
    with travel_to(TODAY):
        actions.issue_supplement_notice(actor=window, case_id=untimed, missing=["设立登记申请书"])
    instant_item = ApprovalItem.objects.get(code=NAME_CHECK)
    instant = accepted(TODAY, "张掖市祁连绿源农业科技有限公司", instant_item)
    other = accepted(TODAY, "临泽县红枣专业合作社", other_item, admin)
    return World(
        today=TODAY,
        overdue=overdue,
        warning=warning,
        normal=normal,
        untimed=untimed,
        instant=instant,
        delivered=delivered,
        other=other,
        other_department=other_item.department.short_name or other_item.department.name,
    )

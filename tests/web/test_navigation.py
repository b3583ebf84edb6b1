"""The side navigation of the target, appraisal and directive desks: each role
finds its own entry, once, and no entry it cannot open."""

from __future__ import annotations

import pytest

from xiaoneng.org.models import User
from xiaoneng.web.navigation import menu_for

pytestmark = pytest.mark.django_db


def _labels(user: User, group: str) -> list[str]:
    for entry in menu_for(user):
        if entry["label"] == group:
            return [item["label"] for item in entry["items"]]
    return []


@pytest.mark.parametrize(
    ("username", "targets", "directives"),
    [
        ("inspector", ["目标责任", "目标总览", "考核评比"], ["督查督办", "请示办理"]),
        ("depthead", ["本单位目标"], ["本单位督办", "请示办理"]),
        ("leader", ["目标总览"], ["领导督办事项", "请示办理", "调整审批"]),
        ("organisation", ["目标总览", "年终考核结果"], ["领导督办事项", "请示办理"]),
        ("window", [], []),
    ],
)
def test_each_role_sees_its_target_and_directive_desks(
    users: dict[str, User], username: str, targets: list[str], directives: list[str]
) -> None:
    assert _labels(users[username], "目标管理") == targets
    assert _labels(users[username], "督查督办") == directives


def test_a_page_reachable_under_two_permissions_is_listed_once(users: dict[str, User]) -> None:
    # The inspector holds directive.manage and target.view: both entries lead to
    # /directives/, and only the first is shown.
    urls = [item["url"] for entry in menu_for(users["inspector"]) for item in entry["items"]]
    assert len(urls) == len(set(urls))

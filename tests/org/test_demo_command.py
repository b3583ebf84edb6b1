from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiaoneng.audit.selectors import verify_chain
from xiaoneng.demo.city_data import ACCOUNTS
from xiaoneng.demo.enforcement import OFFICERS as ENFORCEMENT_OFFICERS
from xiaoneng.demo.history.trading_cast import TENDERERS as TRADING_TENDERERS
from xiaoneng.demo.office.leave import ACTING as OFFICE_ACTING
from xiaoneng.org.models import Department, DepartmentKind, LeaderPortfolio, User

pytestmark = pytest.mark.django_db


def test_demo_loads_zhangye_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    assert "演示城市已载入" in capsys.readouterr().out
    counties = set(
        Department.objects.filter(kind=DepartmentKind.COUNTY).values_list("short_name", flat=True)
    )
    assert counties == {"甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县"}
    for name in (
        "张掖市发展和改革委员会",
        "张掖市工业和信息化委员会",
        "张掖市招商局",
        "张掖市工商行政管理局",
        "张掖市监察局",
        "张掖市人民政府督查室",
        "张掖市行政效能投诉中心",
        "张掖市政务服务中心",
        "张掖市公共资源交易中心",
    ):
        assert Department.objects.filter(name=name).exists(), name
    # The accounts, the officers the enforcement lists bring (demo/enforcement.py),
    # the trading projects' tenderers, bidders and drawn experts (demo/trading_projects.py),
    # and the deputy who acts for minle on leave.
    outside = set(
        User.objects.filter(roles__code__in=("bidder", "trading_expert")).values_list(
            "username", flat=True
        )
    )
    usernames = (
        {a[0] for a in ACCOUNTS}
        | {o[0] for o in ENFORCEMENT_OFFICERS}
        | {t[0] for t in TRADING_TENDERERS}
        | {OFFICE_ACTING[0]}  # 民乐县's acting deputy for leave (demo/office/leave.py)
        | {"citizen"}  # the public 个人 account (demo/public_accounts.py)
        | outside
    )
    assert set(User.objects.values_list("username", flat=True)) == usernames
    assert LeaderPortfolio.objects.filter(leader__username="leader").count() == 6
    # Built through the actions: every step is on the audit chain, and it holds.
    count, broken = verify_chain()
    assert count > 60
    assert broken is None
    call_command("demo")
    assert "未重复载入" in capsys.readouterr().out
    assert set(User.objects.values_list("username", flat=True)) == usernames


def test_production_refuses_the_demo(settings: object) -> None:
    settings.DEMO_MODE = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="生产模式"):
        call_command("demo")
    assert not Department.objects.exists()

"""The demo history's public resource trading (issue 14): a year ending Mon
30 Nov 2026 played through the trading actions with no refused step,
checked from the rows: projects of each kind contracted; the road section
re-tendered after two bids (流标) and then contracted in its second round;
an objection to the result and a procurement challenge each answered by
their day, the award after them; the contract signed after its 30 days
flagged `late_contract` by the sweep; a land plot sold to its single bidder
flagged `single_bid`; the tender period at the law's minimum flagged; the
sweep on every working day; every package published valid OCDS; the same
seed plans the same year."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest

from trading.ocds_conformance import package_problems
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.inputs import local_day
from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.trading_days import _workdays, plan, trading_days
from xiaoneng.demo.trading import load_trading_world
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly
from xiaoneng.trading import supervise
from xiaoneng.trading.models import (
    Award,
    Contract,
    Kind,
    Objection,
    ObjectionKind,
    Project,
    RoundStatus,
    Status,
)
from xiaoneng.trading.ocds.packages import record_package, release_package

END = date(2026, 11, 30)
START = END - timedelta(days=365)


def flagged(kind: str) -> set[int]:
    rows = Anomaly.objects.filter(kind=kind, subject_kind=supervise.KIND)
    return {ref for ref in rows.values_list("subject_ref", flat=True) if ref is not None}


def pages(build: Any) -> list[dict[str, Any]]:
    out, page = [], 1
    while True:
        package = build(page, lambda p: f"https://jy.zhangye.example/ocds.json?page={p}")
        out.append(package)
        if "next" not in package.get("links", {}):
            return out
        page += 1


@pytest.fixture
def played(users: dict[str, User]) -> tuple[dict[str, int], list[str]]:
    load_trading_world()
    said: list[str] = []
    return drain(trading_days(seed=7, start=START, end=END, say=said.append)), said


@pytest.mark.django_db
def test_a_year_of_trading(played: tuple[dict[str, int], list[str]]) -> None:
    counts, said = played
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert said[-1].startswith(f"公共资源交易：项目 {counts['projects']} 个"), said
    assert counts["projects"] == 14
    assert counts["sweeps"] == len(_workdays(START, END))
    contracted = Project.objects.filter(status=Status.CONTRACTED)
    assert set(contracted.values_list("kind", flat=True)) == set(Kind.values)
    assert counts["contracted"] == contracted.count() >= 10
    _retendered()
    _objections()
    _flags()


def _retendered() -> None:
    failed = Project.objects.filter(rounds__status=RoundStatus.FAILED).distinct()
    assert failed.count() == 1
    project = failed.get()
    assert project.round_no == 2
    assert project.status == Status.CONTRACTED
    award = Award.objects.get(round__project=project)
    assert award.round.number == 2
    assert project.notices.filter(kind="failure").count() == 1


def _objections() -> None:
    calendar = current_calendar()
    rows = list(Objection.objects.select_related("round__project"))
    assert sorted(r.kind for r in rows) == [ObjectionKind.CHALLENGE, ObjectionKind.OBJECTION]
    for row in rows:
        assert row.replied_at is not None
        assert local_day(row.replied_at) <= row.reply_due
        award = Award.objects.get(round=row.round)
        assert award.decided_at > row.replied_at
        assert calendar.is_workday(local_day(award.decided_at))


def _flags() -> None:
    contracts = Contract.objects.select_related("award__round")
    late = [c for c in contracts if c.signed_on > c.award.contract_due]
    assert len(late) == 1
    assert flagged(supervise.LATE_CONTRACT) == {late[0].award.round.project_id}
    single = flagged(supervise.SINGLE_BID)
    assert single
    assert set(Project.objects.filter(pk__in=single).values_list("kind", flat=True)) <= {
        Kind.LAND,
        Kind.PROPERTY,
    }
    assert flagged(supervise.SHORT_TENDER_PERIOD)


@pytest.mark.django_db
def test_the_history_publishes_valid_ocds(played: tuple[dict[str, int], list[str]]) -> None:
    releases, records = pages(release_package), pages(record_package)
    assert sum(len(p["records"]) for p in records) == 14
    for package in releases:
        assert package_problems(package, "release") == []
    for package in records:
        assert package_problems(package, "record") == []


def test_the_same_seed_plans_the_same_year() -> None:
    days = [START + timedelta(days=i) for i in range(0, 365, 2)]

    def shape(seed: int) -> list[tuple[Any, ...]]:
        return [(w.spec, w.start, w.rounds, w.extra_days) for w in plan(random.Random(seed), days)]

    assert shape(7) == shape(7)
    assert shape(7) != shape(8)

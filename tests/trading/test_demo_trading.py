"""`xiaoneng demo`'s trading projects (issue 14), walked through the actions
as of a fixed today (Mon 7 Dec 2026): a SIGNED procurement of 市教育局,
an AWARDED construction project with its contract still to come, an OPEN
tender with one sealed bid and its deadline ahead; each reached by the
actions (the audit events are there), the committees drawn and scored;
a second run adds nothing; every package they publish is valid OCDS."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from ocds_conformance import package_problems

from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.trading_projects import (
    MAINTENANCE,
    ROAD_SECTION,
    SCHOOL_PURCHASE,
    load_demo_trading,
)
from xiaoneng.org.models import User
from xiaoneng.trading.models import (
    Award,
    Bid,
    BidStatus,
    Contract,
    Draw,
    Project,
    RoundStatus,
    Score,
    Status,
)
from xiaoneng.trading.ocds.packages import record_package, release_package

TODAY = date(2026, 12, 7)


def load(users: dict[str, User]) -> dict[str, int]:
    with travel_to(TODAY):
        return load_demo_trading(users["admin"])


def events(project: Project) -> set[str]:
    rows = AuditEvent.objects.filter(object_type="trading_project", object_id=str(project.pk))
    return set(rows.values_list("event_type", flat=True))


def pages(build: Any) -> list[dict[str, Any]]:
    out, page = [], 1
    while True:
        package = build(page, lambda p: f"https://jy.zhangye.example/trading/ocds/x.json?page={p}")
        out.append(package)
        if "next" not in package.get("links", {}):
            return out
        page += 1


WALKED = {
    "trading.project_registered",
    "trading.project_accepted",
    "trading.project_announced",
    "trading.bid_submitted",
    "trading.opening_started",
    "trading.bid_decrypted",
    "trading.opening_closed",
    "trading.committee_formed",
    "trading.experts_drawn",
    "trading.scores_submitted",
    "trading.evaluation_finished",
    "trading.candidates_published",
    "trading.award_made",
}


@pytest.mark.django_db
def test_the_demo_holds_a_signed_an_awarded_and_an_open_project(
    trading_world: dict[str, User],
) -> None:
    started = time.perf_counter()
    counts = load(trading_world)
    assert time.perf_counter() - started < 10
    assert not [k for k in counts if k.startswith("failed:")], counts
    signed = Project.objects.get(title=SCHOOL_PURCHASE.title)
    awarded = Project.objects.get(title=ROAD_SECTION.title)
    open_ = Project.objects.get(title=MAINTENANCE.title)
    assert (signed.status, awarded.status, open_.status) == (
        Status.CONTRACTED,
        Status.AWARDED,
        Status.TENDERING,
    )
    # The signed one is 市教育局's purchase, signed by its own tenderer account.
    contract = Contract.objects.get(award__round__project=signed)
    assert signed.tenderer.code == "620700019"
    assert contract.recorded_by.username == "caigou"
    assert contract.value == contract.award.value
    assert WALKED | {"trading.contract_signed"} <= events(signed)
    # The award made, its contract not yet due nor signed.
    award = Award.objects.get(round__project=awarded)
    assert award.contract_due > TODAY >= award.decided_at.date()
    assert not Contract.objects.filter(award=award).exists()
    assert events(awarded) >= WALKED
    assert awarded.agency is not None
    # Committees drawn from the pool with a seed kept, every seat scored.
    for project in (signed, awarded):
        draw = Draw.objects.get(committee__round__project=project)
        assert len(draw.seed) == 32
        assert len(draw.picked) == 4
        assert (
            Score.objects.filter(bid__round__project=project).count()
            == 5 * Bid.objects.filter(round__project=project, status=BidStatus.OPENED).count()
        )
    # The road's draw excluded 曹建平 (employed by a bidder) and 潘立群 (a declared tie).
    road_draw = Draw.objects.get(committee__round__project=awarded)
    assert len(road_draw.excluded) >= 2
    # The open tender: one sealed bid, its deadline ahead of the real today.
    round_ = open_.rounds.get()
    assert round_.status == RoundStatus.OPEN
    assert round_.bid_deadline is not None
    assert round_.bid_deadline.date() > TODAY
    assert list(round_.bids.values_list("status", flat=True)) == [BidStatus.SEALED]
    assert round_.bids.get().price is None  # sealed: no price until the opening
    assert {"trading.project_announced", "trading.bid_submitted"} <= events(open_)


@pytest.mark.django_db
def test_a_second_demo_adds_nothing(trading_world: dict[str, User]) -> None:
    load(trading_world)
    before = (Project.objects.count(), AuditEvent.objects.count(), User.objects.count())
    assert load(trading_world) == {}
    assert (Project.objects.count(), AuditEvent.objects.count(), User.objects.count()) == before


@pytest.mark.django_db
def test_the_demo_publishes_valid_ocds(trading_world: dict[str, User]) -> None:
    load(trading_world)
    releases, records = pages(release_package), pages(record_package)
    assert sum(len(p["releases"]) for p in releases) >= 10
    assert sum(len(p["records"]) for p in records) == 3
    for package in releases:
        assert package_problems(package, "release") == []
    for package in records:
        assert package_problems(package, "record") == []


@pytest.mark.django_db
def test_the_demo_command_walks_them_and_the_audit_chain_holds() -> None:
    with travel_to(TODAY):
        call_command("demo")
        projects = Project.objects.count()
        call_command("demo")
    assert projects == 3
    assert Project.objects.count() == 3
    count, broken = verify_chain()
    assert count > 100
    assert broken is None

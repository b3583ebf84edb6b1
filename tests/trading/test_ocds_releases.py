"""OCDS releases of a project (`trading.ocds.publish`): valid against the
shipped 1.1.5 schemas and codelists at every step, immutable, the compiled
release equal to ocdsmerge's merge of the releases, bids secret until the
opening, no personal data."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ocds_conformance import codelist_problems, merged, package_problems
from ocds_staging import (
    AWARDED,
    PRICES,
    SIGNED,
    announced,
    awarded,
    clarified,
    contracted,
    notice,
    opened,
    payloads,
    publicised,
    set_status,
    whole_process,
)
from trading_support import BIDDERS, at, open_round, party, project

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.trading.common import ocid
from xiaoneng.trading.models import NoticeKind, Project, Release, RoundStatus, Status
from xiaoneng.trading.ocds.packages import record, release_package
from xiaoneng.trading.ocds.publish import publish
from xiaoneng.trading.ocds.values import moment

pytestmark = pytest.mark.django_db


def package_of(row: Project) -> dict[str, Any]:
    releases = list(Release.objects.filter(project=row).order_by("id"))
    return {
        "uri": "http://testserver/trading/ocds/records.json",
        "version": "1.1",
        "publishedDate": moment(releases[-1].date),
        "publisher": {"name": "张掖市公共资源交易中心"},
        "records": [record(releases)],
    }


def assert_conforms(row: Project) -> dict[str, Any]:
    """The project's record package valid, and its compiled release the merge."""
    package = package_of(row)
    assert package_problems(package, "record") == []
    rec = package["records"][0]
    assert rec["compiledRelease"] == merged(rec["releases"])
    return rec


def test_every_step_is_a_valid_release_and_the_record_compiles(
    trading_world: dict[str, User],
) -> None:
    row, round_ = announced(trading_world)
    assert_conforms(row)
    clarified(trading_world, row)
    assert_conforms(row)
    opened(trading_world, row, round_)
    assert_conforms(row)
    publicised(trading_world, row, round_)
    assert_conforms(row)
    award = awarded(trading_world, row, round_)
    assert_conforms(row)
    contracted(trading_world, row, award)
    rec = assert_conforms(row)

    tags = [r["tag"] for r in rec["releases"]]
    steps = ["tender", "tenderAmendment", "tenderUpdate", "award", "awardUpdate", "contract"]
    assert tags == [[step] for step in steps]
    ids = [r["id"] for r in rec["releases"]]
    assert ids == [f"{ocid(row)}-{n:04d}" for n in range(1, 7)]
    compiled = rec["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled["buyer"] == {"id": "CN-XN-DEPT-620700014", "name": row.tenderer.name}
    tender = compiled["tender"]
    assert tender["id"] == f"{row.code}-1"
    assert tender["status"] == "complete"
    assert tender["value"] == {"amount": 8600000, "currency": "CNY"}
    assert tender["tenderPeriod"] == {
        "startDate": "2026-09-10T00:00:00+08:00",
        "endDate": "2026-10-09T09:30:00+08:00",
    }
    assert tender["mainProcurementCategory"] == "works"
    assert tender["awardCriteria"] == "ratedCriteria"
    assert tender["numberOfTenderers"] == 3
    assert [d["documentType"] for d in tender["documents"]] == [
        "tenderNotice",
        "biddingDocuments",
        "clarifications",
        "bidders",
        "evaluationReports",
        "awardNotice",
        "contractSigned",
    ]
    assert [a["rationale"] for a in tender["amendments"]] == ["关于第2章工程量清单的澄清"]
    assert tender["amendments"][0]["date"].startswith("2026-09-18T")
    (award_row,) = compiled["awards"]
    winner = party(BIDDERS[0])
    assert award_row == {
        "id": f"{row.code}-1-award",
        "title": "中标结果",
        "status": "active",
        "date": award_row["date"],
        "value": {"amount": 8120000, "currency": "CNY"},
        "suppliers": [{"id": f"CN-USCC-{winner.credit_code}", "name": winner.name}],
    }
    assert award_row["date"].startswith(f"{AWARDED.isoformat()}T")
    (contract,) = compiled["contracts"]
    assert contract["awardID"] == award_row["id"]
    assert contract["status"] == "active"
    assert contract["dateSigned"] == f"{SIGNED.isoformat()}T00:00:00+08:00"
    assert contract["period"] == {
        "startDate": "2026-11-01T00:00:00+08:00",
        "endDate": "2027-06-30T00:00:00+08:00",
    }
    roles = {p["name"]: p["roles"] for p in compiled["parties"]}
    assert roles[row.tenderer.name] == ["buyer"]
    assert roles["甘肃明诚招标代理有限公司"] == ["procuringEntity"]
    by_id = {p["id"]: p["roles"] for p in compiled["parties"]}
    assert by_id["CN-XN-DEPT-620700012"] == ["reviewBody"]  # 市住建局 regulates construction
    assert roles[BIDDERS[0]] == ["tenderer", "supplier"]
    enterprise = next(p for p in compiled["parties"] if p["name"] == BIDDERS[0])
    assert enterprise["identifier"] == {
        "scheme": "CN-USCC",
        "id": winner.credit_code,
        "legalName": winner.name,
    }


def test_candidates_make_a_pending_award_that_the_award_makes_active(
    trading_world: dict[str, User],
) -> None:
    row, round_ = announced(trading_world)
    opened(trading_world, row, round_)
    publicised(trading_world, row, round_)
    pending = payloads(row)[-1]["awards"]
    assert [(a["id"], a["status"]) for a in pending] == [(f"{row.code}-1-award", "pending")]
    assert pending[0]["date"] == "2026-10-12T09:30:00+08:00"
    assert pending[0]["suppliers"][0]["name"] == BIDDERS[0]
    awarded(trading_world, row, round_)
    active = payloads(row)[-1]["awards"]
    assert [(a["id"], a["status"]) for a in active] == [(f"{row.code}-1-award", "active")]
    assert active[0]["date"] != pending[0]["date"]


def test_an_award_to_the_second_candidate_cancels_the_pending_one(
    trading_world: dict[str, User],
) -> None:
    row, round_ = announced(trading_world)
    opened(trading_world, row, round_)
    publicised(trading_world, row, round_)
    awarded(trading_world, row, round_, rank=2)
    rec = assert_conforms(row)
    awards = {a["id"]: a for a in rec["compiledRelease"]["awards"]}
    assert awards[f"{row.code}-1-award"]["status"] == "cancelled"
    (active,) = [a for a in awards.values() if a["status"] == "active"]
    assert active["suppliers"][0]["name"] == BIDDERS[1]


def test_a_failed_round_is_unsuccessful_and_the_retender_a_new_tender(
    trading_world: dict[str, User],
) -> None:
    row, round_ = announced(trading_world)
    with travel_to(round_.bid_deadline.date()):  # type: ignore[union-attr]
        round_.status = RoundStatus.FAILED
        round_.failed_reason = "投标人少于3个"
        round_.save()
        set_status(row, Status.RETENDER)
        notice(trading_world, row, NoticeKind.FAILURE, "流标公告")
        publish(row, ["tenderUpdate"])
    failed = payloads(row)[-1]["tender"]
    assert failed["status"] == "unsuccessful"
    assert "tenderers" not in failed  # the unopened bids stay secret
    with travel_to(AWARDED):
        row.round_no = 2
        row.save(update_fields=["round_no"])
        open_round(row, AWARDED, at(datetime(2026, 11, 13).date()))
        notice(trading_world, row, NoticeKind.ANNOUNCEMENT, "重新招标公告")
        publish(row, ["tender"])
    rec = assert_conforms(row)
    tender = rec["compiledRelease"]["tender"]
    assert (tender["id"], tender["status"]) == (f"{row.code}-2", "active")
    assert tender["tenderPeriod"]["startDate"] == "2026-10-16T00:00:00+08:00"
    assert [d["documentType"] for d in tender["documents"]][-2:] == [
        "cancellationDetails",
        "tenderNotice",
    ]


def test_termination_is_a_cancelled_tender(trading_world: dict[str, User]) -> None:
    row, _ = announced(trading_world)
    set_status(row, Status.TERMINATED)
    notice(trading_world, row, NoticeKind.TERMINATION, "终止公告")
    publish(row, ["tenderCancellation"])
    rec = assert_conforms(row)
    assert rec["compiledRelease"]["tender"]["status"] == "cancelled"


def test_releases_are_immutable(trading_world: dict[str, User]) -> None:
    row, _ = announced(trading_world)
    first = Release.objects.get(project=row)
    before = json.dumps(first.payload, sort_keys=True)
    clarified(trading_world, row)
    second = Release.objects.filter(project=row).exclude(pk=first.pk).get()
    first.refresh_from_db()
    assert json.dumps(first.payload, sort_keys=True) == before
    assert (first.release_id, second.release_id) == (f"{ocid(row)}-0001", f"{ocid(row)}-0002")
    assert second.payload["id"] == second.release_id
    assert len(second.payload["tender"]["documents"]) == 3
    assert len(first.payload["tender"]["documents"]) == 2


def test_bidders_are_not_published_before_the_opening(trading_world: dict[str, User]) -> None:
    row, round_ = announced(trading_world)  # two sealed bids already in
    assert round_.bids.count() == 2
    publish(row, ["tenderAmendment"])
    text = json.dumps(payloads(row), ensure_ascii=False)
    assert "tenderers" not in text
    assert "numberOfTenderers" not in text
    for name in PRICES:
        assert name not in text
    roles = [r for p in payloads(row)[-1]["parties"] for r in p["roles"]]
    assert "tenderer" not in roles
    opened(trading_world, row, round_)
    after = payloads(row)[-1]["tender"]
    assert after["numberOfTenderers"] == 3
    assert {t["name"] for t in after["tenderers"]} == set(PRICES)


def test_no_personal_data_is_published(trading_world: dict[str, User]) -> None:
    row = whole_process(trading_world)
    text = json.dumps(
        release_package(1, lambda n: f"http://testserver/?page={n}"), ensure_ascii=False
    )
    involved = [party(n) for n in [*PRICES, "甘肃明诚招标代理有限公司"]]
    assert involved[0].contact_phone  # the sealed phone is there to leak
    for p in involved:
        for personal in (p.contact_phone, p.contact_name, p.legal_representative):
            assert personal not in text
    assert "contactPoint" not in text
    assert row.code in text


def test_a_misspelt_tag_or_code_is_caught(trading_world: dict[str, User]) -> None:
    """The conformance checks go red on a wrong code (and publish refuses a bad tag)."""
    row = whole_process(trading_world)
    release = payloads(row)[-1]
    assert codelist_problems(release) == []
    for path, wrong in [
        (("tag",), ["contracts"]),
        (("tender", "status"), "completed"),
        (("tender", "awardCriteria"), "ratedCriterion"),
        (("tender", "mainProcurementCategory"), "work"),
        (("tender", "procurementMethod"), "opened"),
    ]:
        broken = json.loads(json.dumps(release))
        target = broken
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = wrong
        assert codelist_problems(broken), path
    broken = json.loads(json.dumps(release))
    broken["tender"]["documents"][0]["documentType"] = "tenderNotices"
    broken["parties"][0]["roles"] = ["buyers"]
    broken["awards"][0]["status"] = "activ"
    broken["contracts"][0]["value"]["currency"] = "RMB"
    assert len(codelist_problems(broken)) == 4
    with pytest.raises(ValueError, match="releaseTag"):
        publish(row, ["tenderUpdated"])
    with pytest.raises(ValueError, match="releaseTag"):
        publish(row, ["compiled"])
    assert Release.objects.filter(project=row).count() == 6


def test_land_and_property_say_their_method(trading_world: dict[str, User]) -> None:
    land = project(trading_world, kind="land", criteria="highest_price", speciality="land")
    open_round(land, AWARDED, at(datetime(2026, 11, 13).date()))
    publish(land, ["tender"])
    tender = payloads(land)[0]["tender"]
    assert (tender["procurementMethodDetails"], tender["awardCriteria"]) == (
        "挂牌出让",
        "priceOnly",
    )
    assert "mainProcurementCategory" not in tender
    goods = project(trading_world, kind="procurement", with_agency=False)
    open_round(goods, AWARDED, at(datetime(2026, 11, 13).date()))
    publish(goods, ["tender"])
    release = payloads(goods)[0]
    assert release["tender"]["mainProcurementCategory"] == "goods"
    buyer = next(p for p in release["parties"] if p["id"] == release["buyer"]["id"])
    assert buyer["roles"] == ["buyer", "procuringEntity"]
    assert release["tender"]["procuringEntity"] == release["buyer"]
    assert_conforms(goods)


@settings(deadline=None)
@given(st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5))])))
def test_a_moment_is_written_in_beijing_time(value: datetime) -> None:
    written = moment(value)
    assert written.endswith("+08:00")
    assert datetime.fromisoformat(written) == value.replace(microsecond=0)

"""Part A's actions: registration (numbering, capacities, criteria per kind),
acceptance, the announcement's tender period on the house calendar (across
National Day 2026), clarifications, deadline changes and termination."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from trading_support import AGENCY, TENDERER, at, code_of, party, project, sealed_bid

from xiaoneng.core.timesource import travel_to
from xiaoneng.notifications.models import Notification
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.trading.actions import announce as ann
from xiaoneng.trading.actions import projects as act
from xiaoneng.trading.models import (
    Criteria,
    Kind,
    Notice,
    NoticeFile,
    NoticeKind,
    Project,
    RoundStatus,
    Speciality,
    Status,
)

pytestmark = pytest.mark.django_db

ROAD = {
    "kind": Kind.CONSTRUCTION,
    "title": "G227线张掖段路面改造工程",
    "description": "沥青混凝土路面改造 12.6 公里",
    "criteria": Criteria.COMPREHENSIVE,
    "speciality": Speciality.ROAD,
    "estimate": "8600000",
    "approval_document": "张发改交运〔2026〕118号",
}


def tenderer_elsewhere(users: dict[str, User]) -> User:
    """A tenderer's staff member of 市财政局 (another department)."""
    return org_actions.create_user(
        actor=users["admin"],
        username="caizheng_zb",
        password="Xn-demo-2026!",
        real_name="韩立",
        department=Department.objects.get(code="620700010"),
        roles=Role.objects.filter(code="trading_tenderer"),
    )


def test_registration_numbers_per_kind_and_year_without_gaps(
    trading_world: dict[str, User],
) -> None:
    with travel_to(date(2026, 9, 1)):
        first = act.register_project(trading_world["zhaobiao"], **ROAD)
        second = act.register_project(trading_world["zhaobiao"], **ROAD)
        land = act.register_project(
            trading_world["zhaobiao"],
            **{**ROAD, "kind": Kind.LAND, "criteria": Criteria.HIGHEST_PRICE},
        )
    assert (first.code, second.code, land.code) == ("JS-2026-0001", "JS-2026-0002", "TD-2026-0001")
    assert first.status == Status.REGISTERED
    assert first.tenderer.code == TENDERER
    # A refused registration takes no number.
    with travel_to(date(2026, 9, 1)):
        code_of(lambda: act.register_project(trading_world["zhaobiao"], **{**ROAD, "title": ""}))
        third = act.register_project(trading_world["zhaobiao"], **ROAD)
    assert third.code == "JS-2026-0003"


@pytest.mark.parametrize(
    ("kind", "criteria"),
    [
        (Kind.LAND, Criteria.COMPREHENSIVE),
        (Kind.PROPERTY, Criteria.LOWEST_PRICE),
        (Kind.CONSTRUCTION, Criteria.HIGHEST_PRICE),
        (Kind.PROCUREMENT, Criteria.HIGHEST_PRICE),
    ],
)
def test_criteria_must_fit_the_kind(
    trading_world: dict[str, User], kind: str, criteria: str
) -> None:
    call = lambda: act.register_project(  # noqa: E731
        trading_world["zhaobiao"], **{**ROAD, "kind": kind, "criteria": criteria}
    )
    assert code_of(call) == "trading_criteria_not_for_kind"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("kind", "lottery", "trading_kind_invalid"),
        ("estimate", "-1", "trading_estimate_invalid"),
        ("estimate", "0", "trading_estimate_invalid"),
        ("approval_document", " ", "trading_approval_required"),
        ("speciality", "magic", "trading_speciality_invalid"),
    ],
)
def test_bad_registration_input_is_refused_with_its_code(
    trading_world: dict[str, User], field: str, value: str, code: str
) -> None:
    call = lambda: act.register_project(trading_world["zhaobiao"], **{**ROAD, field: value})  # noqa: E731
    assert code_of(call) == code
    assert not Project.objects.exists()


def test_capacities_at_registration(trading_world: dict[str, User]) -> None:
    users = trading_world
    other = Department.objects.get(code="620700010")
    # Another department's project: refused to the tenderer's staff.
    assert (
        code_of(lambda: act.register_project(users["zhaobiao"], **ROAD, tenderer_id=other.pk))
        == "trading_tenderer_not_yours"
    )
    # A bidder and the centre may not register at all.
    assert code_of(lambda: act.register_project(users["toubiao1"], **ROAD)) == "permission_denied"
    assert code_of(lambda: act.register_project(users["jiaoyi"], **ROAD)) == "permission_denied"
    tenderer = Department.objects.get(code=TENDERER)
    agency = party(AGENCY)
    # The agency, not (yet) entrusted by 市交通运输局, may not register for it.
    as_agency = lambda: act.register_project(  # noqa: E731
        users["daili"], **ROAD, tenderer_id=tenderer.pk, agency_id=agency.pk
    )
    assert code_of(as_agency) == "trading_agency_not_entrusted"
    # Nor for another agency (its own party only).
    other_party = party("张掖市路桥建设有限责任公司")
    assert (
        code_of(
            lambda: act.register_project(
                users["daili"], **ROAD, tenderer_id=tenderer.pk, agency_id=other_party.pk
            )
        )
        == "trading_agency_not_yours"
    )
    # Once the tenderer entrusts it (its project names the agency), it may.
    entrusting = act.register_project(users["zhaobiao"], **ROAD, agency_id=agency.pk)
    assert entrusting.agency == agency
    mine = as_agency()
    assert (mine.tenderer, mine.agency, mine.registered_by) == (tenderer, agency, users["daili"])


def test_acceptance_and_rejection_are_the_centres(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = act.register_project(users["zhaobiao"], **ROAD)
    assert code_of(lambda: act.accept_project(users["zhaobiao"], row.pk)) == "permission_denied"
    assert code_of(lambda: act.reject_project(users["jiaoyi"], row.pk, " ")) == (
        "trading_reason_required"
    )
    accepted = act.accept_project(users["jiaoyi"], row.pk)
    assert (accepted.status, accepted.accepted_by) == (Status.ACCEPTED, users["jiaoyi"])
    assert code_of(lambda: act.accept_project(users["jiaoyi"], row.pk)) == (
        "trading_step_not_allowed"
    )
    other = act.register_project(users["zhaobiao"], **ROAD)
    rejected = act.reject_project(users["jiaoyi"], other.pk, "批准文件与项目名称不符")
    assert (rejected.status, rejected.rejected_reason) == (
        Status.REJECTED,
        "批准文件与项目名称不符",
    )
    # Final: a rejected project is closed; it is registered again as a new one.
    assert code_of(lambda: act.accept_project(users["jiaoyi"], other.pk)) == (
        "trading_project_closed"
    )


def _announce(user: User, pk: int, documents_from: date, deadline: Any, **extra: Any) -> Any:
    return ann.announce(
        user,
        pk,
        documents_from=documents_from,
        bid_deadline=deadline,
        announcement="招标公告正文",
        documents="招标文件正文",
        **extra,
    )


def test_construction_tender_period_is_twenty_days_across_national_day(
    trading_world: dict[str, User],
) -> None:
    row = project(trading_world)
    runner = trading_world["daili"]
    with travel_to(date(2026, 9, 14)):
        # 14 Sep + 20 days = 4 Oct, inside National Day (1–7 Oct): too short before it…
        assert code_of(
            lambda: _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 3)))
        ) == ("trading_tender_period_too_short")
        # …long enough on 4 Oct, but the opening needs a working day…
        assert code_of(
            lambda: _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 4)))
        ) == ("trading_deadline_not_workday")
        assert code_of(
            lambda: _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 7)))
        ) == ("trading_deadline_not_workday")
        # …the first being Thursday 8 Oct.
        round_ = _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 8)))
    assert (round_.number, round_.status) == (1, RoundStatus.OPEN)
    row.refresh_from_db()
    assert row.status == Status.TENDERING
    kinds = list(Notice.objects.filter(project=row).values_list("kind", flat=True))
    assert kinds == [NoticeKind.ANNOUNCEMENT, NoticeKind.DOCUMENTS]


def test_property_tender_period_is_twenty_working_days(trading_world: dict[str, User]) -> None:
    row = project(trading_world, kind=Kind.PROPERTY, criteria=Criteria.HIGHEST_PRICE)
    runner = trading_world["zhaobiao"]
    # From Mon 14 Sep: 15–18, Sun 20 (worked), 21–24 (25 Mid-Autumn), 28–30, 8–10 Oct
    # (Sat 10 worked), 12–16 Oct: the twentieth working day is Fri 16 Oct.
    with travel_to(date(2026, 9, 14)):
        assert code_of(
            lambda: _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 15)))
        ) == ("trading_tender_period_too_short")
        round_ = _announce(runner, row.pk, date(2026, 9, 14), at(date(2026, 10, 16)))
    assert round_.bid_deadline == at(date(2026, 10, 16))


def test_announcement_refuses_documents_before_today_and_the_wrong_status(
    trading_world: dict[str, User],
) -> None:
    row = project(trading_world)
    runner = trading_world["zhaobiao"]
    with travel_to(date(2026, 9, 14)):
        assert code_of(
            lambda: _announce(runner, row.pk, date(2026, 9, 13), at(date(2026, 10, 9)))
        ) == ("trading_documents_from_past")
        registered = project(trading_world, status=Status.REGISTERED)
        assert code_of(
            lambda: _announce(runner, registered.pk, date(2026, 9, 14), at(date(2026, 10, 9)))
        ) == ("trading_step_not_allowed")


def test_who_may_announce(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = project(users)
    elsewhere = tenderer_elsewhere(users)
    with travel_to(date(2026, 9, 14)):
        go = lambda u: _announce(u, row.pk, date(2026, 9, 14), at(date(2026, 10, 9)))  # noqa: E731
        assert code_of(lambda: go(users["jiaoyi"])) == "permission_denied"  # the centre
        assert code_of(lambda: go(users["toubiao1"])) == "permission_denied"  # a bidder
        assert code_of(lambda: go(elsewhere)) == "trading_project_not_found"  # another tenderer
        not_entrusted = project(users, with_agency=False)
        assert (
            code_of(
                lambda: _announce(
                    users["daili"], not_entrusted.pk, date(2026, 9, 14), at(date(2026, 10, 9))
                )
            )
            == "trading_project_not_found"
        )
        assert go(users["daili"]).status == RoundStatus.OPEN


def test_retender_opens_the_round_the_project_is_at(trading_world: dict[str, User]) -> None:
    """After a failed round part B sets RETENDER and round_no += 1; announce opens that round."""
    row = project(trading_world)
    with travel_to(date(2026, 9, 1)):
        _announce(trading_world["zhaobiao"], row.pk, date(2026, 9, 1), at(date(2026, 9, 21)))
    row.rounds.update(status=RoundStatus.FAILED)
    Project.objects.filter(pk=row.pk).update(status=Status.RETENDER, round_no=2)
    with travel_to(date(2026, 9, 22)):
        second = _announce(
            trading_world["zhaobiao"], row.pk, date(2026, 9, 22), at(date(2026, 10, 12))
        )
    assert second.number == 2
    assert row.rounds.count() == 2


def _tendering(users: dict[str, User], deadline_on: date) -> Project:
    row = project(users)
    with travel_to(date(2026, 9, 14)):
        _announce(users["zhaobiao"], row.pk, date(2026, 9, 14), at(deadline_on, 10, 0))
    return row


def test_clarification_fifteen_days_before_the_deadline(trading_world: dict[str, User]) -> None:
    runner = trading_world["zhaobiao"]
    row = _tendering(trading_world, date(2026, 10, 20))
    with travel_to(date(2026, 10, 5)):  # 15 days before: still in time
        ann.clarify(runner, row.pk, text="第三章技术要求修改")
    with travel_to(date(2026, 10, 6)):  # 14 days before: refused…
        assert code_of(lambda: ann.clarify(runner, row.pk, text="再次修改")) == (
            "trading_clarification_too_late"
        )
        # …or a deadline moved not far enough (20 Oct → 20 Oct is not later; 19 Oct earlier)
        assert (
            code_of(
                lambda: ann.clarify(
                    runner, row.pk, text="再次修改", new_deadline=at(date(2026, 10, 19))
                )
            )
            == "trading_deadline_not_later"
        )
        # Moved to 21 Oct (15 days away) it goes, with the new deadline.
        notice = ann.clarify(
            runner, row.pk, text="再次修改", new_deadline=at(date(2026, 10, 21), 10, 0)
        )
    assert notice.kind == NoticeKind.CLARIFICATION
    assert "2026年10月21日" in notice.body
    assert row.rounds.get().bid_deadline == at(date(2026, 10, 21), 10, 0)


def test_clarification_with_a_deadline_moved_still_too_close(
    trading_world: dict[str, User],
) -> None:
    runner = trading_world["zhaobiao"]
    row = _tendering(trading_world, date(2026, 10, 20))
    with travel_to(date(2026, 10, 8)):
        # 22 Oct is only 14 days after 8 Oct: refused, and nothing moved.
        call = lambda: ann.clarify(runner, row.pk, text="修改", new_deadline=at(date(2026, 10, 22)))  # noqa: E731
        assert code_of(call) == "trading_clarification_too_late"
        # Sat 24 Oct is far enough but no working day.
        call = lambda: ann.clarify(runner, row.pk, text="修改", new_deadline=at(date(2026, 10, 24)))  # noqa: E731
        assert code_of(call) == "trading_deadline_not_workday"
    assert row.rounds.get().bid_deadline == at(date(2026, 10, 20), 10, 0)


def test_deadline_changes_only_later(trading_world: dict[str, User]) -> None:
    runner = trading_world["zhaobiao"]
    row = _tendering(trading_world, date(2026, 10, 20))
    with travel_to(date(2026, 10, 12)):
        assert (
            code_of(
                lambda: ann.change_deadline(
                    runner, row.pk, new_deadline=at(date(2026, 10, 19)), reason="提前"
                )
            )
            == "trading_deadline_not_later"
        )
        assert (
            code_of(
                lambda: ann.change_deadline(
                    runner, row.pk, new_deadline=at(date(2026, 10, 22)), reason=""
                )
            )
            == "trading_reason_required"
        )
        ann.change_deadline(
            runner, row.pk, new_deadline=at(date(2026, 10, 22), 10, 0), reason="现场踏勘推迟"
        )
    assert row.rounds.get().bid_deadline == at(date(2026, 10, 22), 10, 0)
    assert Notice.objects.filter(project=row, kind=NoticeKind.DEADLINE).count() == 1
    with travel_to(date(2026, 10, 23)):  # the deadline has passed
        assert (
            code_of(
                lambda: ann.change_deadline(
                    runner, row.pk, new_deadline=at(date(2026, 10, 26)), reason="x"
                )
            )
            == "trading_deadline_passed"
        )


def test_termination(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = _tendering(users, date(2026, 10, 20))
    assert (
        code_of(lambda: act.terminate(users["jiaoyi"], row.pk, "不再建设")) == "permission_denied"
    )
    with travel_to(date(2026, 10, 12)):
        done = act.terminate(users["daili"], row.pk, "项目资金未落实，终止招标")
    assert done.status == Status.TERMINATED
    assert row.rounds.get().status == RoundStatus.CANCELLED
    assert Notice.objects.get(project=row, kind=NoticeKind.TERMINATION).body == (
        "项目资金未落实，终止招标"
    )
    assert code_of(lambda: act.terminate(users["zhaobiao"], row.pk, "再次")) == (
        "trading_project_closed"
    )
    awarded = project(users, status=Status.AWARDED)
    assert code_of(lambda: act.terminate(users["zhaobiao"], awarded.pk, "迟了")) == (
        "trading_step_not_allowed"
    )


def test_documents_are_filed_and_bidders_are_told_of_changes(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    row = project(users)
    pdf = SimpleUploadedFile("招标文件.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    with travel_to(date(2026, 9, 14)):
        round_ = _announce(
            users["zhaobiao"], row.pk, date(2026, 9, 14), at(date(2026, 10, 20)), files=[pdf]
        )
        stored = NoticeFile.objects.get()
        assert (stored.notice.kind, stored.filename) == (NoticeKind.DOCUMENTS, "招标文件.pdf")
        assert (
            code_of(
                lambda: _announce(
                    users["zhaobiao"],
                    project(users).pk,
                    date(2026, 9, 14),
                    at(date(2026, 10, 20)),
                    files=[SimpleUploadedFile("x.exe", b"MZ\x90\x00")],
                )
            )
            == "upload_type_not_allowed"
        )
    sealed_bid(round_, "张掖市路桥建设有限责任公司", users["toubiao1"], "8500000")
    with travel_to(date(2026, 9, 20)):
        ann.clarify(users["zhaobiao"], row.pk, text="工程量清单第 3 项更正")
    told = Notification.objects.filter(recipient=users["toubiao1"])
    assert told.count() == 1
    assert "澄清" in told.get().title
    with travel_to(date(2026, 9, 21)):
        act.terminate(users["zhaobiao"], row.pk, "规划调整")
    assert told.count() == 2
    assert Notification.objects.exclude(recipient=users["toubiao1"]).count() == 0

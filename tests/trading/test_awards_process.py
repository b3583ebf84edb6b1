"""Part D's actions, with every date worked out by hand on the 2026
calendar (Mid-Autumn 25–27 Sep, National Day 1–7 Oct, Sun 20 Sep and
Sat 10 Oct worked): the candidates' publicity (3 calendar days), the
objection during it and its 3-day reply, procurement's challenge
(7 working days across National Day) and complaint (15 working days), the
construction complaint (10 days rolled past the holiday), the award (the
tenderer's only; not during the publicity; paused by an unanswered
objection; suspended by the regulator), the contract (30 days rolled past
National Day; the award's value)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from trading_support import BIDDERS, code_of, evaluated_round, project, published

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.timesource import travel_to
from xiaoneng.core.workdays import load_shipped_calendar
from xiaoneng.org.models import User
from xiaoneng.trading.actions import awards, complaints, contracts, objections
from xiaoneng.trading.models import (
    Kind,
    Notice,
    NoticeKind,
    ObjectionKind,
    Project,
    Status,
)

pytestmark = pytest.mark.django_db

SHIPPED = load_shipped_calendar()
PRICES = {BIDDERS[0]: "8200000", BIDDERS[1]: "8350000", BIDDERS[2]: "8400000"}


def test_publicity_three_days_then_award_and_contract_past_national_day(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    row = published(users, on=date(2026, 8, 28))  # Fri
    assert row.publicity_ends_on == date(2026, 8, 31)  # 28 + 3, calendar days
    p = Project.objects.get(pk=row.project_id)
    assert p.status == Status.PUBLICISING
    notice = Notice.objects.get(round=row, kind=NoticeKind.CANDIDATES)
    assert "第1名：张掖市路桥建设有限责任公司，投标报价 8200000.00 元" in notice.body
    assert "2026年8月31日" in notice.body
    with travel_to(date(2026, 8, 31)):  # the publicity's last day
        assert code_of(lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk)) == (
            "trading_publicity_running"
        )
    with travel_to(date(2026, 9, 3)):
        # 定标 is the tenderer's: the agency that ran the project may not.
        assert code_of(lambda: awards.award(actor=users["daili"], round_id=row.pk)) in (
            "permission_denied",
            "trading_project_not_found",
        )
        made = awards.award(actor=users["zhaobiao"], round_id=row.pk)
    assert made.value == Decimal("8200000")
    assert made.bid.bidder.name == BIDDERS[0]
    # 3 Sep + 30 = Sat 3 Oct (National Day) → Thu 8 Oct, the first working day.
    assert made.contract_due == date(2026, 10, 8)
    assert Project.objects.get(pk=p.pk).status == Status.AWARDED
    assert Notice.objects.filter(round=row, kind=NoticeKind.AWARD).count() == 1
    with travel_to(date(2026, 10, 8)):
        assert code_of(lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk)) == (
            "trading_award_exists"
        )
        sign = {
            "actor": users["zhaobiao"],
            "award_id": made.pk,
            "number": "JT-2026-HT-031",
            "title": "G227线路面工程施工合同",
            "signed_on": "2026-10-08",
            "period_start": "2026-10-10",
            "period_end": "2027-04-30",
        }
        assert code_of(lambda: contracts.sign_contract(**sign, value="8100000")) == (
            "trading_contract_value_differs"
        )
        assert code_of(
            lambda: contracts.sign_contract(**sign | {"signed_on": "2026-10-09"}, value="8200000")
        ) == (
            "trading_contract_date_invalid"  # a day to come
        )
        assert code_of(
            lambda: contracts.sign_contract(**sign | {"actor": users["daili"]}, value="8200000")
        ) in ("permission_denied", "trading_project_not_found")
        contract = contracts.sign_contract(**sign, value="8200000.00")
    assert contract.signed_on == date(2026, 10, 8)
    assert Project.objects.get(pk=p.pk).status == Status.CONTRACTED
    assert Notice.objects.filter(round=row, kind=NoticeKind.CONTRACT).count() == 1


def test_publication_step_rules(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = evaluated_round(users, project(users), PRICES, opened_on=date(2026, 8, 27))
    with travel_to(date(2026, 8, 28)):
        # a bidder, the centre, the regulator are not the project's runner
        for name in ("toubiao1", "jiaoyi", "zhujian"):
            assert code_of(
                lambda name=name: awards.publish_candidates(actor=users[name], round_id=row.pk)
            ) in ("permission_denied", "trading_project_not_found")
        assert code_of(lambda: awards.publish_candidates(actor=users["daili"], round_id=0)) == (
            "trading_round_not_found"
        )
        awards.publish_candidates(actor=users["zhaobiao"], round_id=row.pk)
        assert code_of(
            lambda: awards.publish_candidates(actor=users["daili"], round_id=row.pk)
        ) == ("trading_candidates_published")


def test_objection_during_publicity_pauses_the_award(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = published(users, on=date(2026, 8, 28))  # publicity to Mon 31 Aug
    raise_ = {"round_id": row.pk, "stage": "评标结果", "text": "第一名业绩不符合招标文件要求"}
    with travel_to(date(2026, 8, 30)):
        # a registered bidder without an opened bid in the round may not object
        assert (
            code_of(lambda: objections.raise_objection(actor=users["zhaobiao"], **raise_))
            == "permission_denied"
        )
        first = objections.raise_objection(actor=users["toubiao2"], **raise_)
    assert first.kind == ObjectionKind.OBJECTION
    assert first.reply_due == date(2026, 9, 2)  # received 30 Aug + 3 days
    with travel_to(date(2026, 9, 1)):  # the day after the publicity
        assert code_of(lambda: objections.raise_objection(actor=users["toubiao1"], **raise_)) == (
            "trading_objection_late"
        )
        assert code_of(lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk)) == (
            "trading_objection_pending"
        )
        answer = {"objection_id": first.pk, "reply": "经复核，第一名业绩证明不符合要求"}
        assert (
            code_of(
                lambda: objections.answer_objection(actor=users["daili"], **answer, upheld=True)
            )
            == "trading_objection_correction_required"
        )
        assert code_of(
            lambda: objections.answer_objection(actor=users["toubiao1"], **answer, upheld="0")
        ) in ("permission_denied", "trading_project_not_found")
        objections.answer_objection(
            actor=users["daili"], **answer, upheld="1", correction="评标委员会复核，取消第一名资格"
        )
        assert (
            code_of(lambda: objections.answer_objection(actor=users["daili"], **answer, upheld="0"))
            == "trading_objection_answered"
        )
        notice = Notice.objects.get(round=row, kind=NoticeKind.OBJECTION)
        assert "纠正措施：评标委员会复核" in notice.body
        assert BIDDERS[1] not in notice.body  # the objector is not named
        # upheld: the award must say how it follows the correction
        assert code_of(lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk)) == (
            "trading_award_reason_required"
        )
        second = row.candidates.get(rank=2).bid
        assert (
            code_of(
                lambda: awards.award(
                    actor=users["zhaobiao"], round_id=row.pk, bid_id=999999, reason="x"
                )
            )
            == "trading_award_not_candidate"
        )
        made = awards.award(
            actor=users["zhaobiao"],
            round_id=row.pk,
            bid_id=second.pk,
            reason="异议成立，第一名资格被取消，依次确定排名第二的中标候选人",
        )
    assert made.bid_id == second.pk
    assert made.value == Decimal("8350000")


def test_another_candidate_needs_a_reason(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = published(users, on=date(2026, 8, 28))
    second = row.candidates.get(rank=2).bid
    with travel_to(date(2026, 9, 1)):
        assert (
            code_of(
                lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk, bid_id=second.pk)
            )
            == "trading_award_reason_required"
        )
        made = awards.award(
            actor=users["zhaobiao"], round_id=row.pk, bid_id=second.pk, reason="第一名放弃中标"
        )
    assert made.bid_id == second.pk


def test_procurement_challenge_across_national_day(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = published(users, kind=Kind.PROCUREMENT, on=date(2026, 9, 29))  # Tue
    ask = {"round_id": row.pk, "stage": "中标候选人", "text": "评分畸高", "known_on": "2026-09-29"}
    # 7 working days from Tue 29 Sep: 30 Sep, 8, 9, Sat 10 (worked), 12, 13, 14 Oct.
    with travel_to(date(2026, 10, 15)):
        assert code_of(lambda: objections.raise_objection(actor=users["toubiao2"], **ask)) == (
            "trading_objection_late"
        )
    with travel_to(date(2026, 10, 14)):
        challenge = objections.raise_objection(actor=users["toubiao2"], **ask)
    assert challenge.kind == ObjectionKind.CHALLENGE
    assert challenge.reply_due == date(2026, 10, 23)  # 15, 16, 19, 20, 21, 22, 23 Oct
    complain = {"project_id": row.project_id, "text": "对质疑答复不满意", "known_on": "2026-10-16"}
    with travel_to(date(2026, 10, 16)):
        assert code_of(lambda: complaints.file_complaint(actor=users["toubiao2"], **complain)) == (
            "trading_challenge_first"
        )
        assert (
            code_of(
                lambda: complaints.file_complaint(
                    actor=users["toubiao2"], **complain, objection_id=challenge.pk
                )
            )
            == "trading_challenge_reply_pending"
        )
        objections.answer_objection(
            actor=users["zhaobiao"], objection_id=challenge.pk, reply="评分无误", upheld=False
        )
    # 15 working days after the reply on Fri 16 Oct: 19 Oct … Fri 6 Nov.
    with travel_to(date(2026, 11, 9)):
        assert (
            code_of(
                lambda: complaints.file_complaint(
                    actor=users["toubiao2"], **complain, objection_id=challenge.pk
                )
            )
            == "trading_complaint_late"
        )
    with travel_to(date(2026, 11, 6)):
        filed = complaints.file_complaint(
            actor=users["toubiao2"], **complain, objection_id=challenge.pk
        )
    assert filed.decide_due == current_calendar().add_workdays(date(2026, 11, 6), 30)
    # the construction regulator does not handle procurement's complaints
    assert (
        code_of(
            lambda: complaints.decide_complaint(
                actor=users["zhujian"], complaint_id=filed.pk, decision="驳回", upheld=False
            )
        )
        == "trading_project_not_found"
    )


def test_construction_complaint_ten_days_rolled_past_national_day(
    trading_world: dict[str, User],
) -> None:
    users = trading_world
    row = published(users, on=date(2026, 9, 18))
    complain = {
        "project_id": row.project_id,
        "text": "评标委员会组成违法",
        "known_on": "2026-09-21",
        "matter": "other",
    }
    # known Mon 21 Sep + 10 = Thu 1 Oct (National Day) → Thu 8 Oct
    with travel_to(date(2026, 10, 9)):
        assert code_of(lambda: complaints.file_complaint(actor=users["toubiao1"], **complain)) == (
            "trading_complaint_late"
        )
    with travel_to(date(2026, 10, 8)):
        filed = complaints.file_complaint(actor=users["toubiao1"], **complain)
    # decided within 30 working days of receipt (Thu 8 Oct): 9, Sat 10 (worked),
    # 12–16, 19–23, 26–30 Oct, 2–6, 9–13 Nov (27), 16, 17, 18 Nov (30)
    assert filed.decide_due == date(2026, 11, 18)


def test_regulator_suspends_and_resumes(trading_world: dict[str, User]) -> None:
    users = trading_world
    row = published(users, on=date(2026, 8, 28))
    with travel_to(date(2026, 8, 29)):
        filed = complaints.file_complaint(
            actor=users["toubiao2"],
            project_id=row.project_id,
            text="串通投标",
            known_on=None,
            matter="other",
        )
        assert code_of(
            lambda: complaints.suspend_project(
                actor=users["zhaobiao"], pk=row.project_id, reason="x"
            )
        ) in ("permission_denied", "trading_project_not_found")
        complaints.suspend_project(actor=users["zhujian"], pk=row.project_id, reason="处理投诉")
        assert (
            code_of(
                lambda: complaints.suspend_project(
                    actor=users["zhujian"], pk=row.project_id, reason="再次"
                )
            )
            == "trading_already_suspended"
        )
    with travel_to(date(2026, 9, 2)):
        assert code_of(lambda: awards.award(actor=users["zhaobiao"], round_id=row.pk)) == (
            "trading_project_suspended"
        )
        complaints.decide_complaint(
            actor=users["zhujian"], complaint_id=filed.pk, decision="经调查不属实，驳回", upheld="0"
        )
        assert (
            code_of(
                lambda: complaints.decide_complaint(
                    actor=users["zhujian"], complaint_id=filed.pk, decision="再", upheld="0"
                )
            )
            == "trading_complaint_decided"
        )
        complaints.resume_project(actor=users["zhujian"], pk=row.project_id)
        assert (
            code_of(lambda: complaints.resume_project(actor=users["zhujian"], pk=row.project_id))
            == "trading_not_suspended"
        )
        assert awards.award(actor=users["zhaobiao"], round_id=row.pk).value == Decimal("8200000")


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2026, 1, 5), max_value=date(2026, 12, 20)))
def test_contract_due_is_a_working_day_at_least_30_days_on(day: date) -> None:
    calendar = SHIPPED
    due = tendering.contract_due(Kind.CONSTRUCTION, day, calendar)
    assert calendar.is_workday(due)
    assert due >= day + timedelta(days=30)
    # the first working day on or after the 30th day: no working day skipped
    assert all(
        not calendar.is_workday(day + timedelta(days=n)) for n in range(30, (due - day).days)
    )

"""The public resource trading clock (招标投标法 and its 实施条例, 政府采购法
and its 实施条例, 招标拍卖挂牌出让国有建设用地使用权规定, 企业国有资产交易
监督管理办法). Pure, no Django: dates in, dates out, on the house's working
calendar. The start day is never counted; a deadline falls at the end of
its day.

Each kind has its own numbers (`RULES[kind]`):

- tender period, from the day tender documents are first issued to the bid
  deadline: 20 calendar days for construction (招标投标法 art. 24),
  procurement (政府采购法 art. 35) and land (规定 art. 10: the announcement
  20 days before the auction or 挂牌); 20 *working* days for state-owned
  property (32号令 art. 13). The deadline is the public opening (实施条例
  art. 44), held in the centre's rooms: it must fall on a working day;
- clarifications at least 15 days before the deadline (招标投标法 art. 23;
  87号令 art. 27);
- fewer than `min_bids` bids at the deadline: no opening, re-tender (实施条例
  art. 44: 3; 政府采购法 art. 36: 3; land 挂牌 and property transfers may
  conclude with one bidder — which supervision flags);
- winning candidates published at least 3 days (实施条例 art. 54): the award
  is possible from the day after the third;
- an objection to the result is raised during the publicity and answered
  within 3 days (art. 54); in procurement a challenge (质疑) is raised within
  7 working days of knowing and answered within 7 working days (政府采购法
  art. 52, 53);
- a complaint within 10 days of knowing (实施条例 art. 60), in procurement
  within 15 working days after the reply or its deadline (政府采购法 art. 55);
  decided within 30 working days (实施条例 art. 61; 政府采购法 art. 56);
- the contract within 30 days of the award (招标投标法 art. 46; 政府采购法
  art. 46).

Periods a bidder must meet on its own count (the complaint; procurement's
challenge, counted in working days) and the contract's (both parties')
whose last day is off work end on the next working day (民法典 art. 203, as
the courts count it); the tenderer's and regulator's own limits (reply,
minimum tender period, publicity) do not move — nor does an objection to
the result outside procurement, which is raised *during* the publicity
(实施条例 art. 54) and so ends with it: the award may follow the day after,
and an objection window running past the publicity would let an objection
arrive after the award."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from xiaoneng.core.workdays import WorkCalendar


@dataclass(frozen=True, slots=True)
class KindRules:
    tender_days: int
    tender_in_workdays: bool
    min_bids: int
    clarify_days: int = 15
    publicity_days: int = 3
    objection_in_workdays: bool = False  # procurement's challenge (质疑)
    objection_window_days: int = 0  # 0: during the publicity
    objection_reply_days: int = 3
    complaint_days: int = 10
    complaint_in_workdays: bool = False
    complaint_decide_workdays: int = 30
    contract_days: int = 30


CONSTRUCTION: Final = "construction"
PROCUREMENT: Final = "procurement"
LAND: Final = "land"
PROPERTY: Final = "property"

RULES: Final[dict[str, KindRules]] = {
    CONSTRUCTION: KindRules(tender_days=20, tender_in_workdays=False, min_bids=3),
    PROCUREMENT: KindRules(
        tender_days=20,
        tender_in_workdays=False,
        min_bids=3,
        objection_in_workdays=True,
        objection_window_days=7,
        objection_reply_days=7,
        complaint_days=15,
        complaint_in_workdays=True,
    ),
    LAND: KindRules(tender_days=20, tender_in_workdays=False, min_bids=1),
    PROPERTY: KindRules(tender_days=20, tender_in_workdays=True, min_bids=1),
}

COMMITTEE_MIN = 5


def rules_for(kind: str) -> KindRules:
    return RULES[kind]


def _later(start: date, days: int, in_workdays: bool, calendar: WorkCalendar) -> date:
    if in_workdays:
        return calendar.add_workdays(start, days)
    return start + timedelta(days=days)


def earliest_deadline(kind: str, documents_from: date, calendar: WorkCalendar) -> date:
    """The first day the bid deadline may fall on: the tender period ended
    and a working day (the opening is held in the centre's rooms)."""
    rules = RULES[kind]
    end = _later(documents_from, rules.tender_days, rules.tender_in_workdays, calendar)
    return calendar.next_workday_on_or_after(end)


def deadline_problem(
    kind: str, documents_from: date, deadline_on: date, calendar: WorkCalendar
) -> str | None:
    """Why a bid deadline on `deadline_on` is not allowed, as an error code, or None."""
    rules = RULES[kind]
    if deadline_on < _later(documents_from, rules.tender_days, rules.tender_in_workdays, calendar):
        return "trading_tender_period_too_short"
    if not calendar.is_workday(deadline_on):
        return "trading_deadline_not_workday"
    return None


def at_legal_minimum(
    kind: str, documents_from: date, deadline_on: date, calendar: WorkCalendar
) -> bool:
    """Whether the deadline is the earliest the law allows (a red flag: a
    tender period no longer than it must be)."""
    return deadline_on <= earliest_deadline(kind, documents_from, calendar)


def clarification_latest(kind: str, deadline_on: date) -> date:
    """The last day a clarification or change of the documents may be issued
    without moving the deadline."""
    return deadline_on - timedelta(days=RULES[kind].clarify_days)


def publicity_ends(kind: str, published_on: date) -> date:
    """The last day of the winning candidates' publicity."""
    return published_on + timedelta(days=RULES[kind].publicity_days)


def award_earliest(kind: str, published_on: date) -> date:
    return publicity_ends(kind, published_on) + timedelta(days=1)


def objection_until(kind: str, known_on: date, published_on: date, calendar: WorkCalendar) -> date:
    """The last day an objection (challenge) may be raised: during the
    publicity; in procurement 7 working days from knowing."""
    rules = RULES[kind]
    if rules.objection_window_days:
        return calendar.add_workdays(known_on, rules.objection_window_days)
    return publicity_ends(kind, published_on)


def objection_reply_due(kind: str, received_on: date, calendar: WorkCalendar) -> date:
    rules = RULES[kind]
    if rules.objection_in_workdays:
        return calendar.add_workdays(received_on, rules.objection_reply_days)
    return received_on + timedelta(days=rules.objection_reply_days)


def complaint_until(kind: str, basis_on: date, calendar: WorkCalendar) -> date:
    """The last day to complain: `basis_on` is the day the complainant knew
    (construction and the others) or, in procurement, the day the challenge
    was answered or its reply period ended."""
    rules = RULES[kind]
    if rules.complaint_in_workdays:
        return calendar.add_workdays(basis_on, rules.complaint_days)
    return calendar.next_workday_on_or_after(basis_on + timedelta(days=rules.complaint_days))


def complaint_decide_due(kind: str, received_on: date, calendar: WorkCalendar) -> date:
    return calendar.add_workdays(received_on, RULES[kind].complaint_decide_workdays)


def contract_due(kind: str, awarded_on: date, calendar: WorkCalendar) -> date:
    return calendar.next_workday_on_or_after(awarded_on + timedelta(days=RULES[kind].contract_days))


def committee_problem(size: int, experts: int) -> str | None:
    """Why a committee of `size` members, `experts` of them from the pool, is
    not allowed (招标投标法 art. 37: five or more, odd, experts ≥ 2/3), or None."""
    if size < COMMITTEE_MIN:
        return "trading_committee_too_small"
    if size % 2 == 0:
        return "trading_committee_even"
    if experts > size or experts * 3 < size * 2:
        return "trading_committee_experts_short"
    return None

"""The administrative penalty clock (行政处罚法 2021): pure, no Django; built
on `xiaoneng.core.workdays` (the start day is not counted; a deadline falls
at the end of its day).

Working days or calendar days, as the law says
----------------------------------------------
Art. 85: "本法中'二日''三日''五日''七日'的规定是指工作日，不含法定节假日". So
the defence and hearing request window (5), the hearing notice (7), service
(7) and the on-the-spot cash hand-over and banking (2 + 2) count working days
on the city's calendar, holidays honoured and make-up days counted. The
decision limit (90 days, art. 60) and the payment period (15 days, art. 66)
are calendar days; the payment period is the party's, so when its last day
is not a working day it ends on the next one (民法典 art. 203, as the courts
count a party's period). Registration (立案) is decided within 15 working
days of the clue, once extendable by 15 (市场监督管理行政处罚程序规定
art. 18). Publication within 7 working days of the decision (国办发〔2018〕118号).

The late-payment surcharge (art. 72): 3 % of the fine for each day after the
payment due day, never more than the fine itself.

The time bar (art. 36): a violation not discovered within two years (five
where it endangered life, health or financial security with harm) is not
penalised; counted from the day the conduct ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from xiaoneng.core.workdays import WorkCalendar

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PenaltyRules:
    register_workdays: int = 15
    register_extension_max: int = 15  # working days, once
    decision_days: int = 90  # calendar days (art. 60)
    defence_workdays: int = 5  # art. 64 ¶1 (1), art. 85
    hearing_notice_workdays: int = 7  # art. 64 ¶1 (2)
    service_workdays: int = 7  # art. 61
    payment_days: int = 15  # calendar days (art. 66)
    publish_workdays: int = 7
    handover_workdays: int = 2  # art. 71
    bank_workdays: int = 2  # art. 71
    surcharge_percent: int = 3  # a day (art. 72)


RULES = PenaltyRules()


def register_due(
    found_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES, extension: int = 0
) -> date:
    """The last day to decide whether to register the clue found on `found_on`."""
    return calendar.add_workdays(found_on, rules.register_workdays + extension)


def decision_due(registered_on: date, rules: PenaltyRules = RULES, extension_days: int = 0) -> date:
    """The last day of the decision limit: 90 calendar days from registration
    (the registration day not counted), plus approved extensions."""
    return registered_on + timedelta(days=rules.decision_days + extension_days)


def defence_until(notified_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    """The last day to state, defend and ask for a hearing after the notice."""
    return calendar.add_workdays(notified_on, rules.defence_workdays)


def hearing_earliest(
    hearing_notified_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES
) -> date:
    """The earliest day a hearing may be held: the notice must come at least 7
    working days before it, so 7 working days must lie between (the notice
    day not counted) — the hearing is on the day after the 7th at the earliest."""
    return calendar.add_workdays(hearing_notified_on, rules.hearing_notice_workdays) + timedelta(
        days=1
    )


def service_due(decided_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    return calendar.add_workdays(decided_on, rules.service_workdays)


def payment_due(served_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    """15 calendar days from service; a last day off work moves to the next working day."""
    return calendar.next_workday_on_or_after(served_on + timedelta(days=rules.payment_days))


def publish_due(decided_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    return calendar.add_workdays(decided_on, rules.publish_workdays)


def handover_due(collected_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    """On-the-spot cash reaches the body within 2 working days of collection."""
    return calendar.add_workdays(collected_on, rules.handover_workdays)


def bank_due(handed_over_on: date, calendar: WorkCalendar, rules: PenaltyRules = RULES) -> date:
    """The body pays the cash into the designated bank within 2 working days."""
    return calendar.add_workdays(handed_over_on, rules.bank_workdays)


def surcharge(fine: Decimal, due: date, paid_on: date, rules: PenaltyRules = RULES) -> Decimal:
    """3 % of the fine for each day paid after `due`, at most the fine (art. 72)."""
    late_days = max(0, (paid_on - due).days)
    raw = fine * rules.surcharge_percent * late_days / 100
    return min(fine, raw).quantize(CENT, rounding=ROUND_HALF_UP)


def _years_later(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def time_barred(ended_on: date, found_on: date, *, grave: bool = False) -> bool:
    """Whether a violation that ended on `ended_on` and was found on
    `found_on` is past the time bar (two years; five where grave)."""
    return found_on > _years_later(ended_on, 5 if grave else 2)

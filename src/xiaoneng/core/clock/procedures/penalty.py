"""The administrative penalty clock (行政处罚法 2021): the date rules and the
`PENALTY` procedure on the one clock engine (`core.clock.fold`). Pure, no
Django; the start day is not counted, a deadline falls at the end of its day.

``compute(events, calendar, rules=RULES, today=None) -> PenaltyState`` folds
``Event(kind, on, days=0, imposes=None)`` in the order they happened. Codes:
the engine's shared ones (closed: ``penalty_case_closed``), then ERROR_CODES.

Days. Art. 85 makes the law's 2/3/5/7 days working days (defence window 5,
hearing notice 7, service 7, cash hand-over and banking 2 + 2); 立案 takes 15
working days, once extendable by 15 (市场监督管理行政处罚程序规定 art. 18), and
publication 7 (国办发〔2018〕118号). The decision limit (90, art. 60) and
payment (15, art. 66) are calendar days: payment is the party's period, so a
last day off work moves to the next working day (民法典 art. 203, as the
courts count it); the decision limit is the body's own and does not move.
Surcharge (art. 72): 3 % of the fine a day after the due day, at most the
fine. Time bar (art. 36): two years from the end of the conduct, five if grave.

The procedure. ``found`` → CLUE (``register_extended`` once, on or before the
due day in force); ``registered`` → INVESTIGATING (``decision_due`` + each
``decision_extended``) or ``not_registered`` (closed). ``notified`` (art. 44)
→ NOTIFIED; a new notice (heavier, art. 45) restarts the window and voids the
earlier waiver and hearing. ``defence_waived`` → DECIDING;
``hearing_requested`` (within the window, art. 64) → HEARING;
``hearing_notified``; ``hearing_held`` (7 working days later) or
``hearing_waived`` → DECIDING. ``decided`` → DECIDED, ``imposes`` FINE
(published, paid; the default), PENALTY (警告, 吊销…: published) or NOTHING
(不予处罚, 移送: served only); a penalty needs a notice (art. 62).
``decided_before_defence`` is told, not refused (the action refuses): a
penalty decided on or before ``defence_until`` without a waiver, or with a
hearing requested, neither held nor waived. ``served`` → SERVED; ``paid`` →
PAID; ``published`` once, after a penalty; ``closed`` after registration
(a decision served first). Simple procedure (art. 51–52):
``decided_on_the_spot`` (a warning or a fine) on the day of ``found`` is
handed over then (``service_due`` is that day): ``found``,
``decided_on_the_spot`` and ``served`` on one day is the whole case.

``due``/``due_step``: CLUE → "register"; INVESTIGATING … DECIDING →
"decision"; then the earliest still open of "service", "publish" and, after
service, the party's "payment" (its lapse is the body's cue to urge,
行政强制法 art. 35, 54); on a tie the body's step first. ``late``: the body's
steps done after their due day. ``light``: the engine's (3 warning days);
NONE once closed or when nothing runs.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, NoReturn

from xiaoneng.core.clock.fold import AlertLevel, Procedure, fold, light
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar

CENT = Decimal("0.01")

ERROR_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_events": "没有案件事件",
        "not_a_date": "事件日期必须是日期（date）",
        "unknown_event": "未知的事件类型",
        "not_received": "第一个事件必须是发现线索",
        "already_found": "已经登记发现线索",
        "date_backwards": "事件日期早于前一事件",
        "today_before_last_event": "当前日期早于最后一个事件",
        "unexpected_days": "只有延长立案期限、延长决定期限可以带天数",
        "unexpected_imposes": "只有处罚决定可以写明处理结果",
        "penalty_case_closed": "案件已结案或不予立案",
        "not_allowed": "当前环节不能进行此操作",
        "extension_already_granted": "立案期限只能延长一次",
        "extension_not_positive": "延长天数必须大于 0",
        "extension_exceeds_limit": "延长立案期限超过上限",
        "extension_too_late": "期限已届满，不能再延长",
        "not_notified": "未告知拟作出的行政处罚，不得作出处罚决定（第六十二条）",
        "hearing_request_late": "已超过要求听证的期限（告知后五个工作日内，第六十四条）",
        "hearing_not_notified": "未通知听证的时间、地点，不能举行听证",
        "hearing_too_early": "听证通知须在举行听证七个工作日前送达（第六十四条）",
        "not_on_the_spot": "当场处罚须在发现违法行为的当日作出（第五十一条）",
        "nothing_imposed": "当场处罚决定须给予警告或者罚款（第五十一条）",
        "not_served": "处罚决定书尚未送达",
        "nothing_to_pay": "处罚决定没有罚款，无需缴纳",
        "nothing_to_publish": "不予处罚的决定不作行政处罚决定公示",
        "already_published": "处罚决定已经公示",
        "rules_invalid": "时限规则无效",
    }
)


class PenaltyClockError(DomainError):
    """An impossible event sequence of a penalty case; `code` is one of
    ERROR_CODES (HTTP 409)."""

    status = 409
    code = "penalty_clock_error"

    def __init__(self, code: str, message: str | None = None, *, detail: Any = None) -> None:
        super().__init__(message or ERROR_CODES.get(code, code), code=code, detail=detail)


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
    warning_days: int = 3  # the yellow light: this many working days left

    def __post_init__(self) -> None:
        bad = [n for n in self.__slots__ if type(v := getattr(self, n)) is not int or v < 0]
        if bad:
            raise PenaltyClockError("rules_invalid", detail={"fields": bad})


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


def months_later(d: date, months: int) -> date:
    """The day `months` months on; a day the month lacks falls to its last (29 Feb + 12)."""
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, month + 1, min(d.day, monthrange(year, month + 1)[1]))


def time_barred(ended_on: date, found_on: date, *, grave: bool = False) -> bool:
    """Whether a violation that ended on `ended_on` and was found on
    `found_on` is past the time bar (two years; five where grave)."""
    return found_on > months_later(ended_on, 12 * (5 if grave else 2))


# --- the procedure on the clock engine -------------------------------------------


class EventKind(StrEnum):
    FOUND = "found"  # 发现线索
    REGISTER_EXTENDED = "register_extended"  # 延长立案期限（days，工作日）
    REGISTERED = "registered"  # 立案
    NOT_REGISTERED = "not_registered"  # 不予立案
    DECISION_EXTENDED = "decision_extended"  # 延长决定期限（days，日）
    NOTIFIED = "notified"  # 告知拟作出的行政处罚
    DEFENCE_WAIVED = "defence_waived"  # 书面放弃陈述申辩和听证
    HEARING_REQUESTED = "hearing_requested"  # 要求听证
    HEARING_NOTIFIED = "hearing_notified"  # 通知听证时间、地点
    HEARING_HELD = "hearing_held"  # 举行听证
    HEARING_WAIVED = "hearing_waived"  # 撤回听证申请或者无正当理由不到场
    DECIDED = "decided"  # 作出决定（imposes）
    DECIDED_ON_THE_SPOT = "decided_on_the_spot"  # 简易程序当场作出决定（imposes）
    SERVED = "served"  # 决定书送达
    PAID = "paid"  # 罚款缴清
    PUBLISHED = "published"  # 处罚决定公示
    CLOSED = "closed"  # 结案


class Imposes(StrEnum):
    """What a decision leaves to do after service."""

    FINE = "fine"  # a penalty with a fine: published, paid
    PENALTY = "penalty"  # a penalty without a fine (警告, 吊销…): published
    NOTHING = "nothing"  # 不予处罚, 移送: served only


class Phase(StrEnum):
    CLUE = "clue"  # 线索核查: register_due runs
    NOT_REGISTERED = "not_registered"  # closed
    INVESTIGATING = "investigating"  # 立案调查: decision_due runs
    NOTIFIED = "notified"  # 告知后陈述申辩期
    HEARING = "hearing"  # 听证 requested, not yet held or waived
    DECIDING = "deciding"  # the party's rights are spent (waived, heard)
    DECIDED = "decided"  # 待送达
    SERVED = "served"  # 待履行
    PAID = "paid"  # the fine paid
    CLOSED = "closed"  # 结案


CLOSED_PHASES: Final = frozenset({Phase.NOT_REGISTERED, Phase.CLOSED})
_UNDECIDED: Final = frozenset({Phase.INVESTIGATING, Phase.NOTIFIED, Phase.HEARING, Phase.DECIDING})
_DECIDED: Final = frozenset({Phase.DECIDED, Phase.SERVED, Phase.PAID})


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    on: date
    days: int = 0  # register_extended: working days; decision_extended: calendar days
    imposes: Imposes | None = None  # decisions only; None there means FINE


@dataclass(frozen=True, slots=True)
class PenaltyState:
    phase: Phase
    today: date | None
    simple: bool  # 简易程序
    found_on: date
    register_extension_days: int
    register_due: date | None  # None in the simple procedure
    registered_on: date | None
    decision_extension_days: int
    decision_due: date | None  # from registration; None in the simple procedure
    notified_on: date | None  # the latest notice
    notices: int
    defence_until: date | None
    defence_waived_on: date | None
    hearing_requested_on: date | None
    hearing_notified_on: date | None
    hearing_earliest: date | None
    hearing_held_on: date | None
    hearing_waived_on: date | None
    decided_on: date | None
    imposes: Imposes | None
    decided_before_defence: bool
    service_due: date | None
    served_on: date | None
    payment_due: date | None
    paid_on: date | None
    publish_due: date | None
    published_on: date | None
    closed_on: date | None
    late: tuple[str, ...]  # the body's steps done after their due day
    due: date | None  # the deadline running now (module docstring)
    due_step: str  # "register" | "decision" | "service" | "publish" | "payment" | ""
    remaining_workdays: int | None
    overdue: bool
    light: AlertLevel
    provisional: bool


def _fail(code: str, index: int, event: Event) -> NoReturn:
    on = event.on.isoformat() if isinstance(event.on, date) else repr(event.on)
    raise PenaltyClockError(code, detail={"index": index, "kind": str(event.kind), "on": on})


class _Fold:
    """The mutable state of one `compute` call (never escapes it)."""

    def __init__(self, found_on: date, rules: PenaltyRules, calendar: WorkCalendar) -> None:
        self.rules, self.calendar = rules, calendar
        self.found_on = self.previous = found_on
        self.phase, self.simple = Phase.CLUE, False
        self.register_extension = self.decision_extension = 0
        self.notices, self.before_defence = 0, False
        self.registered_on: date | None = None
        self.notified_on: date | None = None
        self.waived_on: date | None = None
        self.hearing_requested_on: date | None = None
        self.hearing_notified_on: date | None = None
        self.hearing_held_on: date | None = None
        self.hearing_waived_on: date | None = None
        self.decided_on: date | None = None
        self.imposes: Imposes | None = None
        self.service_due: date | None = None
        self.served_on: date | None = None
        self.paid_on: date | None = None
        self.published_on: date | None = None
        self.closed_on: date | None = None
        self.late: list[str] = []

    # --- the dates in force ---------------------------------------------------------

    def register_due(self) -> date:
        return register_due(self.found_on, self.calendar, self.rules, self.register_extension)

    def decision_due(self) -> date | None:
        registered = self.registered_on
        return registered and decision_due(registered, self.rules, self.decision_extension)

    def defence_until(self) -> date | None:
        return self.notified_on and defence_until(self.notified_on, self.calendar, self.rules)

    def publish_due(self) -> date | None:
        penalty = None if self.imposes is Imposes.NOTHING else self.decided_on
        return penalty and publish_due(penalty, self.calendar, self.rules)

    def payment_due(self) -> date | None:
        fined = self.served_on if self.imposes is Imposes.FINE else None
        return fined and payment_due(fined, self.calendar, self.rules)

    def _require(self, phases: frozenset[Phase], index: int, event: Event) -> None:
        if self.phase not in phases:
            _fail("not_allowed", index, event)

    # --- one handler per event kind, named after it; each checks its preconditions -

    def found(self, index: int, event: Event) -> None:
        _fail("already_found", index, event)

    def register_extended(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.CLUE}), index, event)
        if self.register_extension:
            _fail("extension_already_granted", index, event)
        if type(event.days) is not int or event.days <= 0:
            _fail("extension_not_positive", index, event)
        if event.days > self.rules.register_extension_max:
            _fail("extension_exceeds_limit", index, event)
        if event.on > self.register_due():
            _fail("extension_too_late", index, event)
        self.register_extension = event.days

    def registered(self, index: int, event: Event) -> None:
        self._register(index, event, Phase.INVESTIGATING)
        self.registered_on = event.on

    def not_registered(self, index: int, event: Event) -> None:
        self._register(index, event, Phase.NOT_REGISTERED)
        self.closed_on = event.on

    def _register(self, index: int, event: Event, phase: Phase) -> None:
        self._require(frozenset({Phase.CLUE}), index, event)
        if event.on > self.register_due():
            self.late.append("register")
        self.phase = phase

    def decision_extended(self, index: int, event: Event) -> None:
        self._require(_UNDECIDED, index, event)
        if type(event.days) is not int or event.days <= 0:
            _fail("extension_not_positive", index, event)
        due = self.decision_due()
        if due is not None and event.on > due:
            _fail("extension_too_late", index, event)
        self.decision_extension += event.days

    def notified(self, index: int, event: Event) -> None:
        """A notice, or a new one (art. 45: a heavier penalty needs it): the
        window starts again and the earlier waiver and hearing lapse with it."""
        self._require(_UNDECIDED, index, event)
        self.notified_on, self.notices = event.on, self.notices + 1
        self.waived_on = self.hearing_requested_on = self.hearing_notified_on = None
        self.hearing_held_on = self.hearing_waived_on = None
        self.phase = Phase.NOTIFIED

    def defence_waived(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.NOTIFIED}), index, event)
        self.waived_on, self.phase = event.on, Phase.DECIDING

    def hearing_requested(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.NOTIFIED}), index, event)
        until = self.defence_until()
        if until is not None and event.on > until:
            _fail("hearing_request_late", index, event)
        self.hearing_requested_on, self.phase = event.on, Phase.HEARING

    def hearing_notified(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.HEARING}), index, event)
        self.hearing_notified_on = event.on

    def hearing_held(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.HEARING}), index, event)
        if self.hearing_notified_on is None:
            _fail("hearing_not_notified", index, event)
        if event.on < hearing_earliest(self.hearing_notified_on, self.calendar, self.rules):
            _fail("hearing_too_early", index, event)
        self.hearing_held_on, self.phase = event.on, Phase.DECIDING

    def hearing_waived(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.HEARING}), index, event)
        self.hearing_waived_on, self.phase = event.on, Phase.DECIDING

    def decided(self, index: int, event: Event) -> None:
        self._require(_UNDECIDED, index, event)
        imposes = event.imposes or Imposes.FINE
        if imposes is not Imposes.NOTHING:  # not penalising harms no one's defence
            if self.notified_on is None:
                _fail("not_notified", index, event)
            until = self.defence_until()
            open_window = self.phase is Phase.NOTIFIED and until is not None and event.on <= until
            self.before_defence = open_window or self.phase is Phase.HEARING
        due = self.decision_due()
        if due is not None and event.on > due:
            self.late.append("decision")
        self._decide(event.on, imposes, service_due(event.on, self.calendar, self.rules))

    def decided_on_the_spot(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.CLUE}), index, event)
        if event.on != self.found_on:
            _fail("not_on_the_spot", index, event)
        imposes = event.imposes or Imposes.FINE
        if imposes is Imposes.NOTHING:
            _fail("nothing_imposed", index, event)
        self.simple = True
        self._decide(event.on, imposes, event.on)  # handed over on the spot (art. 52)

    def _decide(self, on: date, imposes: Imposes, service_due_on: date) -> None:
        self.decided_on, self.imposes, self.service_due = on, imposes, service_due_on
        self.phase = Phase.DECIDED

    def served(self, index: int, event: Event) -> None:
        self._require(frozenset({Phase.DECIDED}), index, event)
        if self.service_due is not None and event.on > self.service_due:
            self.late.append("service")
        self.served_on, self.phase = event.on, Phase.SERVED

    def paid(self, index: int, event: Event) -> None:
        if self.phase is Phase.DECIDED:
            _fail("not_served", index, event)
        self._require(frozenset({Phase.SERVED}), index, event)
        if self.imposes is not Imposes.FINE:
            _fail("nothing_to_pay", index, event)
        self.paid_on, self.phase = event.on, Phase.PAID

    def published(self, index: int, event: Event) -> None:
        self._require(_DECIDED, index, event)
        if self.imposes is Imposes.NOTHING:
            _fail("nothing_to_publish", index, event)
        if self.published_on is not None:
            _fail("already_published", index, event)
        due = self.publish_due()
        if due is not None and event.on > due:
            self.late.append("publish")
        self.published_on = event.on

    def closed(self, index: int, event: Event) -> None:
        if self.phase is Phase.DECIDED:
            _fail("not_served", index, event)
        self._require(_UNDECIDED | _DECIDED, index, event)
        self.closed_on, self.phase = event.on, Phase.CLOSED

    # --- the result -----------------------------------------------------------------

    def running(self) -> tuple[date | None, str]:
        """The deadline running now and its step (module docstring)."""
        if self.phase is Phase.CLUE:
            return self.register_due(), "register"
        if self.phase in _UNDECIDED:
            return self.decision_due(), "decision"
        if self.phase not in _DECIDED:
            return None, ""
        steps = (  # in this order on a tie: the body's own steps first
            ("service", None if self.served_on else self.service_due),
            ("publish", None if self.published_on else self.publish_due()),
            ("payment", None if self.paid_on else self.payment_due()),
        )
        running = [(due, rank, step) for rank, (step, due) in enumerate(steps) if due]
        if not running:
            return None, ""
        due, _, step = min(running)
        return due, step

    def state(self, today: date | None) -> PenaltyState:
        due, step = self.running()
        remaining, overdue, level = None, False, AlertLevel.NONE
        if today is not None and due is not None:
            remaining = self.calendar.workdays_between(today, due)
            overdue = today > due
            level = light(remaining, overdue, self.rules.warning_days)
        notice = self.hearing_notified_on
        dates = {
            "register_due": None if self.simple else self.register_due(),
            "decision_due": self.decision_due(),
            "defence_until": self.defence_until(),
            "hearing_earliest": notice and hearing_earliest(notice, self.calendar, self.rules),
            "service_due": self.service_due,
            "payment_due": self.payment_due(),
            "publish_due": self.publish_due(),
        }
        latest = max([self.previous, *(d for d in dates.values() if d is not None)])
        return PenaltyState(
            **dates,
            phase=self.phase,
            today=today,
            simple=self.simple,
            found_on=self.found_on,
            register_extension_days=self.register_extension,
            registered_on=self.registered_on,
            decision_extension_days=self.decision_extension,
            notified_on=self.notified_on,
            notices=self.notices,
            defence_waived_on=self.waived_on,
            hearing_requested_on=self.hearing_requested_on,
            hearing_notified_on=notice,
            hearing_held_on=self.hearing_held_on,
            hearing_waived_on=self.hearing_waived_on,
            decided_on=self.decided_on,
            imposes=self.imposes,
            decided_before_defence=self.before_defence,
            served_on=self.served_on,
            paid_on=self.paid_on,
            published_on=self.published_on,
            closed_on=self.closed_on,
            late=tuple(self.late),
            due=due,
            due_step=step,
            remaining_workdays=remaining,
            overdue=overdue,
            light=level,
            provisional=self.calendar.span_is_provisional(self.found_on, latest),
        )


Handler = Callable[[_Fold, int, Event], None]
_DECISIONS: Final = frozenset({EventKind.DECIDED, EventKind.DECIDED_ON_THE_SPOT})


def _handler(kind: EventKind) -> Handler:
    """The `_Fold` method named after the kind; only a decision says what it
    imposes (``unexpected_imposes``)."""
    method: Handler = getattr(_Fold, kind.value)
    if kind in _DECISIONS:
        return method

    def plain(run: _Fold, index: int, event: Event) -> None:
        if event.imposes is not None:
            _fail("unexpected_imposes", index, event)
        method(run, index, event)

    return plain


PENALTY: Final[Procedure[_Fold, Event, PenaltyRules, PenaltyState]] = Procedure(
    name="penalty",
    opening=EventKind.FOUND,
    handlers=MappingProxyType({kind: _handler(kind) for kind in EventKind}),
    closed=CLOSED_PHASES,
    closed_code="penalty_case_closed",
    error=PenaltyClockError,
    begin=_Fold,
    finish=_Fold.state,
    days_kinds=frozenset({EventKind.REGISTER_EXTENDED, EventKind.DECISION_EXTENDED}),
)


def compute(
    events: Sequence[Event],
    calendar: WorkCalendar,
    rules: PenaltyRules = RULES,
    today: date | None = None,
) -> PenaltyState:
    """Fold a case's events into its state. Raises PenaltyClockError (stable
    codes, see ERROR_CODES) for an impossible sequence."""
    if events and events[0].imposes is not None:  # the opening has no handler of its own
        _fail("unexpected_imposes", 0, events[0])
    return fold(PENALTY, events, rules, calendar, today)

"""The disclosure-request clock (政府信息公开条例 2019, art. 30–33): the
`DISCLOSURE` procedure on the one clock engine (`core.clock.fold`); pure, no
Django; built on `xiaoneng.core.workdays` (the start day is not counted; a
deadline falls at the end of its day).

``compute(events, calendar, rules=Rules(), today=None) -> State`` folds a
request's dated events, in the order they happened, into its deadlines.
The shared checks (dates, order, closed phases — here ``request_closed`` —,
``today``) are the engine's; the rules below are this procedure's.

Rules encoded
-------------
Receipt (art. 31). RECEIVED is dated with the day the law counts as receipt:
in person → the day it is handed in; by post → the day the agency signs for
it (plain letters: the day the office confirms with the requester); online or
by fax → the day the agency confirms receipt. The channel rule lives in
`received_on_for` below; the clock starts from the date it gives.

Answer (art. 33 ¶1). ``answer_due = add(base, 20 + extension + consultation)``
with ``base`` the receipt date, or the correction's receipt (art. 30). An
answer on the spot is the receipt day itself.

Correction (art. 30). A request that is unclear gets **one** correction
notice (补正告知, ``correction_already_requested``), due within 7 working
days of receipt: a later notice is recorded with ``correction_late`` (a
violation), not refused. While the requester corrects, no deadline runs on
the agency (phase CORRECTING, no light). CORRECTED on C restarts the answer
period: ``base = C`` (the 20 days count from the correction's receipt). The
requester has ``correction_days`` (a reasonable period the agency sets;
default 15) to correct: ``correction_due = add(notice, correction_days)``;
ABANDONED (视为放弃申请) only after that day (``correction_period_running``).
A correction notice comes before any consultation or extension
(``correction_not_allowed``).

Consultation (art. 32, art. 33 ¶2). Written consultation of a third party
(15 working days for its opinion: ``consult_due = add(S, 15)``) or of another
agency: the time it takes **is not counted**. A consultation from S to T
(the opinion received, or the third party's time run out) adds
``workdays_between(S, T)`` to the answer period. While one is open the clock
is paused, like a suspended case: ``answer_due`` is computed as if it ended
``today`` and the light stays what it was on S (``paused_due``). One at a
time (``already_consulting``); ANSWERED needs it ended first
(``still_consulting``).

Extension (art. 33 ¶1). Once (``extension_already_granted``), 1 … 20 working
days (``extension_not_positive``, ``extension_exceeds_limit``), approved by
the head of the disclosure office (the app's permission), granted on or
before the due date in force (``extension_too_late``).

Closed: ANSWERED, WITHDRAWN (by the requester, any time before the answer),
ABANDONED.

Light. ``remaining_workdays = workdays_between(today, due)``; ``overdue =
today > due`` (frozen at S while consulting); NONE when closed or while
waiting for the correction; WARNING when remaining ≤ ``warning_days``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, NoReturn

from xiaoneng.core.clock.fold import AlertLevel, Procedure, fold
from xiaoneng.core.clock.fold import light as running_light
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar

ANSWER_DAYS: Final = 20  # art. 33 ¶1
MAX_EXTENSION_DAYS: Final = 20  # art. 33 ¶1
CORRECTION_NOTICE_DAYS: Final = 7  # art. 30
THIRD_PARTY_DAYS: Final = 15  # art. 32


class EventKind(StrEnum):
    RECEIVED = "received"  # 收到申请（第三十一条确定的日期）
    CORRECTION_REQUESTED = "correction_requested"  # 一次性告知补正
    CORRECTED = "corrected"  # 收到补正后的申请
    CONSULT_STARTED = "consult_started"  # 书面征求第三方或其他机关意见
    CONSULT_ENDED = "consult_ended"  # 意见收到或征求意见期满
    EXTENDED = "extended"  # 延长答复期限（days）
    ANSWERED = "answered"  # 作出答复
    WITHDRAWN = "withdrawn"  # 申请人撤回
    ABANDONED = "abandoned"  # 逾期不补正，视为放弃申请


class Phase(StrEnum):
    PROCESSING = "processing"
    CORRECTING = "correcting"
    CONSULTING = "consulting"
    ANSWERED = "answered"
    WITHDRAWN = "withdrawn"
    ABANDONED = "abandoned"


CLOSED: Final = frozenset({Phase.ANSWERED, Phase.WITHDRAWN, Phase.ABANDONED})


Light = AlertLevel  # the one light of every procedure (the old name, kept)


class Channel(StrEnum):
    IN_PERSON = "in_person"  # 当面提交
    POST = "post"  # 邮寄（需签收）
    PLAIN_LETTER = "plain_letter"  # 平常信函（无需签收）
    ONLINE = "online"  # 互联网
    FAX = "fax"  # 传真


def received_on_for(channel: str, *, submitted_on: date, confirmed_on: date | None) -> date | None:
    """Art. 31: the day the request counts as received. In person: the day it
    is handed in; by post: the day the agency signs for it (`confirmed_on`);
    a plain letter: the day the office confirms with the requester; online or
    by fax: the day the agency confirms receipt. None until that is known."""
    if channel == Channel.IN_PERSON:
        return submitted_on
    if channel in (Channel.POST, Channel.PLAIN_LETTER, Channel.ONLINE, Channel.FAX):
        if confirmed_on is not None and confirmed_on < submitted_on:
            raise ClockError("confirmed_before_submitted")
        return confirmed_on
    raise ClockError("channel_invalid", detail={"channel": channel})


ERROR_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_events": "没有申请事件",
        "not_a_date": "事件日期必须是日期（date）",
        "unknown_event": "未知的事件类型",
        "not_received": "第一个事件必须是收到申请",
        "already_received": "已经收到申请",
        "date_backwards": "事件日期早于前一事件",
        "today_before_last_event": "当前日期早于最后一个事件",
        "unexpected_days": "只有延长答复期限可以带天数",
        "request_closed": "申请已办结（已答复、撤回或视为放弃）",
        "correction_already_requested": "补正告知只能发出一次",
        "correction_not_allowed": "已征求意见或延期，不能再告知补正",
        "no_correction_requested": "未告知补正，不能登记补正",
        "awaiting_correction": "已告知补正，须先收到补正",
        "correction_period_running": "补正期限未届满，不能视为放弃申请",
        "already_consulting": "已有正在进行的征求意见",
        "not_consulting": "没有正在进行的征求意见",
        "still_consulting": "征求意见尚未结束",
        "not_processing": "申请不在办理中",
        "extension_already_granted": "延长答复期限只能批准一次",
        "extension_not_positive": "延长天数必须大于 0",
        "extension_exceeds_limit": "延长的期限最长不得超过 20 个工作日",
        "extension_too_late": "答复期限已届满，不能再延长",
        "rules_invalid": "时限规则无效",
        "channel_invalid": "提交方式不正确",
        "confirmed_before_submitted": "确认收到日期不能早于提交日期",
    }
)


class ClockError(DomainError):
    """An impossible event sequence; `code` is one of ERROR_CODES (HTTP 409)."""

    status = 409
    code = "disclosure_clock_error"

    def __init__(self, code: str, message: str | None = None, *, detail: Any = None) -> None:
        super().__init__(message or ERROR_CODES.get(code, code), code=code, detail=detail)


@dataclass(frozen=True, slots=True)
class Event:
    kind: EventKind
    on: date
    days: int = 0


@dataclass(frozen=True, slots=True)
class Rules:
    answer_days: int = ANSWER_DAYS
    max_extension_days: int = MAX_EXTENSION_DAYS
    correction_notice_days: int = CORRECTION_NOTICE_DAYS
    third_party_days: int = THIRD_PARTY_DAYS
    correction_days: int = 15
    warning_days: int = 3

    def __post_init__(self) -> None:
        for name in self.__slots__:
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                raise ClockError("rules_invalid", detail={"field": name, "value": repr(value)})


@dataclass(frozen=True, slots=True)
class State:
    phase: Phase
    today: date | None
    received_on: date
    base_on: date  # the answer period counts from here (receipt, or the correction's receipt)
    correction_notice_due: date
    correction_requested_on: date | None
    correction_late: bool
    correction_due: date | None  # the requester's deadline to correct
    corrected_on: date | None
    consult_days: int  # working days of ended consultations (not counted)
    consulting_since: date | None
    consult_due: date | None  # the third party's 15 working days, while consulting
    extension_days: int
    answer_due: date | None  # None while waiting for the correction
    paused_due: date | None  # while consulting: the due date as it stood on its start
    answered_on: date | None
    on_time: bool | None
    closed_on: date | None
    due: date | None  # the deadline running against the agency now
    remaining_workdays: int | None
    overdue: bool
    light: AlertLevel
    provisional: bool


def _fail(code: str, index: int, event: Event) -> NoReturn:
    on = event.on.isoformat() if isinstance(event.on, date) else repr(event.on)
    raise ClockError(code, detail={"index": index, "kind": str(event.kind), "on": on})


class _Fold:
    """The mutable state of one `compute` call (never escapes it)."""

    def __init__(self, received: date, rules: Rules, calendar: WorkCalendar) -> None:
        self.calendar, self.rules = calendar, rules
        self.received = self.base = self.previous = received
        self.notice_due = calendar.add_workdays(received, rules.correction_notice_days)
        self.phase = Phase.PROCESSING
        self.requested_on: date | None = None
        self.correction_late = False
        self.correction_due: date | None = None
        self.corrected_on: date | None = None
        self.consult_days = 0
        self.since: date | None = None
        self.consulted = False
        self.extension = 0
        self.extended = False
        self.answered_on: date | None = None
        self.closed_on: date | None = None

    def due_on(self, day: date) -> date:
        """The answer due date in force on `day` (an open consultation counted to `day`)."""
        cal = self.calendar
        open_days = cal.workdays_between(self.since, day) if self.since is not None else 0
        budget = self.rules.answer_days + self.extension + self.consult_days + open_days
        return cal.add_workdays(self.base, budget)

    # --- one handler per event kind; each checks its preconditions -----------

    def received_again(self, index: int, event: Event) -> None:
        _fail("already_received", index, event)

    def correction_requested(self, index: int, event: Event) -> None:
        if self.requested_on is not None:
            _fail("correction_already_requested", index, event)
        if self.phase is not Phase.PROCESSING or self.consulted or self.extended:
            _fail("correction_not_allowed", index, event)
        self.requested_on = event.on
        self.correction_late = event.on > self.notice_due
        self.correction_due = self.calendar.add_workdays(event.on, self.rules.correction_days)
        self.phase = Phase.CORRECTING

    def corrected(self, index: int, event: Event) -> None:
        if self.requested_on is None:
            _fail("no_correction_requested", index, event)
        if self.phase is not Phase.CORRECTING:
            _fail("not_processing", index, event)
        self.corrected_on = self.base = event.on
        self.phase = Phase.PROCESSING

    def consult_started(self, index: int, event: Event) -> None:
        if self.phase is Phase.CONSULTING:
            _fail("already_consulting", index, event)
        if self.phase is Phase.CORRECTING:
            _fail("awaiting_correction", index, event)
        self.since, self.consulted, self.phase = event.on, True, Phase.CONSULTING

    def consult_ended(self, index: int, event: Event) -> None:
        if self.phase is not Phase.CONSULTING or self.since is None:
            _fail("not_consulting", index, event)
        self.consult_days += self.calendar.workdays_between(self.since, event.on)
        self.since, self.phase = None, Phase.PROCESSING

    def extended_by(self, index: int, event: Event) -> None:
        if self.phase is Phase.CORRECTING:
            _fail("awaiting_correction", index, event)
        if self.extended:
            _fail("extension_already_granted", index, event)
        if type(event.days) is not int or event.days <= 0:
            _fail("extension_not_positive", index, event)
        if event.days > self.rules.max_extension_days:
            _fail("extension_exceeds_limit", index, event)
        if event.on > self.due_on(event.on):
            _fail("extension_too_late", index, event)
        self.extension, self.extended = event.days, True

    def answered(self, index: int, event: Event) -> None:
        if self.phase is Phase.CONSULTING:
            _fail("still_consulting", index, event)
        if self.phase is Phase.CORRECTING:
            _fail("awaiting_correction", index, event)
        self.answered_on = self.closed_on = event.on
        self.phase = Phase.ANSWERED

    def withdrawn(self, index: int, event: Event) -> None:
        if self.since is not None:  # the clock stopped for good at the withdrawal
            self.consult_days += self.calendar.workdays_between(self.since, event.on)
            self.since = None
        self.closed_on, self.phase = event.on, Phase.WITHDRAWN

    def abandoned(self, index: int, event: Event) -> None:
        if self.phase is not Phase.CORRECTING or self.correction_due is None:
            _fail("not_processing", index, event)
        if event.on <= self.correction_due:
            _fail("correction_period_running", index, event)
        self.closed_on, self.phase = event.on, Phase.ABANDONED

    # --- the result ---------------------------------------------------------------

    def light(self, today: date | None, due: date | None) -> tuple[int | None, bool, AlertLevel]:
        if today is None or due is None:
            return None, False, AlertLevel.NONE
        between = self.calendar.workdays_between
        if self.since is not None:  # paused: frozen as it stood when the consultation began
            paused_due = self.due_on(self.since)
            remaining, overdue = between(self.since, paused_due), self.since > paused_due
        else:
            remaining, overdue = between(today, due), today > due
        return remaining, overdue, running_light(remaining, overdue, self.rules.warning_days)

    def state(self, today: date | None) -> State:
        waiting_for_correction = self.requested_on is not None and self.corrected_on is None
        answer_due = paused_due = None
        if not waiting_for_correction:
            if self.since is None:
                answer_due = self.due_on(self.previous)
            else:
                paused_due = self.due_on(self.since)
                answer_due = self.due_on(today) if today is not None else None
        consult_due = (
            self.calendar.add_workdays(self.since, self.rules.third_party_days)
            if self.since is not None
            else None
        )
        on_time = self.answered_on <= answer_due if self.answered_on and answer_due else None
        due = answer_due if self.phase in (Phase.PROCESSING, Phase.CONSULTING) else None
        remaining, overdue, light = self.light(today, due)
        dates = (self.received, answer_due, paused_due, self.correction_due, self.previous)
        latest = max(d for d in dates if d)
        return State(
            phase=self.phase,
            today=today,
            received_on=self.received,
            base_on=self.base,
            correction_notice_due=self.notice_due,
            correction_requested_on=self.requested_on,
            correction_late=self.correction_late,
            correction_due=self.correction_due,
            corrected_on=self.corrected_on,
            consult_days=self.consult_days,
            consulting_since=self.since,
            consult_due=consult_due,
            extension_days=self.extension,
            answer_due=answer_due,
            paused_due=paused_due,
            answered_on=self.answered_on,
            on_time=on_time,
            closed_on=self.closed_on,
            due=due,
            remaining_workdays=remaining,
            overdue=overdue,
            light=light,
            provisional=self.calendar.span_is_provisional(self.received, latest),
        )


DISCLOSURE: Final[Procedure[_Fold, Event, Rules, State]] = Procedure(
    name="disclosure",
    opening=EventKind.RECEIVED,
    handlers={
        EventKind.RECEIVED: _Fold.received_again,
        EventKind.CORRECTION_REQUESTED: _Fold.correction_requested,
        EventKind.CORRECTED: _Fold.corrected,
        EventKind.CONSULT_STARTED: _Fold.consult_started,
        EventKind.CONSULT_ENDED: _Fold.consult_ended,
        EventKind.EXTENDED: _Fold.extended_by,
        EventKind.ANSWERED: _Fold.answered,
        EventKind.WITHDRAWN: _Fold.withdrawn,
        EventKind.ABANDONED: _Fold.abandoned,
    },
    closed=CLOSED,
    closed_code="request_closed",
    error=ClockError,
    begin=_Fold,
    finish=_Fold.state,
    days_kinds=frozenset({EventKind.EXTENDED}),
)


def compute(
    events: Sequence[Event],
    calendar: WorkCalendar,
    rules: Rules | None = None,
    today: date | None = None,
) -> State:
    """Fold a request's events into its state. Raises ClockError (stable
    codes, see ERROR_CODES) for an impossible sequence."""
    return fold(DISCLOSURE, events, rules or Rules(), calendar, today)

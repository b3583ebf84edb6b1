"""The case clock's vocabulary: events, rules, the computed state, errors.

See the package docstring (`xiaoneng.core.clock`) for the rules encoded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final

from xiaoneng.core.errors import DomainError


class EventKind(StrEnum):
    """What happened to a case; the value is the stored spelling."""

    RECEIVED = "received"  # 收件
    SUPPLEMENT_NOTICE = "supplement_notice"  # 一次性告知补正
    SUPPLEMENTED = "supplemented"  # 申请人补正完毕
    ACCEPTED = "accepted"  # 受理
    REFUSED = "refused"  # 不予受理 (refused at intake)
    SUSPENDED = "suspended"  # 特别程序，中止计时 (ALL art. 45)
    RESUMED = "resumed"  # 恢复计时
    EXTENDED = "extended"  # 延期 (days = granted working days)
    DECIDED = "decided"  # 作出决定
    DELIVERED = "delivered"  # 送达
    WITHDRAWN = "withdrawn"  # 申请人撤回


class Phase(StrEnum):
    """Where the case stands; it names the deadline running (`ClockState.due`)."""

    INTAKE = "intake"  # received; notice or acceptance due by notice_due
    SUPPLEMENTING = "supplementing"  # notice issued; waiting for the applicant, no deadline
    SUPPLEMENTED = "supplemented"  # materials complete; acceptance due by acceptance_due
    PROCESSING = "processing"  # accepted (or deemed); decision due by decision_due
    SUSPENDED = "suspended"  # accepted; clock paused (decision_due as if resumed today)
    DECIDED = "decided"  # decided; delivery due by delivery_due
    DELIVERED = "delivered"  # closed
    REFUSED = "refused"  # closed
    WITHDRAWN = "withdrawn"  # closed


CLOSED_PHASES: Final = frozenset({Phase.DELIVERED, Phase.REFUSED, Phase.WITHDRAWN})


# Stable error codes and their messages (the API shows `message`; clients key on `code`).
ERROR_CODES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "no_events": "没有办件事件",
        "not_a_date": "事件日期必须是日期（date），不能是日期时间",
        "unknown_event": "未知的事件类型",
        "not_received": "第一个事件必须是收件",
        "already_received": "已经收件，不能重复收件",
        "date_backwards": "事件日期早于前一事件",
        "today_before_last_event": "当前日期早于最后一个事件",
        "unexpected_days": "只有延期事件可以带天数",
        "supplement_notice_already_issued": "一次性告知只能发出一次",
        "intake_closed": "已受理、不予受理或已作出决定，受理环节已结束",
        "no_supplement_notice": "未发出补正告知，不能登记补正",
        "already_supplemented": "已经登记补正",
        "awaiting_supplement": "已发出补正告知，须先登记申请人补正",
        "already_accepted": "已经受理",
        "not_accepted": "尚未受理",
        "already_suspended": "已经中止计时",
        "not_suspended": "没有中止中的计时，不能恢复",
        "still_suspended": "计时中止中，须先恢复计时",
        "extension_already_granted": "延期只能批准一次",
        "extension_not_positive": "延期天数必须大于 0",
        "extension_exceeds_limit": "延期天数超过法定上限",
        "extension_after_limit": "办理期限已届满，不能再申请或批准延期（行政许可法第四十二条）",
        "already_decided": "已经作出决定",
        "not_decided": "尚未作出决定",
        "case_closed": "办件已办结（已送达、不予受理或已撤回）",
        "rules_invalid": "时限规则无效",
        "committed_exceeds_legal": "承诺时限不得超过法定时限",
        "today_required": "计算预警需要当前日期",
    }
)


class ClockError(DomainError):
    """An impossible event sequence or invalid rules; `code` is one of ERROR_CODES."""

    code = "clock_error"

    def __init__(self, code: str, message: str | None = None, *, detail: Any = None) -> None:
        super().__init__(message or ERROR_CODES.get(code, code), code=code, detail=detail)


@dataclass(frozen=True, slots=True)
class ClockEvent:
    """One dated event of a case. `days` only for EXTENDED (granted working days)."""

    kind: EventKind
    on: date
    days: int = 0


def _is_count(value: object) -> bool:
    return type(value) is int and value >= 0


@dataclass(frozen=True, slots=True)
class ClockRules:
    """The time limits of a case's item, in working days.

    `committed_days` (承诺时限) ≤ `legal_days` (法定时限, ALL art. 42: 20);
    `max_extension_days` (ALL art. 42: 10); `notice_window_days` (ALL art. 32: 5,
    also the acceptance window after supplementation); `delivery_days`
    (ALL art. 44: 10). Use `ClockRules.joint(...)` for joint handling.
    """

    committed_days: int
    legal_days: int = 20
    max_extension_days: int = 10
    notice_window_days: int = 5
    delivery_days: int = 10

    def __post_init__(self) -> None:
        for field in fields(self):
            name, value = field.name, getattr(self, field.name)
            if not _is_count(value):
                raise ClockError(
                    "rules_invalid",
                    f"时限规则无效：{name} 必须是非负整数，实为 {value!r}",
                    detail={"field": name, "value": repr(value)},
                )
        if self.committed_days > self.legal_days:
            raise ClockError(
                "committed_exceeds_legal",
                detail={"committed_days": self.committed_days, "legal_days": self.legal_days},
            )

    @classmethod
    def joint(
        cls,
        committed_days: int,
        *,
        notice_window_days: int = 5,
        delivery_days: int = 10,
    ) -> ClockRules:
        """Joint, unified or centralised handling (联合/统一/集中办理, ALL art. 26,
        art. 42 ¶2): legal limit 45 working days, extension at most 15."""
        return cls(
            committed_days,
            legal_days=45,
            max_extension_days=15,
            notice_window_days=notice_window_days,
            delivery_days=delivery_days,
        )


@dataclass(frozen=True, slots=True)
class ClockState:
    """What `compute` knows about a case (dates are calendar days; every
    deadline falls at the end of its day, Asia/Shanghai)."""

    phase: Phase
    today: date | None  # the day the time-dependent fields are computed for
    received_on: date
    notice_due: date  # add_workdays(received_on, notice_window_days)
    notice_on: date | None  # the supplement notice, when one was issued
    notice_late: bool  # issued after notice_due (a violation)
    supplemented_on: date | None
    acceptance_due: date | None  # add_workdays(supplemented_on, window), on-time notice only
    acceptance_late: bool  # accepted after acceptance_due (a violation)
    accepted_on: date | None  # explicit acceptance, or received_on when deemed
    deemed_accepted: bool  # ALL art. 32: no notice by notice_due (a violation)
    suspended_days: int  # Σ workdays_between(S, T) over closed suspensions
    suspended_since: date | None  # start of the open suspension
    paused_due: date | None  # while paused: the decision due date as it stood on suspended_since
    extension_days: int
    decision_due: date | None
    decided_on: date | None
    on_time: bool | None  # decided_on <= decision_due, once decided
    early: bool | None  # decided_on < decision_due, once decided
    delivery_due: date | None  # add_workdays(decided_on, delivery_days)
    delivered_on: date | None
    delivery_on_time: bool | None
    closed_on: date | None  # delivered, refused or withdrawn on
    due: date | None  # the deadline running now (see Phase)
    remaining_workdays: int | None  # workdays_between(today, due); frozen while paused
    used_workdays: int | None  # working days of the decision clock used so far
    overdue: bool  # the running deadline is past (frozen at the suspension while paused)
    provisional: bool  # a counted span touches a year without an official schedule

    @property
    def closed(self) -> bool:
        return self.phase in CLOSED_PHASES

    @property
    def paused(self) -> bool:
        return self.phase is Phase.SUSPENDED

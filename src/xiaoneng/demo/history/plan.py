"""The plan of a demo history: for each case, the steps it will take and the
day of each, drawn from a seeded random generator and the working-day
calendar. Pure (no Django): the same seed, calendar and end day give the
same plan. `generator.py` then plays the plan through the real actions.

The mix (shares of the cases; each draw is independent):

- intake: 3 % refused at the window, 12 % one-time notice (一次性告知) then
  supplement and acceptance (a tenth of those never supplement), 1 % left
  without notice or decision past the 5-working-day window (deemed accepted
  by the scheduled task), the rest accepted on the day or within 2 working
  days; instant items (即办件) are accepted and finished on the spot;
- processing: 3 % withdrawn, 8 % suspended for a special procedure (ALL art.
  45), 6 % extended once (approved by the head), parallel items' opinions
  (15 % of them late);
- the decision: 45 % early (with working days to spare), 37 % on the due
  day, 12 % a few working days late, 3 % stalled for weeks; 10 % denied;
  delivery mostly within 3 working days, 2 % after the 10-day window;
- 60 % of delivered cases rated (when the ratings app is installed).

Steps that fall after the end day are dropped, so the cases received in the
last weeks (and the stalled ones) are still open on the end day, at every
stage, some warning and some overdue.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

# The order of a case's steps on the same day.
ORDER = {
    "submit": 0,
    "notice": 1,
    "supplement": 2,
    "accept": 3,
    "refuse": 3,
    "suspend": 4,
    "request_extension": 5,
    "resume": 6,
    "approve_extension": 7,
    "opinion": 8,
    "withdraw": 9,
    "decide": 10,
    "deliver": 11,
    "rate": 12,
}
PROCEDURES = ("expert_review", "inspection", "testing", "appraisal", "hearing")
MISSING = (
    "申请书未签字盖章",
    "营业执照复印件不清晰",
    "法定代表人身份证明缺失",
    "场地使用证明未提供",
    "可行性研究报告缺少附件",
    "环境影响评价文件不完整",
)
APPLICANT_HEADS = ("张掖市", "甘州区", "临泽县", "高台县", "山丹县", "民乐县", "肃南县")
APPLICANT_WORDS = (
    "祁连",
    "丹霞",
    "黑河",
    "湿地",
    "绿洲",
    "金张掖",
    "甘泉",
    "焉支",
    "大佛寺",
    "七彩",
    "马蹄",
    "平山湖",
)
APPLICANT_TRADES = (
    "农业科技有限公司",
    "商贸有限责任公司",
    "建筑工程有限公司",
    "餐饮管理有限公司",
    "旅游开发有限公司",
    "制种有限公司",
    "医药连锁有限公司",
    "文化传媒有限公司",
    "物流有限公司",
    "新能源有限公司",
)


class Calendar(Protocol):
    def add_workdays(self, d: date, n: int) -> date: ...
    def is_workday(self, d: date) -> bool: ...


@dataclass(frozen=True)
class ItemSpec:
    """What the plan needs of a catalog item."""

    code: str
    department: str  # department code
    instant: bool
    committed_days: int
    max_extension_days: int
    co_departments: tuple[tuple[str, int], ...] = ()  # (department code, opinion days)


@dataclass(frozen=True)
class Step:
    day: date
    op: str
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class CasePlan:
    index: int
    item: ItemSpec
    applicant: str
    steps: list[Step]
    scenario: str


def item_weight(item: ItemSpec) -> float:
    """Instant items are the common ones; parallel approvals the rare ones."""
    if item.instant:
        return 3.0
    if item.co_departments:
        return 1.0
    return 2.0


def workdays_in(calendar: Calendar, start: date, end: date) -> list[date]:
    days = []
    d = start
    while d <= end:
        if calendar.is_workday(d):
            days.append(d)
        d += timedelta(days=1)
    return days


def plan_history(
    *,
    seed: int,
    cases: int,
    start: date,
    end: date,
    items: list[ItemSpec],
    calendar: Calendar,
    rate: bool = True,
) -> list[CasePlan]:
    """Plan `cases` cases received on working days in [start, end], a little
    more each month (demand grows), each cut at `end`. The last few (when
    there are at least 20) are the showcase (`showcase`): one case in each
    state of the desk on the end day, and one of each closing path."""
    rng = random.Random(seed)  # noqa: S311 - demo data, reproducible by design
    days = workdays_in(calendar, start, end)
    if not days or not items:
        return []
    show = showcase(calendar, end, items) if cases >= 20 else []
    show = [(d, i, f) for d, i, f in show if d >= start]
    weights = [1.0 + 0.6 * i / len(days) for i in range(len(days))]
    drawn = rng.choices(days, weights=weights, k=cases - len(show))
    item_weights = [item_weight(i) for i in items]
    chosen: list[tuple[date, ItemSpec | None, dict[str, Any]]] = [(d, None, {}) for d in drawn]
    chosen += show
    chosen.sort(key=lambda c: c[0])
    plans = []
    for index, (day, forced_item, force) in enumerate(chosen):
        item = rng.choices(items, weights=item_weights)[0]
        item = forced_item or item
        head, word = rng.choice(APPLICANT_HEADS), rng.choice(APPLICANT_WORDS)
        applicant = f"{head}{word}{rng.choice(APPLICANT_TRADES)}"
        steps, scenario = _plan_case(rng, calendar, item, day, rate, force)
        kept = sorted((s for s in steps if s.day <= end), key=lambda s: (s.day, ORDER[s.op]))
        plans.append(CasePlan(index, item, applicant, kept, scenario))
    return plans


def showcase(
    cal: Calendar, end: date, items: list[ItemSpec]
) -> list[tuple[date, ItemSpec, dict[str, Any]]]:
    """Fixed scenarios, placed relative to the end day: (received, item, forced draws)."""
    single = [i for i in items if not i.instant and not i.co_departments and i.max_extension_days]
    parallel = [i for i in items if i.co_departments]
    instant = [i for i in items if i.instant]
    if not single:
        return []
    item = min(single, key=lambda i: (i.committed_days, i.code))
    c = max(item.committed_days, 1)
    add = cal.add_workdays
    end = add(add(end, 1), -1)  # the last working day on or before the end day
    out: list[tuple[date, ItemSpec, dict[str, Any]]] = [
        # Closed paths, in the first months.
        (add(end, -200), item, {"intake": "refuse"}),
        (add(end, -190), item, {"intake": "accept", "processing": "withdraw"}),
        (add(end, -180), item, {"intake": "deemed", "outcome": "late"}),
        (
            add(end, -170),
            item,
            {"intake": "notice", "processing": "suspend+extend", "outcome": "early"},
        ),
        (add(end, -160), item, {"intake": "accept", "outcome": "late", "deliver": 12}),
        # Open on the end day, one per state.
        (end, item, {"intake": "accept", "accept_delay": 1}),  # received
        (add(end, -2), item, {"intake": "notice", "notice_delay": 0, "supplement_delay": 9}),
        (
            add(end, -3),
            item,
            {"intake": "notice", "notice_delay": 0, "supplement_delay": 3, "accept_delay": 1},
        ),  # supplemented
        (add(end, -(c - 1)), item, {"intake": "accept", "accept_delay": 0, "outcome": "late"}),
        (add(end, -(c + 8)), item, {"intake": "accept", "accept_delay": 0, "outcome": "stalled"}),
        (
            add(end, -3),
            item,
            {"intake": "accept", "accept_delay": 0, "processing": "suspend", "suspend_at": 1},
        ),
        (
            add(end, -c),
            item,
            {"intake": "accept", "accept_delay": 0, "outcome": "due_day", "deliver": 2},
        ),  # decided
    ]
    if parallel:
        p = min(parallel, key=lambda i: (i.committed_days, i.code))
        out.append((add(end, -150), p, {"intake": "accept", "late_opinion": True}))
    if instant:
        out.append((add(end, -140), instant[0], {"intake": "accept"}))
    return out


def _plan_case(
    rng: random.Random,
    cal: Calendar,
    item: ItemSpec,
    received: date,
    rate: bool,
    force: dict[str, Any],
) -> tuple[list[Step], str]:
    """One case's steps and its scenario name. The random draws happen in a
    fixed order (intake, withdrawal, suspension, extension, opinions,
    outcome), so a seed always plans the same history."""
    add = cal.add_workdays
    steps = [Step(received, "submit")]
    intake = _intake(rng, cal, item, received, force, steps)
    if isinstance(intake, str):
        return steps, intake
    accepted, ready, scenario = intake
    if item.instant:
        _deliver_and_rate(rng, cal, steps, accepted, rate, force)
        return steps, scenario

    committed = max(item.committed_days, 1)
    roll = rng.random()
    if "withdraw" in force.get("processing", "") or (not force and roll < 0.03):
        steps.append(
            Step(add(ready, rng.randint(1, committed)), "withdraw", {"reason": "申请人撤回申请"})
        )
        return steps, "withdrawn"
    last = ready
    suspended, resumed = _suspension(rng, cal, ready, committed, force, steps)
    if resumed is not None:
        last = resumed
        scenario += "+suspended"
    extension, approved = _extension(rng, cal, item, (accepted, ready), suspended, force, steps)
    if approved is not None:
        last = max(last, approved)
        scenario += "+extended"
    last = max([last, *_opinions(rng, cal, item, accepted, ready, force, steps)])
    due = add(accepted, committed + extension + suspended)
    decided, outcome = _decide(rng, cal, due, last, committed, force, steps)
    _deliver_and_rate(rng, cal, steps, decided, rate, force)
    return steps, f"{scenario}:{outcome}"


def _intake(
    rng: random.Random,
    cal: Calendar,
    item: ItemSpec,
    received: date,
    force: dict[str, Any],
    steps: list[Step],
) -> tuple[date, date, str] | str:
    """The window's answer: refused or abandoned (the scenario, the case
    closed), else (accepted on, the first day the department acts, scenario)."""
    add = cal.add_workdays
    roll = rng.random()
    intake = force.get("intake") or (
        "refuse"
        if roll < 0.03
        else "notice"
        if roll < 0.15
        else "deemed"
        if roll < 0.16 and not item.instant
        else "accept"
    )
    if intake == "refuse":
        steps.append(
            Step(add(received, rng.choice((0, 0, 1))), "refuse", {"reason": _refusal(rng)})
        )
        return "refused"
    if intake == "notice":
        notice = add(received, force.get("notice_delay", rng.choice((0, 0, 1, 2))))
        missing = rng.sample(MISSING, rng.randint(1, 3))
        steps.append(Step(notice, "notice", {"missing": missing}))
        if rng.random() < 0.1 and not force:
            # The applicant never comes back: closed by withdrawal a month on.
            steps.append(
                Step(add(notice, rng.randint(15, 30)), "withdraw", {"reason": "申请人未补正"})
            )
            return "abandoned"
        supplemented = add(notice, force.get("supplement_delay", rng.randint(1, 8)))
        steps.append(Step(supplemented, "supplement"))
        accepted = add(supplemented, force.get("accept_delay", rng.choice((0, 0, 1))))
        steps.append(Step(accepted, "accept"))
        return accepted, accepted, "notice"
    if intake == "deemed":
        # No notice and no decision in 5 working days: deemed accepted as of
        # receipt by the scheduled task (apply_deemed_acceptances).
        return received, add(received, 6), "deemed"
    delay = 0 if item.instant else rng.choice((0, 0, 0, 1, 2))
    accepted = add(received, force.get("accept_delay", delay))
    steps.append(Step(accepted, "accept"))
    return accepted, accepted, "instant" if item.instant else "accepted"


def _suspension(
    rng: random.Random,
    cal: Calendar,
    ready: date,
    committed: int,
    force: dict[str, Any],
    steps: list[Step],
) -> tuple[int, date | None]:
    """A special procedure (ALL art. 45) for some cases: its working days
    and the day the clock resumes (None when there is none)."""
    add = cal.add_workdays
    roll = rng.random()
    if not ("suspend" in force.get("processing", "") or (not force and roll < 0.08)):
        return 0, None
    since = add(ready, force.get("suspend_at", rng.randint(1, max(1, committed // 2))))
    length = rng.randint(3, 15)
    until = add(since, length)
    steps.append(
        Step(since, "suspend", {"procedure": rng.choice(PROCEDURES), "expected_days": length})
    )
    steps.append(Step(until, "resume"))
    return length, until


def _extension(
    rng: random.Random,
    cal: Calendar,
    item: ItemSpec,
    started: tuple[date, date],
    suspended: int,
    force: dict[str, Any],
    steps: list[Step],
) -> tuple[int, date | None]:
    """An extension for some cases of items that allow one: its working days
    and the day it was approved (0 and None when there is none). `started`
    is (accepted on, the first day the department acts)."""
    add = cal.add_workdays
    accepted, ready = started
    committed = max(item.committed_days, 1)
    roll = rng.random()
    wanted = "extend" in force.get("processing", "") or (not force and roll < 0.06)
    if not (item.max_extension_days and wanted):
        return 0, None
    extension = rng.randint(1, item.max_extension_days)
    asked = add(ready, rng.randint(max(1, committed // 2), committed))
    approved = add(asked, rng.choice((0, 1)))
    # Both before the limit runs out (ALL art. 42): the law extends a limit
    # that cannot be met, not one already missed.
    last_day = add(accepted, committed + suspended)
    if ready > last_day:
        return 0, None
    asked, approved = min(asked, last_day), min(approved, last_day)
    steps.append(Step(asked, "request_extension", {"days": extension}))
    steps.append(Step(approved, "approve_extension"))
    return extension, approved


def _opinions(
    rng: random.Random,
    cal: Calendar,
    item: ItemSpec,
    accepted: date,
    ready: date,
    force: dict[str, Any],
    steps: list[Step],
) -> list[date]:
    """Each co-signing department's opinion (some late); the days given."""
    add = cal.add_workdays
    given_on = []
    for code, limit in item.co_departments:
        due = add(accepted, limit)
        late = rng.random() < 0.15 or force.get("late_opinion", False)
        given = add(due, rng.randint(1, 4)) if late else add(accepted, rng.randint(1, limit))
        agrees = rng.random() < 0.95
        steps.append(Step(max(given, ready), "opinion", {"department": code, "agrees": agrees}))
        given_on.append(given)
    return given_on


def _decide(
    rng: random.Random,
    cal: Calendar,
    due: date,
    last: date,
    committed: int,
    force: dict[str, Any],
    steps: list[Step],
) -> tuple[date, str]:
    """The decision: early, on the due day, late or stalled, never before the
    last step; approved for most. Returns its day and the outcome's name."""
    add = cal.add_workdays
    roll = rng.random()
    drawn = "early" if roll < 0.45 else "due_day" if roll < 0.82 else "late"
    outcome = force.get("outcome") or ("stalled" if roll >= 0.97 else drawn)
    if outcome == "early":
        decided = add(due, -rng.randint(1, max(1, committed // 2 + 1)))
    elif outcome == "due_day":
        decided = due
    elif outcome == "late":
        decided = add(due, rng.randint(1, 6))
    else:
        decided = add(due, rng.randint(10, 40))
    decided = max(decided, last)
    if rng.random() < 0.1 and not force:
        steps.append(Step(decided, "decide", {"decision": "denied", "reason": _denial(rng)}))
    else:
        steps.append(Step(decided, "decide", {"decision": "approved"}))
    return decided, outcome


def _deliver_and_rate(
    rng: random.Random,
    cal: Calendar,
    steps: list[Step],
    decided: date,
    rate: bool,
    force: dict[str, Any],
) -> None:
    if steps[-1].op != "accept":  # an instant item is delivered by its acceptance
        r = rng.random()
        after = 0 if r < 0.3 else rng.randint(1, 3) if r < 0.9 else rng.randint(4, 9)
        if r >= 0.98:
            after = rng.randint(11, 14)
        after = force.get("deliver", after)
        decided = cal.add_workdays(decided, after)
        steps.append(Step(decided, "deliver"))
    if rate and rng.random() < 0.6:
        level = rng.choices((1, 2, 3, 4, 5), weights=(70, 20, 6, 3, 1))[0]
        steps.append(Step(cal.add_workdays(decided, rng.randint(0, 5)), "rate", {"level": level}))


def _refusal(rng: random.Random) -> str:
    return rng.choice(
        (
            "申请事项不属于本机关职权范围，请向有权机关申请",
            "申请事项依法不需要取得行政许可",
            "申请人不具备申请资格",
        )
    )


def _denial(rng: random.Random) -> str:
    return rng.choice(
        (
            "经审查，申请人不符合法定条件。申请人如不服，可依法申请行政复议或者提起行政诉讼",
            "现场核查与申请材料不符。申请人如不服，可依法申请行政复议或者提起行政诉讼",
            "专家评审未通过。申请人如不服，可依法申请行政复议或者提起行政诉讼",
        )
    )

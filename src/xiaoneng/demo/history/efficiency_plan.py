"""The plan of the demo history's year of efficiency work (效能投诉、明察暗访、
问责): what happens on which day, drawn from its own seeded random generator
(never the cases' one, so the cases part of a history is the same with or
without it). Pure (no Django); `efficiency.py` plays it through the real
actions.

- complaints (≈ 50 a year): every channel (online anonymous and named,
  hotline, letter, visit, Open311 from one registered outside system);
  substantiated, partly and unsubstantiated, with explanations by the
  accused departments' heads; declined, transferred to a competent body, one
  duplicate merged, one extension approved by the centre's head, one
  re-examined, a few late (accept, explanation, conclusion) so the card sweep
  gives cards; callbacks and complainants' ratings;
- two check rounds (a plan with its team, approved; findings of every kind
  across units, notified, some published; rectification reports — one
  returned then verified, one late);
- accountability cases of each measure, from a substantiated complaint, a
  check finding, a red card (when the history has one) and directly: the
  statement, the decision (or the referral and its registered result),
  service, one appeal decided, the 限期改正 tracked to closure.

Every step is an `Act` on a working day; steps after the end day are dropped.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .plan import Calendar, workdays_in

CHANNELS = ("online_anonymous", "online_named", "hotline", "letter", "visit", "open311")
CATEGORIES = (
    "inaction",
    "misconduct",
    "delay",
    "buck_passing",
    "obstruction",
    "rudeness",
    "bribery",
    "fees",
    "absence",
    "idling",
    "execution",
)
# The random stories and their weights; the forced ones make sure each appears.
STORIES = {
    "substantiated": 22,
    "partly": 14,
    "unsubstantiated": 34,
    "declined": 10,
    "transferred": 10,
    "late_accept": 4,
    "late_explain": 3,
    "late_conclude": 3,
}
FORCED = (
    # (story, where in the span 0..1)
    ("substantiated", 0.12),  # → 诫勉谈话, appealed
    ("partly", 0.30),  # → 限期改正
    ("unsubstantiated", 0.05),
    ("declined", 0.08),
    ("transferred", 0.10),
    ("merged", 0.20),
    ("extended", 0.40),
    ("late_accept", 0.50),
    ("late_explain", 0.55),
    ("late_conclude", 0.65),
    ("reexamined", 0.86),
)
FINDING_KINDS = ("absence", "games", "chatting", "attitude", "bribery", "other")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
GIVEN = ("建国", "淑芬", "志刚", "红梅", "玉珍", "海军", "桂兰", "永福", "晓燕", "春生")


@dataclass(frozen=True)
class Act:
    day: date
    seq: int  # the order of the acts of one day
    op: str
    key: str  # the thing acted on: "c3" a complaint, "p1" a plan, "f1.2" a finding, "a4" a case
    args: dict[str, Any] = field(default_factory=dict)


class Planner:
    def __init__(self, rng: random.Random, cal: Calendar, days: list[date], end: date) -> None:
        self.rng, self.cal, self.days, self.end = rng, cal, days, end
        self.acts: list[Act] = []
        self.concluded: dict[str, date] = {}  # complaint key → the day concluded

    def at(self, frac: float) -> date:
        return self.days[min(len(self.days) - 1, max(0, int(frac * len(self.days))))]

    def add(self, day: date, n: int) -> date:
        return self.cal.add_workdays(day, n)

    def act(self, day: date, op: str, key: str, **args: Any) -> None:
        if day <= self.end:
            self.acts.append(Act(day, len(self.acts), op, key, args))


def plan_efficiency(
    *, seed: int, start: date, end: date, departments: list[str], calendar: Calendar
) -> list[Act]:
    """The acts of the efficiency year in [start, end], in the order played."""
    rng = random.Random(f"efficiency:{seed}")  # noqa: S311 - demo data, reproducible by design
    days = workdays_in(calendar, start, end)
    if len(days) < 10 or not departments:
        return []
    p = Planner(rng, calendar, days, end)
    p.act(days[0], "issue_key", "sys")
    _complaints(p, departments)
    findings = _check_rounds(p, departments)
    _cases(p, departments, findings)
    return sorted(p.acts, key=lambda a: (a.day, a.seq))


# --- complaints ------------------------------------------------------------------------


def _complaints(p: Planner, departments: list[str]) -> None:
    n = max(len(FORCED), round(len(p.days) * 48 / 245))
    drawn = [
        (p.rng.choices(list(STORIES), weights=list(STORIES.values()))[0], p.rng.random() * 0.97)
        for _ in range(n - len(FORCED))
    ]
    stories = sorted([*FORCED, *drawn], key=lambda s: s[1])
    for index, (story, frac) in enumerate(stories):
        key = f"c{index}"
        matter = _matter(p.rng, departments, index)
        received = p.at(frac)
        if story == "merged":
            matter = {**matter, "channel": "hotline"}
            p.act(received, "submit", key, **matter)
            _handle(p, key, p.add(received, 1), "partly")
            dup = f"c{index}d"
            p.act(
                p.add(received, 1),
                "submit",
                dup,
                **{**matter, "title": "再次反映：" + matter["title"]},
            )
            p.act(p.add(received, 2), "merge", dup, into=key)
            continue
        p.act(received, "submit", key, **matter)
        _story(p, key, story, received)
    _recent(p, departments, len(stories))


def _recent(p: Planner, departments: list[str], first: int) -> None:
    """The last working days' complaints (the desk and the big screen's month
    have some): one concluded substantiated on the last working day after a
    one-day explanation, two still waiting for acceptance."""
    if len(p.days) < 5:
        return
    key = f"c{first}"
    p.act(p.days[-4], "submit", key, **_matter(p.rng, departments, first))
    p.act(p.days[-4], "accept", key)
    p.act(p.days[-3], "request_explanation", key)
    p.act(p.days[-2], "submit_explanation", key)
    p.act(p.days[-1], "conclude", key, outcome="substantiated")
    for n, day in ((1, p.days[-2]), (2, p.days[-1])):
        p.act(day, "submit", f"c{first + n}", **_matter(p.rng, departments, first + n))


def _matter(rng: random.Random, departments: list[str], index: int) -> dict[str, Any]:
    channel = CHANNELS[index % len(CHANNELS)]
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    return {
        "channel": channel,
        "category": rng.choice(CATEGORIES),
        "department": rng.choice(departments),
        "name": name,
        "phone": f"139{rng.randint(10000000, 99999999)}",
        "title": rng.choice(
            (
                "窗口工作人员办事推诿",
                "多次往返仍未办结",
                "工作时间擅离岗位",
                "服务态度生硬",
                "要求提供无依据的证明材料",
                "办理时限超过承诺",
            )
        ),
    }


def _story(p: Planner, key: str, story: str, received: date) -> None:
    rng, add = p.rng, p.add
    if story == "declined":
        p.act(add(received, rng.randint(0, 2)), "decline", key)
        return
    if story == "transferred":
        p.act(add(received, rng.randint(1, 3)), "transfer", key)
        return
    delay = 10 if story == "late_accept" else rng.choice((0, 1, 1, 2, 3))
    accepted = add(received, delay)
    outcome = {
        "substantiated": "substantiated",
        "partly": "partly",
        "extended": "partly",
        "late_explain": "substantiated",
        "late_conclude": "partly",
    }.get(story, "unsubstantiated")
    if story in ("late_accept", "reexamined"):
        outcome = "substantiated" if story == "late_accept" else "unsubstantiated"
    _handle(p, key, accepted, outcome, story)


def _handle(p: Planner, key: str, accepted: date, outcome: str, story: str = "") -> None:
    """Accepted, explained (when the facts need the department's word),
    concluded; then a callback or the complainant's rating, or a re-examination."""
    rng, add = p.rng, p.add
    p.act(accepted, "accept", key)
    last = accepted
    if outcome != "unsubstantiated" or rng.random() < 0.4 or story == "reexamined":
        asked = add(accepted, 1)
        p.act(asked, "request_explanation", key)
        last = add(asked, 8 if story == "late_explain" else rng.randint(1, 4))
        p.act(last, "submit_explanation", key)
    concluded = add(accepted, rng.randint(8, 14))
    if story == "extended":
        p.act(add(accepted, 12), "request_extension", key, days=10)
        p.act(add(accepted, 13), "approve_extension", key)
        concluded = add(accepted, 21)
    elif story == "late_conclude":
        concluded = add(accepted, 19)
    concluded = max(concluded, add(last, 1))
    p.act(concluded, "conclude", key, outcome=outcome)
    p.concluded[key] = concluded
    if story == "reexamined":
        p.act(add(concluded, 3), "request_reexamination", key)
        p.act(add(concluded, 10), "conclude_reexamination", key, outcome="partly")
        p.act(add(concluded, 12), "callback", key, satisfaction=2)
        return
    roll = rng.random()
    level = rng.choices((1, 2, 3, 4, 5), weights=(40, 30, 15, 10, 5))[0]
    if roll < 0.5:
        p.act(add(concluded, rng.randint(1, 3)), "callback", key, satisfaction=level)
    elif roll < 0.8:
        p.act(add(concluded, rng.randint(1, 5)), "rate", key, satisfaction=level)


# --- check rounds ----------------------------------------------------------------------


def _check_rounds(p: Planner, departments: list[str]) -> list[str]:
    """Two rounds; the keys of the findings (in order) for the cases to use."""
    keys: list[str] = []
    for r, frac in ((1, 0.22), (2, 0.62)):
        plan = f"p{r}"
        made = p.at(frac)
        targets = sorted(p.rng.sample(departments, min(4, len(departments))))
        period = (p.add(made, 2), p.add(made, 12))
        p.act(made, "create_plan", plan, round=r, targets=targets, period=period)
        p.act(made, "add_member", plan, user="supervisor", leader=True)
        p.act(made, "add_member", plan, user="inspector", leader=False)
        p.act(p.add(made, 1), "approve_plan", plan)
        for j, dept in enumerate(targets):
            key = f"f{r}.{j}"
            seen = p.add(period[0], j * 2)
            kind = FINDING_KINDS[(r * 3 + j) % len(FINDING_KINDS)]
            p.act(p.add(seen, 1), "record_finding", key, plan=plan, dept=dept, kind=kind, seen=seen)
            notified = p.add(seen, 2)
            p.act(notified, "notify_finding", key)
            if j % 2 == 0:
                p.act(p.add(notified, 1), "publish_finding", key)
            _rectify(p, key, notified, "returned" if j == 1 else "late" if j == 2 else "")
            keys.append(key)
        p.act(p.add(period[1], 25), "close_plan", plan)
    return keys


def _rectify(p: Planner, key: str, notified: date, how: str) -> None:
    """The unit's report (due 10 working days after the notice) and the check of it."""
    reported = p.add(notified, 14 if how == "late" else p.rng.randint(4, 9))
    p.act(reported, "submit_rectification", key)
    if how == "returned":
        p.act(p.add(reported, 1), "return_rectification", key)
        reported = p.add(reported, 4)
        p.act(reported, "submit_rectification", key, again=True)
    p.act(p.add(reported, 2), "verify_rectification", key)


# --- accountability --------------------------------------------------------------------


def _cases(p: Planner, departments: list[str], findings: list[str]) -> None:
    """One case of each measure: (key, measure, source kind, source key, opened)."""
    subst = _forced_key(p, "substantiated")
    partly = _forced_key(p, "partly")
    plans = [
        ("a1", "admonition", "complaint", subst, p.add(p.concluded.get(subst, p.days[0]), 3)),
        ("a2", "circulated_criticism", "finding", findings[0], None),
        (
            "a3",
            "rectification_order",
            "complaint",
            partly,
            p.add(p.concluded.get(partly, p.days[0]), 3),
        ),
        ("a4", "resignation", "direct", "", p.at(0.45)),
        ("a5", "discipline", "card", "", p.at(0.70)),
    ]
    for key, measure, kind, source, planned in plans:
        opened = _finding_day(p, source) if kind == "finding" else planned
        if opened is None:
            continue
        dept = p.rng.choice(departments)
        p.act(opened, "open_case", key, measure=measure, kind=kind, source=source, dept=dept)
        _procedure(p, key, measure, opened, appeal=key == "a1")


def _forced_key(p: Planner, story: str) -> str:
    """The complaint planned for the forced story (the first so planned)."""
    for act in p.acts:
        if act.op == "conclude" and act.args.get("outcome") == story:
            return act.key
    return ""


def _finding_day(p: Planner, key: str) -> date | None:
    for act in p.acts:
        if act.key == key and act.op == "notify_finding":
            return p.add(act.day, 3)
    return None


def _procedure(p: Planner, key: str, measure: str, opened: date, *, appeal: bool) -> None:
    add = p.add
    p.act(add(opened, 1), "request_statement", key)
    p.act(add(opened, 3), "submit_statement", key)
    p.act(add(opened, 5), "propose", key, measure=measure)
    if measure in ("resignation", "discipline"):
        p.act(add(opened, 6), "refer", key)
        decided = add(opened, 10)
        p.act(decided, "register_result", key)
        window = 25  # the personnel appeal window: not less than 30 days
    else:
        decided = add(opened, 6)
        p.act(decided, "decide", key)
        window = 16
    served = add(decided, 2)
    p.act(served, "serve", key)
    last = served
    if appeal:
        p.act(add(served, 3), "appeal", key)
        last = add(served, 6)
        p.act(last, "decide_appeal", key)
    if measure == "rectification_order":
        p.act(add(served, 7), "report_order", key)
        last = add(served, 9)
        p.act(last, "verify_order", key)
    p.act(max(last, add(served, window)) if not appeal else add(last, 1), "close_case", key)

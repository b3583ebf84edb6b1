"""Which step of a penalty case may follow which, and what a decision needs
(行政处罚法 2021). Pure: the actions and the case page hand in the case's
status or its `Facts`, this module answers.

The statuses a step may be taken in (`STEPS`): evidence is gathered from the
clue until the decision (art. 54–55); the intended penalty is notified once
the case is registered (art. 44), again before the decision if it changes
(a heavier one needs a new notice, art. 45); the hearing runs from its
request to its record (art. 64); the legality review (art. 58) between the
notice and the decision; the decision (art. 57) after the notice — a
decision not to penalise needs none — and the service (art. 61) after it.

What a penalty decision needs (`decision_missing`): the notice (art. 62),
the defence period over or waived in writing (art. 44–45, 62), a requested
hearing held or waived (art. 64–65), every statement of the party answered
(复核, art. 45), and a passed legality review when the case is major
(`review_grounds`, art. 58). The legality review is submitted only once the
defence period is over or waived (`defence_open`): a review during the
window would let the decision skip a hearing still to be asked for."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

CLUE = "clue"
NOT_REGISTERED = "not_registered"
INVESTIGATING = "investigating"
NOTIFIED = "notified"
HEARING = "hearing"
REVIEW = "review"
DECIDING = "deciding"
DECIDED = "decided"
SERVED = "served"

# A registered case before its decision.
REGISTERED_OPEN = frozenset({INVESTIGATING, NOTIFIED, HEARING, REVIEW, DECIDING})
# From the clue to the decision.
BEFORE_DECISION = frozenset({CLUE}) | REGISTERED_OPEN
# After the notice: the party's statements and waiver, before the decision.
AFTER_NOTICE = frozenset({NOTIFIED, HEARING, REVIEW, DECIDING})

STEPS: dict[str, frozenset[str]] = {
    "evidence": BEFORE_DECISION,
    "register": frozenset({CLUE}),
    "decline": frozenset({CLUE}),
    "extend_registration": frozenset({CLUE}),
    "extend_decision": REGISTERED_OPEN,
    "order_correction": BEFORE_DECISION,
    "record_correction": BEFORE_DECISION,
    "flag_major": REGISTERED_OPEN,
    # Not while a hearing or a review is under way: they are on the notice as it stands.
    "notify": frozenset({INVESTIGATING, NOTIFIED, DECIDING}),
    "statement": AFTER_NOTICE,
    "answer_statement": AFTER_NOTICE | {INVESTIGATING},
    "waiver": frozenset({NOTIFIED}),
    "request_hearing": frozenset({NOTIFIED}),
    "schedule_hearing": frozenset({HEARING}),
    "record_hearing": frozenset({HEARING}),
    "submit_review": frozenset({INVESTIGATING, NOTIFIED, DECIDING}),
    "review": frozenset({REVIEW}),
    # While a hearing runs the decision is refused by `decision_missing` (and recorded).
    "decide": frozenset({INVESTIGATING, NOTIFIED, HEARING, DECIDING}),
    "serve": frozenset({DECIDED}),
}

LABELS: dict[str, str] = {
    "evidence": "调查取证",
    "register": "立案",
    "decline": "不予立案",
    "extend_registration": "延长立案期限",
    "extend_decision": "延长办案期限",
    "order_correction": "责令改正",
    "record_correction": "登记改正情况",
    "flag_major": "确定为重大执法决定",
    "notify": "告知拟处罚",
    "statement": "陈述申辩",
    "answer_statement": "复核陈述申辩",
    "waiver": "书面放弃陈述申辩",
    "request_hearing": "申请听证",
    "schedule_hearing": "听证通知",
    "record_hearing": "听证笔录",
    "submit_review": "提请法制审核",
    "review": "法制审核",
    "decide": "作出决定",
    "serve": "送达决定书",
}

# Why a decision needs the legal office's review first (art. 58 ¶1).
REVIEW_GROUNDS: dict[str, str] = {
    "hearing_right": "当事人享有听证权利",
    "hearing_held": "经过听证程序",
    "major": "负责人确定为重大执法决定",
    "outside_benchmark": "罚款超出裁量基准",
}

# What a penalty decision still lacks, and whether the refusal is the
# supervision anomaly `decided_before_defence` (art. 62).
MISSING: dict[str, str] = {
    "notice": "尚未告知拟作出的行政处罚（第四十四条、第六十二条）",
    "defence": "陈述、申辩期限尚未届满，当事人也未书面放弃",
    "hearing": "当事人已要求听证，听证尚未举行或视为放弃",
    "statements": "当事人的陈述、申辩尚未复核（第四十五条）",
    "review": "重大执法决定须经法制审核通过（第五十八条）",
}
BEFORE_DEFENCE = frozenset({"defence", "hearing"})


def allowed(step: str, status: str) -> bool:
    """Whether `step` may be taken while the case is in `status`."""
    return status in STEPS[step]


@dataclass(frozen=True)
class Facts:
    """What the gates read of a case (built by `selectors.cases.facts_of`).

    `hearing` is the current notice's: "" (none asked for), "requested",
    "scheduled", "held" or "waived"; `review` the latest round of the
    current notice: "" (none), "pending", "passed" or "failed";
    `unanswered`: a statement of the party not yet answered (复核)."""

    status: str
    notified_on: date | None = None
    defence_until: date | None = None
    defence_waived_on: date | None = None
    hearing_right: bool = False
    hearing: str = ""
    major: bool = False
    outside_benchmark: bool = False
    review: str = ""
    unanswered: bool = False


def review_grounds(facts: Facts) -> list[str]:
    """Why the decision needs a passed legality review (empty: it does not)."""
    grounds = []
    if facts.hearing_right:
        grounds.append("hearing_right")
    if facts.hearing == "held":
        grounds.append("hearing_held")
    if facts.major:
        grounds.append("major")
    if facts.outside_benchmark:
        grounds.append("outside_benchmark")
    return grounds


def review_required(facts: Facts) -> bool:
    return bool(review_grounds(facts))


def hearing_pending(facts: Facts) -> bool:
    return facts.hearing in ("requested", "scheduled")


def defence_open(facts: Facts, today: date) -> bool:
    """The party's period to state, defend and ask for a hearing still runs
    (its last day included) and was not waived in writing."""
    return (
        facts.defence_until is not None
        and today <= facts.defence_until
        and facts.defence_waived_on is None
    )


def decision_missing(facts: Facts, today: date, *, penalty: bool) -> list[str]:
    """What a decision taken today still lacks, in the law's order (keys of
    MISSING). A decision not to penalise needs no notice; only a case the
    head flagged major needs the review then."""
    if not penalty:
        return ["review"] if facts.major and facts.review != "passed" else []
    missing = []
    if facts.notified_on is None:
        return ["notice"]
    if defence_open(facts, today):
        missing.append("defence")
    if hearing_pending(facts):
        missing.append("hearing")
    if facts.unanswered:
        missing.append("statements")
    if review_required(facts) and facts.review != "passed":
        missing.append("review")
    return missing


def hearing_right(
    *,
    fine: Decimal | None,
    penalties: Iterable[str],
    threshold: Decimal,
    heavy: Iterable[str],
    confiscated: Decimal | None = None,
) -> bool:
    """Art. 63: a large fine or a large confiscation (at or above
    `threshold`, the figure for the party's kind, ¶1 (1)–(2)) or one of the
    `heavy` penalties (taking away a licence, restricting business:
    `models.HEARING_PENALTIES`)."""
    large = any(a is not None and a >= threshold for a in (fine, confiscated))
    return large or bool(set(penalties) & set(heavy))


def within(low: Decimal, high: Decimal, amount: Decimal) -> bool:
    return low <= amount <= high

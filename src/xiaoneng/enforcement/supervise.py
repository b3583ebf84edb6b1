"""What the supervision bureau sees of enforcement, found by the daily sweep
(`tasks.enforcement_sweep`) from the stored dates (nothing re-derived but
the cash's 2 + 2 working days, art. 71):

- cards (yellow, then red) for overdue steps, like approvals' subjects:
  registration (立案, `register_due`), the decision (`decision_due`, 90 days
  plus extensions), service (`service_due`), publication (`publish_due`), and
  on-the-spot cash not handed over or not banked in time;
- anomalies, raised in bulk once per case and kind: `fine_not_remitted`
  (cash handed over or banked after its day, or not yet by it; a case marked
  paid with no bank serial behind it) and `repeated_penalties` (乱罚款: at
  least `enforcement.repeat_penalties` penalty decisions on the same party by
  the same body within `enforcement.repeat_window_days`). `check_repeated`
  is the one-case check the decision calls inside its own transaction,
  after the body's numbering lock."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.enforcement.common import subject
from xiaoneng.enforcement.gates import REGISTERED_OPEN
from xiaoneng.enforcement.models import (
    Outcome,
    PartyKind,
    Payment,
    PaymentChannel,
    PenaltyCase,
    Status,
)
from xiaoneng.enforcement.params import REPEAT_PENALTIES, REPEAT_WINDOW_DAYS
from xiaoneng.enforcement.selectors.money import cash_late, cash_step
from xiaoneng.supervision.actions.cards import CardRun
from xiaoneng.supervision.actions.subjects import (
    raise_subject_anomalies,
    raise_subject_anomaly,
    sweep_subject_cards,
)
from xiaoneng.supervision.models import Anomaly
from xiaoneng.supervision.subjects import Overdue
from xiaoneng.system.params import get_param

KIND = "penalty_case"
NOT_REMITTED = "fine_not_remitted"
REPEATED = "repeated_penalties"
SWEEP_CHUNK = 200  # findings raised per transaction
LOOKBACK_DAYS = 400  # decisions looked at for repeated penalties
CASH_LOOKBACK_DAYS = 60  # banked cash looked at again for a late hand-over or banking
# Registered and not yet decided: written once, in gates.
BEFORE_DECISION = REGISTERED_OPEN


# --- cards ---------------------------------------------------------------------------


def overdue_steps(today: date, calendar: WorkCalendar) -> Iterator[Overdue]:
    """Every step of an open case whose last day has passed, not yet done."""
    cases = PenaltyCase.objects.select_related("item").exclude(
        status__in=(Status.CLOSED, Status.NOT_REGISTERED)
    )
    steps: tuple[tuple[str, str, Q], ...] = (
        ("register", "register_due", Q(status=Status.CLUE)),
        ("decision", "decision_due", Q(status__in=BEFORE_DECISION)),
        ("service", "service_due", Q(status=Status.DECIDED, served_on=None)),
        (
            "publish",
            "publish_due",
            Q(outcome=Outcome.PENALTY, published_on=None) & ~Q(decided_on=None),
        ),
    )
    for step, field, condition in steps:
        late = cases.filter(condition, **{f"{field}__lt": today}).order_by("id")
        for case in late.iterator(chunk_size=1000):
            yield Overdue(subject(case), step, getattr(case, field))
    cash = Payment.objects.filter(
        channel=PaymentChannel.ON_THE_SPOT, banked_on=None
    ).select_related("case", "case__item")
    for payment in cash.order_by("id"):
        running = cash_step(payment, calendar)
        if running is not None and running[1] < today:
            yield Overdue(subject(payment.case), running[0], running[1])


def sweep_cards(today: date, calendar: WorkCalendar) -> CardRun:
    """Yellow and red cards for the overdue steps; cards of steps done are closed."""
    return sweep_subject_cards(kind=KIND, overdue=overdue_steps(today, calendar), today=today)


# --- anomalies -----------------------------------------------------------------------


def _flagged(kind: str) -> Any:
    """The cases already carrying the anomaly `kind`, as a subquery (one read)."""
    return Anomaly.objects.filter(
        case__isnull=True, subject_kind=KIND, subject_ref__isnull=False, kind=kind
    ).values("subject_ref")


def not_remitted(today: date, calendar: WorkCalendar) -> list[tuple[PenaltyCase, dict[str, Any]]]:
    """Cases whose fine did not reach the bank as the law requires."""
    flagged = _flagged(NOT_REMITTED)
    findings: dict[int, tuple[PenaltyCase, dict[str, Any]]] = {}
    cash = (
        Payment.objects.filter(channel=PaymentChannel.ON_THE_SPOT)
        .exclude(case_id__in=flagged)
        .filter(Q(banked_on=None) | Q(paid_on__gte=today - timedelta(days=CASH_LOOKBACK_DAYS)))
        .select_related("case", "case__item")
        .order_by("id")
    )
    for payment in cash:
        late = cash_late(payment, calendar, today)
        if late and payment.case_id not in findings:
            findings[payment.case_id] = (
                payment.case,
                {
                    "payment": payment.pk,
                    "receipt_no": payment.receipt_no,
                    "collected_on": payment.paid_on,
                    "handed_over_on": payment.handed_over_on,
                    "banked_on": payment.banked_on,
                    "late": late,
                },
            )
    banked = Payment.objects.filter(case=OuterRef("pk")).exclude(bank_serial="")
    on_the_spot = Payment.objects.filter(case=OuterRef("pk"), channel=PaymentChannel.ON_THE_SPOT)
    unbacked = (
        PenaltyCase.objects.select_related("item")
        .exclude(paid_on=None)
        .exclude(pk__in=flagged)
        .filter(~Exists(banked), ~Exists(on_the_spot))
        .order_by("id")
    )
    for case in unbacked:
        findings.setdefault(case.pk, (case, {"paid_on": case.paid_on, "bank_serial": None}))
    return list(findings.values())


def party_key(case: PenaltyCase) -> tuple[int, str, str]:
    """The same party before the same body: the credit code of an
    organisation, the ID digest of a person, else the name."""
    if case.party_kind == PartyKind.ORGANISATION and case.party_code:
        return case.body_id, "code", case.party_code.upper()
    if case.party_kind == PartyKind.PERSON and case.party_id_digest:
        return case.body_id, "id", case.party_id_digest
    return case.body_id, "name", "".join(case.party_name.split())


def _penalties(since: date, *narrower: Q, **fields: Any) -> list[PenaltyCase]:
    """Penalty decisions since `since`, without the sealed columns: nothing
    here reads them, and unsealing thousands of rows is most of the cost."""
    return list(
        PenaltyCase.objects.select_related("item")
        .defer("party_id_no", "party_phone", "party_address")
        .filter(*narrower, outcome=Outcome.PENALTY, decided_on__gte=since, **fields)
        .order_by("decided_on", "id")
    )


def _party_q(case: PenaltyCase) -> Q:
    """The rows that may share `case`'s `party_key`, narrowed in SQL (the key
    itself is compared in Python): by credit code, by ID digest, or — a party
    known only by name — the rows that have neither."""
    _, how, value = party_key(case)
    if how == "code":
        return Q(party_kind=PartyKind.ORGANISATION, party_code__iexact=value)
    if how == "id":
        return Q(party_kind=PartyKind.PERSON, party_id_digest=value)
    return Q(party_kind=PartyKind.ORGANISATION, party_code="") | Q(
        party_kind=PartyKind.PERSON, party_id_digest=""
    )


def _repeats(
    cases: Iterable[PenaltyCase], threshold: int, window: int
) -> Iterator[tuple[PenaltyCase, dict[str, Any]]]:
    """Each decision that is the `threshold`-th (or later) on its party by
    its body within `window` days ending on its own decision day."""
    by_party: dict[tuple[int, str, str], list[PenaltyCase]] = defaultdict(list)
    for case in cases:
        by_party[party_key(case)].append(case)
    for rows in by_party.values():
        for n, case in enumerate(rows):
            assert case.decided_on is not None
            start = case.decided_on - timedelta(days=window)
            within = [c for c in rows[: n + 1] if c.decided_on and c.decided_on >= start]
            if len(within) >= threshold:
                yield (
                    case,
                    {
                        "count": len(within),
                        "window_days": window,
                        "decisions": [c.decision_no or c.number for c in within],
                    },
                )


def repeated(today: date) -> list[tuple[PenaltyCase, dict[str, Any]]]:
    threshold, window = get_param(REPEAT_PENALTIES), get_param(REPEAT_WINDOW_DAYS)
    flagged = set(_flagged(REPEATED).values_list("subject_ref", flat=True))
    since = today - timedelta(days=max(LOOKBACK_DAYS, window))
    return [
        (case, evidence)
        for case, evidence in _repeats(
            _penalties(since - timedelta(days=window)), threshold, window
        )
        if case.pk not in flagged and case.decided_on and case.decided_on >= since
    ]


def check_repeated(case: PenaltyCase) -> bool:
    """At decision time: raise `repeated_penalties` on `case` when it is the
    threshold-th penalty on its party by its body within the window. True
    when raised now.

    Call it only inside the decision's own transaction, after the decision
    number was drawn (`numbering.next_number` locks the body's row): that
    lock serialises the body's decisions, so of two decisions on one party
    at once the second waits and then counts the first. Called outside it,
    two concurrent third penalties could each count two and neither raise."""
    if case.outcome != Outcome.PENALTY or case.decided_on is None:
        return False
    threshold, window = get_param(REPEAT_PENALTIES), get_param(REPEAT_WINDOW_DAYS)
    start = case.decided_on - timedelta(days=window)
    earlier = [
        c
        for c in _penalties(start, _party_q(case), body_id=case.body_id)
        if c.pk != case.pk and c.decided_on and c.decided_on <= case.decided_on
    ]
    for found, evidence in _repeats([*earlier, case], threshold, window):
        if found.pk == case.pk:
            return (
                raise_subject_anomaly(
                    subject=subject(case),
                    kind=REPEATED,
                    evidence=evidence,
                    found_on=case.decided_on,
                )
                is not None
            )
    return False


def raise_findings(
    kind: str, findings: list[tuple[PenaltyCase, dict[str, Any]]], today: date
) -> int:
    """The findings raised a chunk per transaction; the number raised."""
    raised = 0
    for start in range(0, len(findings), SWEEP_CHUNK):
        chunk = findings[start : start + SWEEP_CHUNK]
        with transaction.atomic(durable=True):
            raised += len(
                raise_subject_anomalies(
                    kind=kind,
                    findings=[(subject(case), evidence) for case, evidence in chunk],
                    found_on=today,
                )
            )
    return raised


def sweep(today: date) -> dict[str, int]:
    """The day's cards and anomalies (idempotent: a second run adds nothing)."""
    calendar = current_calendar()
    with transaction.atomic(durable=True):
        cards = sweep_cards(today, calendar)
    return {
        "yellow": cards.yellow,
        "red": cards.red,
        "closed": cards.closed,
        NOT_REMITTED: raise_findings(NOT_REMITTED, not_remitted(today, calendar), today),
        REPEATED: raise_findings(REPEATED, repeated(today), today),
    }

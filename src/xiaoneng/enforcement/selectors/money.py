"""Reads of the money part: what a fine comes to on a day (the fine, the
illegal gains the decision confiscated, and the late-payment surcharge of
行政处罚法 art. 72 — on the fine only), the cash collected on the
spot and its hand-over and banking days (art. 71), the finance desk's lists,
and the case page's section on payment, enforcement, publication and
closing (`money_context`). Every list is scoped by `common.cases_for`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.enforcement.common import (
    ACT,
    DECIDE,
    LEGALITY,
    PAYMENT,
    SUPERVISE,
    WARNING_WORKDAYS,
    cases_for,
    valid_certificates_q,
)
from xiaoneng.enforcement.models import (
    Certificate,
    ComplaintLink,
    Outcome,
    Payment,
    PaymentChannel,
    PenaltyCase,
    PenaltyKind,
    Procedure,
    Status,
)
from xiaoneng.org.authority import covers_department, has_perm
from xiaoneng.org.models import User
from xiaoneng.web.lights import Light, lit, unlit

if TYPE_CHECKING:
    from xiaoneng.core.workdays import WorkCalendar
    from xiaoneng.org.actor import Actor

# Statuses in which the party owes a served fine (enforcement keeps it owed).
OWING = (Status.SERVED, Status.ENFORCING)
# The grounds of collecting on the spot (stored on the payment by code).
GROUNDS: dict[str, str] = {
    "small": "依法给予一百元以下罚款（行政处罚法第六十八条第一项）",
    "hard_to_enforce": "不当场收缴事后难以执行（行政处罚法第六十八条第二项）",
    "remote": "边远、水上、交通不便地区，当事人向指定银行或者通过电子支付系统缴纳确有困难，"
    "经当事人提出（行政处罚法第六十九条）",
}
# 行政强制法 art. 53: no application to the court while the party may still
# seek reconsideration (60 days) or sue (6 months, 行政诉讼法 art. 46).
LITIGATION_MONTHS = 6
# 行政强制法 art. 54 and 69: ten (working) days after the reminder.
REMINDER_WORKDAYS = 10


ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Due:
    """What the party owes on `on`: the fine, the illegal gains confiscated
    (没收违法所得, paid like the fine: 罚没款), and the surcharge of art. 72."""

    fine: Decimal
    surcharge: Decimal
    payment_due: date | None
    on: date
    confiscated: Decimal = ZERO

    @property
    def principal(self) -> Decimal:
        """罚没款: what the decision itself took (a payment's `amount`)."""
        return self.fine + self.confiscated

    @property
    def total(self) -> Decimal:
        return self.principal + self.surcharge

    @property
    def parts(self) -> str:
        """罚款5000.00元，没收违法所得800.00元，加处罚款150.00元."""
        parts = [f"罚款{self.fine}元"]
        if self.confiscated:
            parts.append(f"没收违法所得{self.confiscated}元")
        parts.append(f"加处罚款{self.surcharge}元")
        return "，".join(parts)

    @property
    def late_days(self) -> int:
        return max(0, (self.on - self.payment_due).days) if self.payment_due else 0


def amount_due(case: PenaltyCase, on: date) -> Due:
    """The fine and the confiscated gains, plus 3 % of the fine for each day
    paid after `payment_due`, the surcharge never more than the fine
    (行政处罚法 art. 72 ¶1 (1): 加处罚款 is on 罚款, not on what was confiscated)."""
    fine = case.fine or ZERO
    extra = penalty.surcharge(fine, case.payment_due, on) if case.payment_due else ZERO
    return Due(
        fine=fine,
        surcharge=extra,
        payment_due=case.payment_due,
        on=on,
        confiscated=case.confiscated or ZERO,
    )


def grounds_for(case: PenaltyCase) -> dict[str, str]:
    """The grounds of collecting on the spot open to the case: art. 68 only
    for a decision made on the spot (art. 51), art. 69 for any."""
    if case.procedure == Procedure.SIMPLE:
        return GROUNDS
    return {"remote": GROUNDS["remote"]}


def deciding_side(actor: Actor | None, case: PenaltyCase) -> bool:
    """Whether the actor is of the deciding body's side: an officer or head
    of the body, or one who handled or decided the case. 罚缴分离 (art. 67):
    they never record the fine as paid through the bank."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    me = int(actor.pk or 0)
    if case.decided_by_id == me or case.officers.filter(pk=me).exists():
        return True
    return (has_perm(actor, ACT) or has_perm(actor, DECIDE)) and covers_department(
        actor, case.body_id
    )


def owes_money(case: PenaltyCase) -> bool:
    """A penalty decision with a fine or confiscated gains not yet paid."""
    return (
        case.outcome == Outcome.PENALTY
        and bool(case.fine or case.confiscated)
        and case.paid_on is None
    )


def publication_required(case: PenaltyCase) -> bool:
    """执法公示 (国办发〔2018〕118号): every penalty decision, on-the-spot ones
    too, within `publish_due` (the clock sets it for penalties only)."""
    return case.outcome == Outcome.PENALTY


def court_earliest(case: PenaltyCase, calendar: WorkCalendar) -> date | None:
    """The first day the body may ask the court to enforce: ten working days
    after the reminder (行政强制法 art. 54, 69), and not while the party may
    still seek reconsideration or sue (art. 53: the six months of 行政诉讼法
    art. 46 from service). None before a reminder."""
    if case.urged_on is None:
        return None
    after_reminder = calendar.add_workdays(case.urged_on, REMINDER_WORKDAYS) + timedelta(days=1)
    served = case.served_on or case.decided_on or case.urged_on
    after_remedies = penalty.months_later(served, LITIGATION_MONTHS) + timedelta(days=1)
    return max(after_reminder, after_remedies)


# --- cash collected on the spot ------------------------------------------------------


def cash_step(payment: Payment, calendar: WorkCalendar) -> tuple[str, date] | None:
    """The cash's running step and its last day: hand-over within 2 working
    days of collection, banking within 2 of the hand-over (art. 71); None
    once banked or for a bank payment."""
    if payment.channel != PaymentChannel.ON_THE_SPOT or payment.banked_on is not None:
        return None
    if payment.handed_over_on is None:
        return "handover", penalty.handover_due(payment.paid_on, calendar)
    return "bank", penalty.bank_due(payment.handed_over_on, calendar)


def cash_late(payment: Payment, calendar: WorkCalendar, today: date) -> list[str]:
    """The steps of the cash that missed their day (done late, or still not done)."""
    if payment.channel != PaymentChannel.ON_THE_SPOT:
        return []
    late = []
    handover = penalty.handover_due(payment.paid_on, calendar)
    if (payment.handed_over_on or today) > handover:
        late.append("handover")
    if payment.handed_over_on is not None:
        banked = penalty.bank_due(payment.handed_over_on, calendar)
        if (payment.banked_on or today) > banked:
            late.append("bank")
    return late


def due_light(due: date, today: date, calendar: WorkCalendar) -> Light:
    """Green while in time, yellow on the last `WARNING_WORKDAYS` working
    days (as the case lists), red past it."""
    level = AlertBounds.on(today, calendar, WARNING_WORKDAYS).level(due)
    return lit(level, calendar.workdays_between(today, due), due=due)


def cash_light(payment: Payment, today: date, calendar: WorkCalendar) -> Light:
    step = cash_step(payment, calendar)
    if step is None:
        return unlit("已缴入银行" if payment.banked_on else "—", due=None)
    return due_light(step[1], today, calendar)


# --- lists ---------------------------------------------------------------------------


def awaiting_payment(actor: Actor | None) -> QuerySet[PenaltyCase]:
    """Served fines not yet paid, the earliest due first."""
    return (
        cases_for(actor)
        .filter(status__in=OWING, outcome=Outcome.PENALTY, paid_on=None)
        .filter(Q(fine__gt=0) | Q(confiscated__gt=0))
        .order_by("payment_due", "id")
    )


def cash_awaiting(actor: Actor | None) -> QuerySet[Payment]:
    """Cash collected on the spot and not yet banked, in the actor's cases."""
    return (
        Payment.objects.filter(
            case__in=cases_for(actor), channel=PaymentChannel.ON_THE_SPOT, banked_on=None
        )
        .select_related("case", "case__body")
        .order_by("paid_on", "id")
    )


def payments_of(case: PenaltyCase) -> list[Payment]:
    return list(case.payments.select_related("recorded_by").order_by("paid_on", "id"))


def complaint_links(case: PenaltyCase) -> list[ComplaintLink]:
    return list(
        ComplaintLink.objects.filter(case=case)
        .select_related("complaint", "linked_by")
        .order_by("linked_on", "id")
    )


def case_by_reference(reference: str) -> PenaltyCase | None:
    """A case by its number (立案编号) or decision number, as a complaint or a
    bank receipt quotes it; None when none or several match."""
    ref = " ".join((reference or "").split())
    if not ref or len(ref) > MAX_REFERENCE:
        return None  # longer than any number: none matches (the columns hold 60)
    rows = list(PenaltyCase.objects.filter(decision_no=ref)[:2]) or list(
        PenaltyCase.objects.filter(number=ref)[:2]
    )
    return rows[0] if len(rows) == 1 else None


MAX_REFERENCE = 60


# --- what is missing before closing --------------------------------------------------

CLOSE_STEPS: dict[str, str] = {
    "decided": "作出处理决定",
    "served": "送达决定书",
    "paid": "缴清罚没款（或者申请人民法院强制执行）",
    "banked": "当场收缴的罚款缴入指定银行",
    "published": "公示行政处罚决定",
}


def close_missing(case: PenaltyCase) -> list[str]:
    """The steps (keys of CLOSE_STEPS) still missing before the case may be
    closed: decided and served; a fine and any confiscated gains paid (or
    the court asked to enforce) and any cash banked; a penalty published."""
    if case.decided_on is None or not case.outcome:
        return ["decided"]
    if case.outcome == Outcome.TRANSFER:
        return []  # 移送司法机关: the file goes to the judicial organ
    missing = [] if case.served_on else ["served"]
    if case.outcome == Outcome.PENALTY:
        if owes_money(case) and case.court_applied_on is None:
            missing.append("paid")
        cash = case.payments.filter(channel=PaymentChannel.ON_THE_SPOT, banked_on=None)
        if cash.exists():
            missing.append("banked")
        if publication_required(case) and case.published_on is None:
            missing.append("published")
    return missing


# --- the case page -------------------------------------------------------------------


def money_context(actor: Actor | None, case: PenaltyCase) -> dict[str, Any]:
    """What the case page's payment, enforcement, publication and closing
    section shows, as `{"money": {...}}`: merge it into the page's context
    (`{**context, **money_context(user, case)}`); the partial
    `enforcement/money/_case_money.html` reads `money` only (the case too).
    `case` must be one the actor may read (the page got it from `case_for`)."""
    today = timesource.today()
    calendar = current_calendar()
    own = deciding_side(actor, case)
    open_case = case.status not in (Status.CLOSED, Status.NOT_REGISTERED)
    owing = owes_money(case) and case.status in OWING
    rows = payments_of(case)
    can = _abilities(actor, case, rows, own=own, open_case=open_case, owing=owing)
    payments = [
        {
            "p": p,
            "ground": GROUNDS.get(p.on_the_spot_ground, ""),
            "light": cash_light(p, today, calendar),
        }
        for p in rows
    ]
    return {
        "money": {
            "case": case,
            "today": today,
            "due": amount_due(case, today) if owing else None,
            "payment_light": (
                due_light(case.payment_due, today, calendar) if owing and case.payment_due else None
            ),
            "payments": payments,
            "publication_required": publication_required(case),
            "publish_light": _publish_light(case, today, calendar),
            "court_earliest": court_earliest(case, calendar),
            "close_missing": [CLOSE_STEPS[k] for k in close_missing(case)],
            "complaints": complaint_links(case),
            "grounds": grounds_for(case),
            "penalty_labels": [
                PenaltyKind(p).label for p in case.penalties if p in PenaltyKind.values
            ],
            "documents": _documents(actor, case),
            "can": can,
            "officers": certified_today(case, today) if can["collect"] else [],
        }
    }


def certified_today(case: PenaltyCase, today: date) -> list[User]:
    """The body's officers with a certificate valid today (the collection form's choices)."""
    valid = Certificate.objects.filter(valid_certificates_q(today), body_id=case.body_id)
    return list(
        User.objects.filter(is_active=True, pk__in=valid.values("officer_id")).order_by("pk")
    )


def _publish_light(case: PenaltyCase, today: date, calendar: WorkCalendar) -> Light | None:
    if not publication_required(case) or case.publish_due is None:
        return None
    if case.published_on is not None:
        on_time = case.published_on <= case.publish_due
        return unlit(f"已公示（{'按期' if on_time else '逾期'}）", due=case.publish_due)
    return due_light(case.publish_due, today, calendar)


def _documents(actor: Actor | None, case: PenaltyCase) -> dict[str, str]:
    """The papers the actor may download (not finance: it matches receipts by
    decision number and needs no party's identity)."""
    if not any(has_perm(actor, p) for p in (ACT, DECIDE, LEGALITY, SUPERVISE)):
        return {}
    papers = {}
    if case.notified_on is not None:
        papers["notice"] = reverse("enforcement:notice_document", args=[case.pk])
    if case.decided_on is not None and case.outcome and case.outcome != Outcome.TRANSFER:
        papers["decision"] = reverse("enforcement:decision_document", args=[case.pk])
    return papers


def _abilities(
    actor: Actor | None,
    case: PenaltyCase,
    payments: list[Payment],
    *,
    own: bool,
    open_case: bool,
    owing: bool,
) -> dict[str, bool]:
    """Which forms the section shows (the actions check again)."""
    today = timesource.today()
    officer = has_perm(actor, ACT) and own and open_case
    head = has_perm(actor, DECIDE) and own and open_case
    past_due = owing and case.payment_due is not None and today > case.payment_due
    cash = [p for p in payments if p.channel == PaymentChannel.ON_THE_SPOT]
    return {
        "pay": has_perm(actor, PAYMENT) and not own and owing,
        "collect": officer and owing,
        "hand_over": officer and any(p.handed_over_on is None for p in cash),
        "bank": (head or (has_perm(actor, PAYMENT) and open_case))
        and any(p.handed_over_on is not None and p.banked_on is None for p in cash),
        "urge": head and past_due and case.status == Status.SERVED,
        "court": head and case.status == Status.ENFORCING and case.court_applied_on is None,
        "publish": head
        and case.outcome == Outcome.PENALTY
        and case.decided_on is not None
        and case.published_on is None,
        "close": head and case.decided_on is not None,
    }

"""The fine paid and, failing that, enforced.

罚缴分离 (行政处罚法 art. 67): the deciding body and its officers never
collect a fine; the party pays at the designated bank or by e-payment
(art. 66), and finance (`enforcement.payment`) records the bank's receipt
(`record_bank_payment`) — the amount must be the fine plus the surcharge of
art. 72 as of the day paid, and any illegal gains confiscated by the
decision (没收违法所得, paid the same way: art. 67 covers 罚没款, and closing
needs them paid; the surcharge is on the fine only). The exceptions (`collect_on_the_spot`): two
certified officers collect on the spot when a fine of the simple procedure
is ≤ 100 yuan (art. 68 (1)) or would be hard to collect later (68 (2)), or
in a remote area on the party's request (art. 69), always against the
fiscal receipt (art. 70); the cash reaches the body within 2 working days
(`hand_over_cash`) and the bank within 2 more (`bank_cash`, art. 71); late
ones are recorded late (and the daily sweep raises `fine_not_remitted`).
The day typed for a hand-over or banking may not lie ahead nor before the
step it follows, and lateness is judged on the day the entry is made too:
a late entry backdated into the time limit is still late.

Not paid by the due day: the head's written reminder (`urge_payment`,
行政强制法 art. 35, 54), then the application to the court
(`apply_court_enforcement`) no earlier than ten working days after it
(art. 54, 69) nor while the party may still sue (art. 53).

Partial payments and approved deferral or instalments (art. 66 ¶2) are not
handled: a receipt must cover the whole amount due."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.enforcement import clock
from xiaoneng.enforcement.common import (
    ACT,
    DECIDE,
    PAYMENT,
    certified_officers,
    event,
    locked_case,
    refusing,
)
from xiaoneng.enforcement.models import (
    Payment,
    PaymentChannel,
    PenaltyCase,
    Procedure,
    Status,
)
from xiaoneng.enforcement.selectors.money import (
    GROUNDS,
    OWING,
    Due,
    amount_due,
    court_earliest,
    deciding_side,
    owes_money,
)
from xiaoneng.org.authority import has_perm, require, require_any

from . import inputs

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

SERIAL_LIMIT = 60  # bank serials and fiscal receipt numbers (the columns)
SMALL_FINE = Decimal("100")  # art. 68 (1)
ON_THE_SPOT_ONLY = ("small", "hard_to_enforce")  # art. 68: the simple procedure's grounds


# --- input ---------------------------------------------------------------------------


def paid_amount(value: Any, *, label: str) -> Decimal:
    """The amount a receipt says was paid: yuan, to the fen (inputs.amount)."""
    amount = inputs.amount(value, code="enforcement_amount_invalid", label=label)
    assert amount is not None  # required: refused when missing
    return amount


def serial(value: Any) -> str:
    """The bank's serial number of a payment."""
    return inputs.text(
        value, code="enforcement_bank_serial_required", label="银行缴款流水号", limit=SERIAL_LIMIT
    )


def locked_as(
    actor: Actor | None, pk: Any, permissions: tuple[str, ...]
) -> tuple[User, PenaltyCase]:
    """`locked_case` under the first of `permissions` the actor holds."""
    require_any(actor, permissions)
    permission = next(p for p in permissions if has_perm(actor, p))
    return locked_case(actor, pk, permission)


def _owing(case: PenaltyCase) -> None:
    if case.status not in OWING or case.served_on is None:
        raise Conflict("处罚决定尚未送达，不能缴纳罚款", code="enforcement_fine_not_served")
    if not owes_money(case):
        raise Conflict("本案没有待缴的罚款", code="enforcement_nothing_owed")


def _check_amount(paid: Decimal, due: Due) -> None:
    if paid != due.total:
        raise InvalidInput(
            f"缴款金额与应缴金额不符：截至{cn_date(due.on)}应缴{due.total}元（{due.parts}）",
            code="enforcement_payment_amount_wrong",
            detail={
                "amount_due": str(due.total),
                "fine": str(due.fine),
                "confiscated": str(due.confiscated),
                "surcharge": str(due.surcharge),
                "payment_due": due.payment_due,
                "late_days": due.late_days,
            },
        )


def _saved(payment: Payment) -> Payment:
    """The row saved; a bank serial or receipt number taken meanwhile is a conflict."""
    try:
        with transaction.atomic():
            payment.save(force_insert=True)
    except IntegrityError:
        raise Conflict("银行流水号或票据号已登记过", code="enforcement_payment_duplicate") from None
    return payment


def save_case(case: PenaltyCase, *fields: str) -> None:
    """Save the changed `fields` with the clock's dates stamped again (the
    running deadline moves on once paid, published or closed)."""
    case.save(update_fields=list(dict.fromkeys([*fields, *clock.stamp(case), "updated_at"])))


def _mark_paid(case: PenaltyCase, day: date) -> None:
    case.paid_on = day
    save_case(case, "paid_on")


# --- through the bank (art. 66–67) ---------------------------------------------------


@transaction.atomic(durable=True)
def record_bank_payment(
    *, actor: Actor, decision_no: Any, amount: Any, paid_on: Any, bank_serial: Any
) -> Payment:
    """The bank's receipt of a fine, entered by finance: the decision number,
    the amount (the fine, any confiscated gains, the surcharge as of
    `paid_on`), the day and the bank's serial number (unique)."""
    require(actor, PAYMENT)
    typed = inputs.optional(
        decision_no, code="enforcement_decision_no_invalid", label="处罚决定书文号", limit=60
    )
    number = " ".join(typed.split())
    found = list(PenaltyCase.objects.filter(decision_no=number).values_list("pk", flat=True)[:2])
    if not number or len(found) != 1:
        raise NotFound("没有该文号的行政处罚决定", code="enforcement_decision_no_unknown")
    user, case = locked_case(actor, found[0], PAYMENT)
    if deciding_side(user, case):
        raise PermissionDenied(
            "作出罚款决定的行政机关及其执法人员不得自行收缴罚款（行政处罚法第六十七条），"
            "银行代收的罚款由财政部门登记",
            code="enforcement_collection_separated",
        )
    _owing(case)
    day = inputs.a_date_since(
        paid_on, code="enforcement_paid_on_invalid", label="缴款日期", since=case.served_on
    )
    due = amount_due(case, day)
    _check_amount(paid_amount(amount, label="缴款金额"), due)
    number = serial(bank_serial)
    if Payment.objects.filter(bank_serial=number).exists():
        raise Conflict("该银行流水号已登记过", code="enforcement_payment_duplicate")
    payment = _saved(
        Payment(
            case=case,
            channel=PaymentChannel.BANK,
            amount=due.principal,
            surcharge=due.surcharge,
            paid_on=day,
            bank_serial=number,
            recorded_by=user,
        )
    )
    _mark_paid(case, day)
    event(
        user,
        case,
        "fine_paid",
        decision_no=case.decision_no,
        fine=due.fine,
        confiscated=due.confiscated,
        surcharge=due.surcharge,
        paid_on=day,
        late_days=due.late_days,
        bank_serial=number,
    )
    return payment


# --- on the spot (art. 68–71) --------------------------------------------------------


def _ground(case: PenaltyCase, ground: Any, day: date, party_requested: bool) -> str:
    """The ground of the collection, checked against what the law allows."""
    if ground not in GROUNDS:
        raise InvalidInput("请选择当场收缴罚款的法定情形", code="enforcement_ground_invalid")
    if ground in ON_THE_SPOT_ONLY:
        if case.procedure != Procedure.SIMPLE or day != case.decided_on:
            raise Conflict(
                "只有依简易程序当场作出罚款决定时，才能依第六十八条当场收缴",
                code="enforcement_not_on_the_spot",
            )
        if ground == "small" and (case.fine or 0) > SMALL_FINE:
            raise Conflict(
                "罚款超过一百元，不能以“一百元以下罚款”为由当场收缴（行政处罚法第六十八条）",
                code="enforcement_on_the_spot_limit",
                detail={"fine": str(case.fine), "limit": str(SMALL_FINE)},
            )
    elif not party_requested:
        raise InvalidInput(
            "依第六十九条当场收缴须经当事人提出", code="enforcement_party_request_required"
        )
    return str(ground)


@refusing
@transaction.atomic(durable=True)
def collect_on_the_spot(
    *,
    actor: Actor,
    case_id: Any,
    officer_ids: Any,
    ground: Any,
    receipt_no: Any,
    amount: Any,
    collected_on: Any = None,
    party_requested: bool = False,
) -> Payment:
    """当场收缴: two certified officers (the actor one of them) on a ground of
    art. 68–69, against the fiscal receipt (art. 70)."""
    user, case = locked_case(actor, case_id, ACT)
    _owing(case)
    day = inputs.a_date_since(
        collected_on, code="enforcement_paid_on_invalid", label="收缴日期", since=case.decided_on
    )
    code = _ground(case, ground, day, bool(party_requested))
    receipt = inputs.optional(
        receipt_no, code="enforcement_receipt_required", label="财政票据号", limit=SERIAL_LIMIT
    )
    if not receipt:
        raise InvalidInput(
            "当场收缴罚款必须向当事人出具财政部门统一制发的专用票据（行政处罚法第七十条），"
            "请填写票据号",
            code="enforcement_receipt_required",
        )
    due = amount_due(case, day)
    _check_amount(paid_amount(amount, label="收缴金额"), due)
    officers = certified_officers(case, list(officer_ids or []), day)
    if user not in officers:
        raise InvalidInput(
            "登记人须是收缴罚款的执法人员之一", code="enforcement_collector_not_officer"
        )
    if Payment.objects.filter(receipt_no=receipt).exists():
        raise Conflict("该票据号已使用过", code="enforcement_payment_duplicate")
    payment = _saved(
        Payment(
            case=case,
            channel=PaymentChannel.ON_THE_SPOT,
            amount=due.principal,
            surcharge=due.surcharge,
            paid_on=day,
            receipt_no=receipt,
            on_the_spot_ground=code,
            recorded_by=user,
        )
    )
    _mark_paid(case, day)
    event(
        user,
        case,
        "fine_collected",
        ground=code,
        receipt_no=receipt,
        fine=due.fine,
        confiscated=due.confiscated,
        surcharge=due.surcharge,
        collected_on=day,
        officers=[o.pk for o in officers],
        handover_due=penalty.handover_due(day, current_calendar()),
    )
    return payment


def _cash(
    actor: Actor, payment_id: Any, permissions: tuple[str, ...]
) -> tuple[User, PenaltyCase, Payment]:
    """The cash collected on the spot, with its case locked."""
    pk = as_int(payment_id) or 0
    case_id = Payment.objects.filter(pk=pk).values_list("case_id", flat=True).first()
    user, case = locked_as(actor, case_id or 0, permissions)
    payment = (
        Payment.objects.select_for_update()
        .filter(pk=pk, case=case, channel=PaymentChannel.ON_THE_SPOT)
        .first()
    )
    if payment is None:
        raise NotFound("当场收缴记录不存在或无权查看", code="enforcement_payment_not_found")
    return user, case, payment


def _lateness(due: date) -> dict[str, Any]:
    """Late when entered after `due`: the typed day is never after the
    entry, so a backdated entry cannot hide a hand-over or banking made late."""
    today = timesource.today()
    return {"due_on": due, "recorded_on": today, "late": today > due}


@transaction.atomic(durable=True)
def hand_over_cash(*, actor: Actor, payment_id: Any, handed_over_on: Any = None) -> Payment:
    """The officer hands the cash to the body: within 2 working days of the
    collection (art. 71); later — by the day typed or the day entered — is
    recorded late."""
    user, case, payment = _cash(actor, payment_id, (ACT,))
    if payment.handed_over_on is not None:
        raise Conflict("该笔罚款已交至行政机关", code="enforcement_cash_done")
    day = inputs.a_date_since(
        handed_over_on,
        code="enforcement_handed_over_on_invalid",
        label="交款日期",
        since=payment.paid_on,
    )
    due = penalty.handover_due(payment.paid_on, current_calendar())
    payment.handed_over_on = day
    payment.save(update_fields=["handed_over_on"])
    event(user, case, "cash_handed_over", payment=payment.pk, handed_over_on=day, **_lateness(due))
    return payment


@transaction.atomic(durable=True)
def bank_cash(*, actor: Actor, payment_id: Any, bank_serial: Any, banked_on: Any = None) -> Payment:
    """The body (its head, or finance) pays the cash into the designated
    bank within 2 working days of the hand-over (art. 71); later — by the
    day typed or the day entered — is recorded late."""
    user, case, payment = _cash(actor, payment_id, (DECIDE, PAYMENT))
    if payment.handed_over_on is None:
        raise Conflict("该笔罚款尚未交至行政机关", code="enforcement_cash_not_handed_over")
    if payment.banked_on is not None:
        raise Conflict("该笔罚款已缴入银行", code="enforcement_cash_done")
    day = inputs.a_date_since(
        banked_on,
        code="enforcement_banked_on_invalid",
        label="缴存银行日期",
        since=payment.handed_over_on,
    )
    number = serial(bank_serial)
    if Payment.objects.filter(bank_serial=number).exists():
        raise Conflict("该银行流水号已登记过", code="enforcement_payment_duplicate")
    due = penalty.bank_due(payment.handed_over_on, current_calendar())
    payment.banked_on, payment.bank_serial = day, number
    try:
        with transaction.atomic():
            payment.save(update_fields=["banked_on", "bank_serial"])
    except IntegrityError:
        raise Conflict("该银行流水号已登记过", code="enforcement_payment_duplicate") from None
    event(
        user,
        case,
        "cash_banked",
        payment=payment.pk,
        banked_on=day,
        bank_serial=number,
        **_lateness(due),
    )
    return payment


# --- enforcement (行政强制法) ---------------------------------------------------------


@transaction.atomic(durable=True)
def urge_payment(
    *, actor: Actor, case_id: Any, urged_on: Any = None, note: Any = ""
) -> PenaltyCase:
    """催告 (行政强制法 art. 35, 54): the head's written reminder, after the
    payment's due day; the case turns to enforcement."""
    user, case = locked_case(actor, case_id, DECIDE)
    if case.status == Status.ENFORCING:
        raise Conflict("已经催告过", code="enforcement_already_urged")
    _owing(case)
    day = inputs.a_date(
        urged_on, code="enforcement_urged_on_invalid", label="催告日期", default_today=True
    )
    text = inputs.optional(note, code="enforcement_note_invalid", label="催告要点", limit=1000)
    if case.payment_due is None or day <= case.payment_due:
        raise Conflict(
            "缴款期限届满后当事人仍未缴纳的，才能催告",
            code="enforcement_payment_not_overdue",
            detail={"payment_due": case.payment_due},
        )
    case.urged_on, case.status = day, Status.ENFORCING
    save_case(case, "urged_on", "status")
    due = amount_due(case, day)
    event(
        user,
        case,
        "payment_urged",
        urged_on=day,
        amount_due=due.total,
        surcharge=due.surcharge,
        note=text,
        court_earliest=court_earliest(case, current_calendar()),
    )
    return case


@transaction.atomic(durable=True)
def apply_court_enforcement(
    *, actor: Actor, case_id: Any, applied_on: Any = None, court: Any = ""
) -> PenaltyCase:
    """申请人民法院强制执行: after the reminder's ten working days (行政强制法
    art. 54, 69) and the party's time to sue (art. 53; 行政诉讼法 art. 46)."""
    user, case = locked_case(actor, case_id, DECIDE)
    if case.status != Status.ENFORCING or case.urged_on is None:
        raise Conflict("申请强制执行前应当先催告当事人履行", code="enforcement_not_urged")
    if case.court_applied_on is not None:
        raise Conflict("已申请人民法院强制执行", code="enforcement_court_applied")
    _owing(case)
    day = inputs.a_date(
        applied_on, code="enforcement_applied_on_invalid", label="申请日期", default_today=True
    )
    court_name = inputs.optional(
        court, code="enforcement_note_invalid", label="受理法院", limit=200
    )
    earliest = court_earliest(case, current_calendar())
    if earliest is not None and day < earliest:
        raise Conflict(
            f"催告书送达十个工作日后、且当事人起诉期限届满后才能申请强制执行"
            f"（最早{cn_date(earliest)}）",
            code="enforcement_court_too_early",
            detail={"earliest": earliest, "urged_on": case.urged_on},
        )
    case.court_applied_on = day
    save_case(case, "court_applied_on")
    event(
        user,
        case,
        "court_enforcement_applied",
        applied_on=day,
        court=court_name,
        amount_due=amount_due(case, day).total,
    )
    return case

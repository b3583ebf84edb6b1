"""What every part of enforcement shares: who reads a case, the locked case
for an action, the certified officers an act needs, the audit event, and a
refusal that the supervision bureau must still see.

Who reads a penalty case (`cases_for`):
- the body's officers (`enforcement.act`) and its head (`enforcement.decide`)
  within their data scope over the body;
- the legal office (`enforcement.legality`) and the supervision bureau
  (`supervision.manage`) city-wide, read only unless an action allows more;
- finance (`enforcement.payment`) only decided cases, for the bank's receipts.
Seeing a case is not acting on it: each action names its permission and
`locked_case` checks it against the body again.

A refused act that the law forbids (an officer without a valid certificate,
one officer alone, a decision before the defence period ended, a fine
outside the benchmark without reasons) raises `Refused`; the `refusing`
decorator lets the action's transaction roll back, then records the attempt
as the anomaly `Refused.anomaly` on the case and an audit event, in a
transaction of its own, and re-raises."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.org.authority import covers_department, has_perm, require, scope_q
from xiaoneng.org.models import User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

from .models import Certificate, PenaltyCase, Status

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

P = ParamSpec("P")
R = TypeVar("R")

ACT = "enforcement.act"
DECIDE = "enforcement.decide"
MANAGE = "enforcement.manage"
LEGALITY = "enforcement.legality"
PAYMENT = "enforcement.payment"
SUPERVISE = "supervision.manage"
# Statuses finance may read (a decision exists): for the bank's receipts.
DECIDED_STATUSES = (Status.DECIDED, Status.SERVED, Status.ENFORCING, Status.CLOSED)
# A running deadline's light turns yellow on its last three working days —
# the case lists' lights and the money part's (payment, cash, publication) alike.
WARNING_WORKDAYS = 3


def cases_for(actor: Actor | None) -> QuerySet[PenaltyCase]:
    """Every penalty case the actor may read (see the module's docstring)."""
    qs = PenaltyCase.objects.select_related("body", "item")
    if has_perm(actor, LEGALITY) or has_perm(actor, SUPERVISE):
        return qs
    q = Q(pk__in=[])
    if has_perm(actor, ACT) or has_perm(actor, DECIDE):
        q |= scope_q(actor, dept_field="body")
    if has_perm(actor, PAYMENT):
        q |= Q(status__in=DECIDED_STATUSES) & (~Q(fine=None) | ~Q(confiscated=None))
    return qs.filter(q)


def missing_case() -> NotFound:
    return NotFound("案件不存在或无权查看", code="enforcement_case_not_found")


def case_for(actor: Actor | None, pk: Any) -> PenaltyCase:
    row = cases_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise missing_case()
    return row


def locked_case(actor: Actor | None, pk: Any, permission: str) -> tuple[User, PenaltyCase]:
    """The user (holding `permission`) and the case, locked. Officers and the
    head act only on their own body's cases (their data scope); the legal
    office and finance act city-wide on the steps their permission names. A
    case outside that is not there; a closed case is final."""
    user = require(actor, permission)
    row = (
        PenaltyCase.objects.select_for_update(of=("self",))
        .select_related("body", "item")
        .filter(pk=as_int(pk) or 0)
        .first()
    )
    body_bound = permission in (ACT, DECIDE, MANAGE)
    if row is None or (body_bound and not covers_department(user, row.body_id)):
        raise missing_case()
    if row.status == Status.CLOSED:
        raise Conflict("案件已结案，案卷不得再改动", code="enforcement_case_closed")
    return user, row


def valid_certificates_q(on: date) -> Q:
    """Certificates valid on `on`: issued on or before, not expired, not
    revoked by then (行政处罚法 art. 42: only a certified officer acts)."""
    return Q(issued_on__lte=on, valid_until__gte=on) & (Q(revoked_on=None) | Q(revoked_on__gt=on))


def valid_certificate(user: User, body_id: int, on: date) -> Certificate | None:
    """The officer's certificate for the body that is valid on `on`, or None."""
    return (
        Certificate.objects.filter(valid_certificates_q(on), officer=user, body_id=body_id)
        .order_by("-valid_until")
        .first()
    )


class Refused(Conflict):
    """An act the law forbids, refused; `refusing` records it as `anomaly`."""

    def __init__(
        self, case: PenaltyCase, *, code: str, anomaly: str, message: str, detail: Any = None
    ) -> None:
        super().__init__(message, code=code, detail=detail)
        self.case = case
        self.anomaly = anomaly


def certified_officers(
    case: PenaltyCase, officer_ids: Iterable[Any], on: date, *, actor: User | None = None
) -> list[User]:
    """The officers of an act on `on`: at least two distinct active users,
    each with a certificate of the case's body valid that day (行政处罚法
    art. 42, 55), the acting user (`actor`) among them — whoever records an
    on-site act took part in it. Fewer than two: `Refused` (`officer_alone`);
    anyone without a valid certificate, or an actor not among them: `Refused`
    (`officer_uncertified`), naming them."""
    ids = sorted({n for n in (as_int(i) for i in officer_ids) if n})
    users = list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
    if len(users) != len(ids):
        raise InvalidInput("执法人员不正确", code="enforcement_officer_invalid")
    if len(users) < 2:
        raise Refused(
            case,
            code="enforcement_two_officers_required",
            anomaly="officer_alone",
            message="执法人员不得少于两人（行政处罚法第四十二条）",
            detail={"officers": [u.display_name for u in users]},
        )
    if actor is not None and actor.pk not in ids:
        raise Refused(
            case,
            code="enforcement_actor_not_among_officers",
            anomaly="officer_uncertified",
            message=f"{actor.display_name}不是本次执法活动的执法人员，不能以其名义记录"
            "（须由出示执法证件的执法人员本人办理，行政处罚法第五十五条）",
            detail={"actor": actor.pk, "officers": ids},
        )
    uncertified = [u for u in users if valid_certificate(u, case.body_id, on) is None]
    if uncertified:
        names = "、".join(u.display_name for u in uncertified)
        raise Refused(
            case,
            code="enforcement_certificate_invalid",
            anomaly="officer_uncertified",
            message=f"{names}没有{cn_date(on)}有效的执法证件，不得从事执法活动",
            detail={"officers": [u.pk for u in uncertified], "on": on.isoformat()},
        )
    return users


def refusing(fn: Callable[P, R]) -> Callable[P, R]:
    """Run a (durable) action; a `Refused` act is recorded as an anomaly on
    the case and an audit event in a transaction of its own, then re-raised."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return fn(*args, **kwargs)
        except Refused as exc:
            record_refusal(exc, kwargs.get("actor"))
            raise

    return run


def record_refusal(exc: Refused, actor: Any) -> None:
    case = PenaltyCase.objects.select_related("item").get(pk=exc.case.pk)
    with transaction.atomic():
        raise_subject_anomaly(
            subject=subject(case),
            kind=exc.anomaly,
            evidence={"code": exc.code, "message": str(exc), "detail": exc.detail},
            found_on=timesource.today(),
        )
        record_event(
            actor=actor if isinstance(actor, User) else None,
            event_type="enforcement.act_refused",
            object_type="penalty_case",
            object_id=case.pk,
            payload={"code": exc.code, "anomaly": exc.anomaly, "detail": exc.detail},
        )


def subject(case: PenaltyCase) -> Subject:
    title = f"{case.number or '线索'} {case.party_name} {case.item.name}"
    return Subject(
        kind="penalty_case",
        ref=case.pk,
        title=title,
        url=reverse("enforcement:case", args=[case.pk]),
        department_id=case.body_id,
    )


def event(user: User | None, case: PenaltyCase, what: str, **payload: Any) -> None:
    """The audit event `enforcement.<what>` on the case."""
    record_event(
        actor=user,
        event_type=f"enforcement.{what}",
        object_type="penalty_case",
        object_id=case.pk,
        payload=payload,
    )

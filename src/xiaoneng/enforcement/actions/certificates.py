"""Enforcement certificates (执法证, 行政处罚法 art. 42, 55; 国办发〔2018〕118号),
kept by the legal office (`enforcement.legality`, city-wide): issue (an
officer of the body or a unit below it, holding the officer's function),
renew (换证: a new row and number, valid beyond the old one) and revoke
(注销, from a day not before the issue nor after today). Whether an officer
may act on a day is `common.valid_certificate`, the one check every act uses."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.actions import inputs
from xiaoneng.enforcement.actions.authority import enforcing_body
from xiaoneng.enforcement.common import ACT, LEGALITY
from xiaoneng.enforcement.models import Certificate
from xiaoneng.org.authority import has_perm, require
from xiaoneng.org.models import Department, User

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _day(value: Any, *, code: str, label: str) -> date:
    """A day (a `date`, or "YYYY-MM-DD" as typed); a certificate's validity
    may run years ahead, so the future is allowed here."""
    day = value
    if isinstance(value, str):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
    if type(day) is not date or day < inputs.EARLIEST:
        raise InvalidInput(f"{label}不正确", code=code)
    return day


def missing_certificate() -> NotFound:
    return NotFound("执法证不存在", code="enforcement_certificate_not_found")


def _officer(officer_id: Any, body: Department) -> User:
    """An active user of the body (or a unit below it) who holds the
    officer's function (行政执法人员, `enforcement.act`)."""
    user = User.objects.select_related("department").filter(pk=as_int(officer_id) or 0).first()
    if user is None or not user.is_active:
        raise InvalidInput("执法人员不正确", code="enforcement_officer_invalid")
    dept = user.department
    if dept is None or not (dept.pk == body.pk or dept.ancestors.startswith(body.path)):
        raise InvalidInput(
            "执法人员不属于该执法主体", code="enforcement_certificate_officer_outside_body"
        )
    if not has_perm(user, ACT):
        raise InvalidInput(
            "该用户不是行政执法人员（无执法岗位权限）",
            code="enforcement_certificate_officer_not_enforcer",
        )
    return user


def _validity(issued_on: Any, valid_until: Any) -> tuple[date, date]:
    code = "enforcement_certificate_dates_invalid"
    issued = _day(issued_on, code=code, label="发证日期")
    until = _day(valid_until, code=code, label="有效期")
    if issued > until:
        raise InvalidInput("发证日期不得晚于有效期截止日", code=code)
    if issued > timesource.today():
        raise InvalidInput("发证日期不得晚于今天", code=code)
    return issued, until


def _number(value: Any) -> str:
    number = inputs.text(
        value, code="enforcement_certificate_number_required", label="执法证号", limit=40
    )
    if Certificate.objects.filter(number=number).exists():
        raise Conflict("执法证号已被使用", code="enforcement_certificate_number_taken")
    return number


def _create_certificate(**fields: Any) -> Certificate:
    try:
        with transaction.atomic():
            return Certificate.objects.create(**fields)
    except IntegrityError:  # a concurrent issue of the same number
        raise Conflict("执法证号已被使用", code="enforcement_certificate_number_taken") from None


def _certificate_event(user: User, row: Certificate, what: str, **payload: Any) -> None:
    record_event(
        actor=user,
        event_type=what,
        object_type="enforcement_certificate",
        object_id=row.pk,
        payload={"number": row.number, "officer": row.officer_id, "body": row.body.code, **payload},
    )


@transaction.atomic(durable=True)
def issue_certificate(
    *,
    actor: Actor,
    officer_id: Any,
    body_id: Any,
    number: Any,
    field: Any,
    issued_on: Any,
    valid_until: Any,
) -> Certificate:
    """The legal office issues an officer's certificate for a body. An
    officer holding one of that body valid at any time in the new one's
    period is renewed instead (`renew_certificate`)."""
    user = require(actor, LEGALITY)
    body = enforcing_body(body_id)
    # The officer's row is locked: two issues for one officer take turns.
    list(User.objects.select_for_update().filter(pk=as_int(officer_id) or 0).values_list("pk"))
    officer = _officer(officer_id, body)
    issued, until = _validity(issued_on, valid_until)
    the_number = _number(number)
    area = inputs.text(
        field, code="enforcement_certificate_field_required", label="执法领域", limit=100
    )
    held = Certificate.objects.filter(
        officer=officer, body=body, issued_on__lte=until, valid_until__gte=issued
    ).filter(Q(revoked_on=None) | Q(revoked_on__gt=issued))
    if held.exists():
        raise Conflict(
            "该执法人员已持有该机关在此期间有效的执法证，请办理换证",
            code="enforcement_certificate_exists",
        )
    row = _create_certificate(
        officer=officer,
        body=body,
        number=the_number,
        field=area,
        issued_on=issued,
        valid_until=until,
        issued_by=user,
    )
    _certificate_event(
        user,
        row,
        "enforcement.certificate_issued",
        field=area,
        issued_on=issued.isoformat(),
        valid_until=until.isoformat(),
    )
    return row


def locked_certificate(certificate_id: Any) -> Certificate:
    row = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("body", "officer")
        .filter(pk=as_int(certificate_id) or 0)
        .first()
    )
    if row is None:
        raise missing_certificate()
    return row


@transaction.atomic(durable=True)
def renew_certificate(
    *,
    actor: Actor,
    certificate_id: Any,
    number: Any,
    issued_on: Any,
    valid_until: Any,
    field: Any = None,
) -> Certificate:
    """换证: a new certificate (a new row and number) for the same officer and
    body, valid beyond the old one; the old one keeps its own dates."""
    user = require(actor, LEGALITY)
    old = locked_certificate(certificate_id)
    if old.revoked_on is not None:
        raise Conflict("已注销的执法证不能换证", code="enforcement_certificate_revoked")
    officer = _officer(old.officer_id, old.body)
    issued, until = _validity(issued_on, valid_until)
    if until <= old.valid_until:
        raise InvalidInput(
            "新证有效期须晚于原证有效期", code="enforcement_certificate_dates_invalid"
        )
    the_number = _number(number)
    area = (
        inputs.text(
            field,
            code="enforcement_certificate_field_required",
            label="执法领域",
            limit=100,
        )
        if field not in (None, "")
        else old.field
    )
    row = _create_certificate(
        officer=officer,
        body=old.body,
        number=the_number,
        field=area,
        issued_on=issued,
        valid_until=until,
        issued_by=user,
    )
    _certificate_event(
        user,
        row,
        "enforcement.certificate_renewed",
        replaces=old.number,
        issued_on=issued.isoformat(),
        valid_until=until.isoformat(),
    )
    return row


@transaction.atomic(durable=True)
def revoke_certificate(
    *, actor: Actor, certificate_id: Any, reason: Any, revoked_on: Any = None
) -> Certificate:
    """注销: from `revoked_on` (today unless given; not before the issue day
    nor after today — an act already recorded is not made uncertified after
    the fact by a later date, nor a future one announced here) the
    certificate no longer lets the officer act."""
    user = require(actor, LEGALITY)
    row = locked_certificate(certificate_id)
    if row.revoked_on is not None:
        raise Conflict("该执法证已注销", code="enforcement_certificate_revoked")
    today = timesource.today()
    on = (
        today
        if revoked_on in (None, "")
        else _day(revoked_on, code="enforcement_certificate_dates_invalid", label="注销日期")
    )
    if on < row.issued_on or on > today:
        raise InvalidInput(
            "注销日期须在发证日期之后、不晚于今天", code="enforcement_certificate_dates_invalid"
        )
    why = inputs.text(
        reason, code="enforcement_certificate_reason_required", label="注销原因", limit=300
    )
    row.revoked_on, row.revoked_reason = on, why
    row.save(update_fields=["revoked_on", "revoked_reason"])
    _certificate_event(
        user, row, "enforcement.certificate_revoked", revoked_on=on.isoformat(), reason=why
    )
    return row

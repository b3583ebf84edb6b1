"""拟稿, 修改, 送审 and 撤销 of an outgoing document, by its drafter."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.inputs import choice, text
from xiaoneng.core.text import as_int
from xiaoneng.office.models import Dispatch, DispatchStatus, DocKind, Opinion, Urgency
from xiaoneng.office.selectors.dispatches import DRAFT, SIGN
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.org.models import Department, DepartmentKind, User

from .common import audit, expect, holders, locked, opinion, opinion_text, series_of, tell

TITLE_LIMIT = 200
BODY_LIMIT = 100000
MAX_UNITS = 200
# Who may be addressed: the governments, departments and counties of the city.
ADDRESSABLE = (DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
ISSUERS = ADDRESSABLE


def body_length(body: str) -> int:
    """正文字数: the characters of the body, without spaces and line breaks."""
    return sum(1 for c in body if not c.isspace())


def to_counties(issuer: Department, recipients: list[Department]) -> bool:
    """The seed's rule: a municipal department writing to a county (district)
    government needs the approval of the city leader in charge."""
    return issuer.kind == DepartmentKind.DEPARTMENT and any(
        d.kind == DepartmentKind.COUNTY for d in recipients
    )


def _issuer(user: User, issuer_id: Any) -> Department:
    """The actor's own unit, or a unit their data scope covers."""
    if issuer_id in (None, ""):
        unit = unit_of(user)
        if unit is None or unit.kind not in ISSUERS:
            raise InvalidInput("您的账号不属于可发文的单位", code="office_dispatch_issuer_invalid")
        return unit
    pk = as_int(issuer_id)
    unit = Department.objects.filter(pk=pk or 0, active=True, kind__in=ISSUERS).first()
    if unit is None or not covers_department(user, unit.pk):
        raise InvalidInput("发文机关不正确", code="office_dispatch_issuer_invalid")
    return unit


def _units(ids: Any, *, code: str, label: str) -> list[Department]:
    if isinstance(ids, str | bytes) or not hasattr(ids, "__iter__"):
        raise InvalidInput(f"{label}不正确", code=code)
    given = list(ids)[: MAX_UNITS + 1]
    read = {as_int(i) for i in given}
    wanted = {i for i in read if i is not None}
    if len(wanted) != len(read) or len(given) > MAX_UNITS:
        raise InvalidInput(f"{label}不正确", code=code)
    found = list(Department.objects.filter(pk__in=wanted, active=True, kind__in=ADDRESSABLE))
    if len(found) != len(wanted):
        raise InvalidInput(f"{label}不正确", code=code)
    return sorted(found, key=lambda d: (d.kind != DepartmentKind.COUNTY, d.sort, d.pk))


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    body = text(data["body"], code="office_dispatch_body_required", label="正文", limit=BODY_LIMIT)
    recipients = _units(
        data["recipient_ids"], code="office_dispatch_recipient_invalid", label="主送机关"
    )
    if not recipients:
        raise InvalidInput("请选择主送机关", code="office_dispatch_recipients_required")
    copies = _units(data["copy_ids"], code="office_dispatch_recipient_invalid", label="抄送机关")
    return {
        "kind": choice(
            data["kind"], DocKind.values, code="office_dispatch_kind_invalid", label="文种"
        ),
        "title": text(
            data["title"], code="office_dispatch_title_required", label="标题", limit=TITLE_LIMIT
        ),
        "body": body,
        "urgency": choice(
            data["urgency"] or Urgency.NORMAL,
            Urgency.values,
            code="office_dispatch_urgency_invalid",
            label="紧急程度",
        ),
        "recipients": recipients,
        "copies": [c for c in copies if c not in recipients],
        "series": series_of(data["series"]),
    }


def _fill(row: Dispatch, issuer: Department, data: dict[str, Any]) -> None:
    row.issuer = issuer
    row.kind, row.title, row.body = data["kind"], data["title"], data["body"]
    row.urgency, row.series = data["urgency"], data["series"]
    row.length = body_length(data["body"])
    row.to_counties = to_counties(issuer, data["recipients"])


@transaction.atomic
def draft_dispatch(
    *,
    actor: Any,
    kind: Any,
    title: Any,
    body: Any,
    recipient_ids: Any,
    copy_ids: Any = (),
    urgency: Any = Urgency.NORMAL,
    issuer_id: Any = None,
    series: Any = "",
) -> Dispatch:
    """拟稿: for the actor's unit (or a unit in their scope)."""
    user = require(actor, DRAFT)
    issuer = _issuer(user, issuer_id)
    data = _checked(locals())
    row = Dispatch(drafted_by=user)
    _fill(row, issuer, data)
    row.save()
    row.recipients.set(data["recipients"])
    row.copies.set(data["copies"])
    audit(user, row, "dispatch_drafted", issuer=issuer.pk, to_counties=row.to_counties)
    return row


def _own_draft(actor: Any, dispatch_id: Any) -> tuple[User, Dispatch]:
    user, row = locked(actor, dispatch_id, DRAFT)
    if row.drafted_by_id != user.pk:
        raise PermissionDenied(
            "只有拟稿人可以修改、送审或撤销该公文", code="office_dispatch_not_drafter"
        )
    expect(row, DispatchStatus.DRAFT)
    return user, row


@transaction.atomic
def edit_dispatch(
    *,
    actor: Any,
    dispatch_id: Any,
    kind: Any,
    title: Any,
    body: Any,
    recipient_ids: Any,
    copy_ids: Any = (),
    urgency: Any = Urgency.NORMAL,
    series: Any = "",
) -> Dispatch:
    """修改 a draft (also one returned): `to_counties` and the length again."""
    user, row = _own_draft(actor, dispatch_id)
    data = _checked(locals())
    _fill(row, row.issuer, data)
    row.version += 1
    row.save()
    row.recipients.set(data["recipients"])
    row.copies.set(data["copies"])
    audit(user, row, "dispatch_edited", version=row.version, to_counties=row.to_counties)
    return row


@transaction.atomic
def submit_dispatch(*, actor: Any, dispatch_id: Any, note: Any = "") -> Dispatch:
    """送审: to the unit's office and head for 核稿 (not the drafter)."""
    user, row = _own_draft(actor, dispatch_id)
    row.status = DispatchStatus.REVIEWING
    row.returned_reason = ""
    row.save(update_fields=["status", "returned_reason"])
    opinion(row, Opinion.Step.SUBMIT, user, opinion_text(note))
    audit(user, row, "dispatch_submitted")
    pool = sorted(
        set(holders(DRAFT, row.issuer_id, exclude=user.pk))
        | set(holders(SIGN, row.issuer_id, exclude=user.pk))
    )
    tell(pool, row, "公文待核稿")
    return row


@transaction.atomic
def withdraw_dispatch(*, actor: Any, dispatch_id: Any, reason: Any = "") -> Dispatch:
    """撤销 a draft: it is kept, marked withdrawn, and never numbered."""
    user, row = _own_draft(actor, dispatch_id)
    row.status = DispatchStatus.WITHDRAWN
    row.save(update_fields=["status"])
    opinion(row, Opinion.Step.WITHDRAW, user, opinion_text(reason))
    audit(user, row, "dispatch_withdrawn")
    return row

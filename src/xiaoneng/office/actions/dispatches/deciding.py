"""核稿, 签发, the city leader's approval, and 退回 at any of them.

- 核稿: a holder of dispatch.draft or dispatch.sign in the issuer's own unit,
  never the drafter (four eyes);
- 签发: a holder of dispatch.sign whose scope covers the issuer; a body over
  the parameter's length is a reminder (发短文) for supervision;
- 市分管领导审批: only for a municipal department's document to the county
  governments, by the city leader in charge of the issuer or the mayor."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.core import timesource
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.office.common import approver_for, locked_row, subject
from xiaoneng.office.models import Dispatch, DispatchStatus, Opinion
from xiaoneng.office.params import DISPATCH_MAX_CHARS
from xiaoneng.office.selectors.dispatches import (
    DRAFT,
    LEADER,
    SIGN,
    dispatch_not_found,
    in_unit,
    may_approve,
)
from xiaoneng.org.authority import covers_department, has_perm, require, require_any
from xiaoneng.org.models import User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.system.params import get_param

from .common import audit, expect, locked, not_your_portfolio, opinion, opinion_text, tell
from .drafting import to_counties


def _reviewer(user: User, row: Dispatch) -> None:
    if not in_unit(user, row.issuer_id):
        raise PermissionDenied(
            "核稿须由发文单位本单位的办公室或负责人办理", code="office_dispatch_not_issuer_unit"
        )
    if row.drafted_by_id == user.pk:
        raise PermissionDenied(
            "拟稿人不能核稿本人起草的公文（须另一人核稿）", code="office_dispatch_four_eyes"
        )


def _signer(user: User, row: Dispatch) -> None:
    # The row is found only within the scope; this guards the rule itself.
    if not covers_department(user, row.issuer_id):
        raise PermissionDenied("签发须由发文单位的负责人办理", code="office_dispatch_not_signer")


@transaction.atomic
def review_dispatch(*, actor: Any, dispatch_id: Any, note: Any = "") -> Dispatch:
    """核稿 → 待签发; the unit's heads are told."""
    user, row = locked(actor, dispatch_id, DRAFT, SIGN)
    expect(row, DispatchStatus.REVIEWING)
    _reviewer(user, row)
    row.status, row.reviewed_by, row.reviewed_at = DispatchStatus.SIGNING, user, timesource.now()
    row.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    opinion(row, Opinion.Step.REVIEW, user, opinion_text(note) or "已核稿")
    audit(user, row, "dispatch_reviewed")
    tell(department_heads([row.issuer_id]).get(row.issuer_id, []), row, "公文待签发")
    return row


def too_long(row: Dispatch) -> bool:
    return row.length > get_param(DISPATCH_MAX_CHARS)


def _flag_length(row: Dispatch) -> None:
    limit = get_param(DISPATCH_MAX_CHARS)
    raise_subject_anomaly(
        subject=subject(
            "dispatch",
            row.pk,
            row.title[:200],
            reverse("office:document", kwargs={"pk": row.pk}),
            row.issuer_id,
        ),
        kind="dispatch_too_long",
        evidence={"标题": row.title, "正文字数": row.length, "控制字数": limit},
        found_on=timesource.today(),
    )


@transaction.atomic
def sign_dispatch(*, actor: Any, dispatch_id: Any, note: Any = "") -> Dispatch:
    """签发: → 待市分管领导审批 for a department's document to the counties,
    otherwise → 已签发待印发. A body too long is a reminder (发短文)."""
    user, row = locked(actor, dispatch_id, SIGN)
    expect(row, DispatchStatus.SIGNING)
    _signer(user, row)
    row.to_counties = to_counties(row.issuer, list(row.recipients.all()))
    row.status = DispatchStatus.LEADER if row.to_counties else DispatchStatus.APPROVED
    row.signed_by, row.signed_at = user, timesource.now()
    row.save(update_fields=["status", "signed_by", "signed_at", "to_counties"])
    opinion(row, Opinion.Step.SIGN, user, opinion_text(note) or "同意")
    long = too_long(row)
    audit(user, row, "dispatch_signed", to_counties=row.to_counties, too_long=long)
    if long:
        _flag_length(row)
    if row.to_counties:
        leader = approver_for(row.issuer_id)
        tell([leader.pk] if leader else [], row, "公文待您审批（发往县区政府）")
    else:
        tell([row.drafted_by_id], row, "公文已签发，请印发")
    return row


@transaction.atomic
def approve_dispatch(*, actor: Any, dispatch_id: Any, note: Any = "") -> Dispatch:
    """市分管领导审批 → 已签发待印发: the leader in charge of the issuer, or the mayor."""
    user, row = locked(actor, dispatch_id, LEADER, anywhere=True)
    expect(row, DispatchStatus.LEADER)
    if not may_approve(user, row):
        raise not_your_portfolio(row)
    row.status, row.leader, row.leader_at = DispatchStatus.APPROVED, user, timesource.now()
    row.save(update_fields=["status", "leader", "leader_at"])
    opinion(row, Opinion.Step.LEADER, user, opinion_text(note) or "同意")
    audit(user, row, "dispatch_approved")
    tell([row.drafted_by_id], row, "市分管领导已审批，请印发")
    return row


RETURNABLE = (DispatchStatus.REVIEWING, DispatchStatus.SIGNING, DispatchStatus.LEADER)


def _may_return(actor: Any, dispatch_id: Any) -> tuple[User, Dispatch]:
    """Whoever may take the step the document waits for may return it; a
    document outside the actor's scope is not there (a leader's: see
    approve)."""
    user = require_any(actor, (DRAFT, SIGN, LEADER))
    row = locked_row(
        Dispatch,
        dispatch_id,
        unit=lambda r: r.issuer_id,
        missing=dispatch_not_found,
        actor=user,
        anywhere=has_perm(user, LEADER),
    )
    expect(row, *RETURNABLE)
    if row.status == DispatchStatus.LEADER:
        require(user, LEADER)
        if not may_approve(user, row):
            raise not_your_portfolio(row)
    elif not covers_department(user, row.issuer_id):
        raise dispatch_not_found()
    elif row.status == DispatchStatus.REVIEWING:
        require_any(user, (DRAFT, SIGN))
        _reviewer(user, row)
    else:
        require(user, SIGN)
        _signer(user, row)
    return user, row


@transaction.atomic
def return_dispatch(*, actor: Any, dispatch_id: Any, reason: Any) -> Dispatch:
    """退回 to the drafter with the reason (→ 拟稿); the document starts again."""
    user, row = _may_return(actor, dispatch_id)
    why = opinion_text(reason, required=True)
    was = row.status
    row.status, row.returned_reason = DispatchStatus.DRAFT, why
    row.reviewed_by = row.signed_by = row.leader = None
    row.reviewed_at = row.signed_at = row.leader_at = None
    row.save(
        update_fields=[
            "status",
            "returned_reason",
            "reviewed_by",
            "reviewed_at",
            "signed_by",
            "signed_at",
            "leader",
            "leader_at",
        ]
    )
    opinion(row, Opinion.Step.RETURN, user, why)
    audit(user, row, "dispatch_returned", was=was, reason=why)
    tell([row.drafted_by_id], row, "公文被退回", why)
    return row

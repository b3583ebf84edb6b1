"""A project's entry and exit: 进场登记 (`register_project`, by the tenderer's
staff or the agency it entrusted), the centre's 受理 or 退回
(`accept_project`, `reject_project`) and 终止招标 (`terminate`, by whoever
runs the project, before an award).

An agency registers only for a tenderer that entrusted it. The models keep
no entrustment of its own, so the entrustment is read from the projects: a
tenderer entrusts an agency by registering a project naming it (or by a
project the agency ran for it, not rejected)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.core import inputs, timesource
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.text import as_int
from xiaoneng.notifications.actions import notify
from xiaoneng.org.authority import covers_department, has_perm, require_any, unit_of
from xiaoneng.org.models import Department
from xiaoneng.trading import numbering
from xiaoneng.trading.common import (
    AGENCY,
    CENTRE,
    PUBLIC_STATUSES,
    RUNNER,
    TENDER,
    agency_ids,
    event,
    locked_project,
    step_refused,
)
from xiaoneng.trading.models import (
    Bid,
    BidStatus,
    Booking,
    Criteria,
    Kind,
    Notice,
    NoticeKind,
    Party,
    Project,
    Round,
    RoundStatus,
    Speciality,
    Status,
)
from xiaoneng.trading.ocds.publish import publish

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# Land and property are sold to the highest bidder (拍卖、挂牌、竞价); construction
# and procurement are evaluated (综合评估 or 经评审的最低投标价).
AUCTION_KINDS = (Kind.LAND, Kind.PROPERTY)
# What may still be terminated: anything not yet awarded (an award is the tenderer's
# decision, after which the contract follows; closed ones are refused by the lock).
TERMINABLE = (
    Status.REGISTERED,
    Status.ACCEPTED,
    Status.TENDERING,
    Status.RETENDER,
    Status.EVALUATING,
    Status.PUBLICISING,
)
LIVE_ROUND = (RoundStatus.DRAFT, RoundStatus.OPEN, RoundStatus.OPENING, RoundStatus.OPENED)


def reason_text(value: Any, label: str = "理由") -> str:
    return inputs.text(value, code="trading_reason_required", label=label, limit=200)


def _fields(
    *,
    kind: Any,
    title: Any,
    description: Any,
    criteria: Any,
    speciality: Any,
    estimate: Any,
    approval_document: Any,
    funding: Any,
    location: Any,
) -> dict[str, Any]:
    kind = inputs.choice(kind, Kind.values, code="trading_kind_invalid", label="交易类别")
    criteria = inputs.choice(
        criteria, Criteria.values, code="trading_criteria_invalid", label="评标办法"
    )
    auction = kind in AUCTION_KINDS
    if auction != (criteria == Criteria.HIGHEST_PRICE):
        raise InvalidInput(
            "土地、矿业权和国有产权交易以价高者得；工程建设和政府采购须经评标"
            "（综合评估法或经评审的最低投标价法）",
            code="trading_criteria_not_for_kind",
            detail={"kind": kind, "criteria": criteria},
        )
    value = inputs.amount(estimate, code="trading_estimate_invalid", label="估算价")
    if not value:
        raise InvalidInput("估算价应大于零", code="trading_estimate_invalid")
    return {
        "kind": kind,
        "criteria": criteria,
        "title": inputs.text(title, code="trading_title_required", label="项目名称", limit=200),
        "description": inputs.text(
            description, code="trading_description_required", label="项目概况"
        ),
        "speciality": inputs.choice(
            speciality, Speciality.values, code="trading_speciality_invalid", label="评标专业"
        ),
        "estimate": value,
        "approval_document": inputs.text(
            approval_document, code="trading_approval_required", label="立项或批准文件", limit=200
        ),
        "funding": inputs.optional(
            funding, code="trading_field_invalid", label="资金来源", limit=100
        ),
        "location": inputs.optional(
            location, code="trading_field_invalid", label="项目地点", limit=200
        ),
    }


def _tenderer(pk: Any) -> Department:
    row = Department.objects.filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise InvalidInput("招标人不正确", code="trading_tenderer_invalid")
    return row


def entrusted(tenderer_id: int, agency_id: int) -> bool:
    """Whether the tenderer entrusted the agency (see the module's docstring)."""
    return (
        Project.objects.filter(tenderer_id=tenderer_id, agency_id=agency_id)
        .exclude(status=Status.REJECTED)
        .exists()
    )


def _who_registers(user: User, tenderer_id: Any, agency_id: Any) -> tuple[Department, Party | None]:
    """The tenderer and the agency of a new project, as this user may name them:
    the tenderer's staff for their own department (naming the agency it
    entrusts, if any); an agency for itself and a tenderer that entrusted it."""
    if has_perm(user, TENDER):
        unit = unit_of(user) if tenderer_id in (None, "") else _tenderer(tenderer_id)
        if unit is None or not covers_department(user, unit.pk):
            raise PermissionDenied(
                "不是本单位的项目，不能代其进场登记", code="trading_tenderer_not_yours"
            )
        if agency_id in (None, ""):
            return unit, None
        chosen = Party.objects.filter(
            pk=as_int(agency_id) or 0, is_agency=True, active=True
        ).first()
        if chosen is None:
            raise InvalidInput("招标代理机构不正确", code="trading_agency_not_yours")
        return unit, chosen
    own = as_int(agency_id) or 0
    if own not in agency_ids(user):
        raise PermissionDenied("不是本账号所属的招标代理机构", code="trading_agency_not_yours")
    tenderer = _tenderer(tenderer_id)
    agency = Party.objects.get(pk=own)
    if not entrusted(tenderer.pk, agency.pk):
        raise PermissionDenied(
            f"{tenderer.name}未委托本代理机构，不能代为进场登记",
            code="trading_agency_not_entrusted",
        )
    return tenderer, agency


@transaction.atomic(durable=True)
def register_project(
    actor: Actor,
    *,
    kind: Any,
    title: Any,
    description: Any,
    criteria: Any,
    speciality: Any,
    estimate: Any,
    approval_document: Any,
    funding: Any = "",
    location: Any = "",
    tenderer_id: Any = None,
    agency_id: Any = None,
) -> Project:
    """进场登记: a new project waiting for the centre's acceptance, numbered
    per kind and year without gaps."""
    user = require_any(actor, (TENDER, AGENCY))
    tenderer, agency = _who_registers(user, tenderer_id, agency_id)
    fields = _fields(
        kind=kind,
        title=title,
        description=description,
        criteria=criteria,
        speciality=speciality,
        estimate=estimate,
        approval_document=approval_document,
        funding=funding,
        location=location,
    )
    code = numbering.next_code(fields["kind"], timesource.today().year)
    project = Project.objects.create(
        code=code, tenderer=tenderer, agency=agency, registered_by=user, **fields
    )
    event(
        user,
        project,
        "project_registered",
        code=code,
        kind=project.kind,
        tenderer=tenderer.pk,
        agency=agency.pk if agency else None,
    )
    return project


@transaction.atomic(durable=True)
def accept_project(actor: Actor, pk: Any) -> Project:
    """进场登记受理 (the centre)."""
    user, project = locked_project(actor, pk, CENTRE)
    if project.status != Status.REGISTERED:
        raise step_refused(project, "受理进场登记")
    project.status = Status.ACCEPTED
    project.accepted_by, project.accepted_at = user, timesource.now()
    project.save(update_fields=["status", "accepted_by", "accepted_at"])
    event(user, project, "project_accepted")
    return project


@transaction.atomic(durable=True)
def reject_project(actor: Actor, pk: Any, reason: Any) -> Project:
    """进场登记退回 with its reason: final; it may be registered again as a new project."""
    user, project = locked_project(actor, pk, CENTRE)
    if project.status != Status.REGISTERED:
        raise step_refused(project, "退回进场登记")
    project.rejected_reason = reason_text(reason, "退回理由")
    project.status = Status.REJECTED
    project.save(update_fields=["status", "rejected_reason"])
    event(user, project, "project_rejected", reason=project.rejected_reason)
    return project


def bidders_of(round_: Round | None) -> list[int]:
    """The users who submitted a bid still standing in the round (to be told)."""
    if round_ is None:
        return []
    return list(
        Bid.objects.filter(round=round_, status__in=[BidStatus.SEALED, BidStatus.OPENED])
        .values_list("submitted_by_id", flat=True)
        .distinct()
    )


def tell_bidders(project: Project, round_: Round | None, title: str, body: str) -> None:
    notify(
        recipients=bidders_of(round_),
        kind="trading",
        title=f"{project.code} {title}",
        body=body,
        link=reverse("trading:project", args=[project.pk]),
    )


@transaction.atomic(durable=True)
def terminate(actor: Actor, pk: Any, reason: Any) -> Project:
    """终止招标 before an award: the live round cancelled, its bookings freed,
    a termination notice published and the bidders told (实施条例 art. 31)."""
    user, project = locked_project(actor, pk, RUNNER)
    if project.status not in TERMINABLE:
        raise step_refused(project, "终止招标")
    why = reason_text(reason, "终止理由")
    was_public = project.status in PUBLIC_STATUSES
    current = project.rounds.filter(number=project.round_no).first()
    if current is not None and current.status in LIVE_ROUND:
        current.status = RoundStatus.CANCELLED
        current.save(update_fields=["status"])
    now = timesource.now()
    Booking.objects.filter(
        round__project=project, cancelled_at__isnull=True, starts_at__gt=now
    ).update(cancelled_at=now)
    Notice.objects.create(
        project=project,
        round=current,
        kind=NoticeKind.TERMINATION,
        title=f"{project.title}终止公告",
        body=why,
        published_by=user,
    )
    project.status = Status.TERMINATED
    project.save(update_fields=["status"])
    if was_public:
        publish(project, ["tenderCancellation"])
    tell_bidders(project, current, "招标已终止", why)
    event(user, project, "project_terminated", reason=why, round=project.round_no)
    return project

"""公共资源交易公开 (the public portal section): what anyone reads without
signing in.

- Projects once announced (`common.PUBLIC_STATUSES`); a project still being
  registered or accepted is not there (404), nor its notices.
- A project's summary, every notice dated (the timeline), and what was made
  public at each step: the bidders and their prices from the opening record
  (never before the opening: only opened bids are read), the candidates
  once their publicity began, the award and the contract.
- No personal data: no contact, phone or legal representative of a party,
  and a notice's text has any identity or mobile number struck out (a
  clerk may have typed one).

The rows are plain dicts built here, so a template cannot reach a field
this module did not mean to show."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from xiaoneng.core.timesource import SHANGHAI
from xiaoneng.trading.common import PUBLIC_STATUSES, ocid
from xiaoneng.trading.models import (
    Award,
    Bid,
    BidStatus,
    Candidate,
    Contract,
    Kind,
    Notice,
    Project,
    Round,
    Status,
)

QUERY_MAX = 60
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
STRUCK = "＊＊＊"


def public_projects(kind: str = "", status: str = "", query: str = "") -> QuerySet[Project]:
    qs = Project.objects.filter(status__in=PUBLIC_STATUSES).select_related("tenderer")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    if status in PUBLIC_STATUSES:
        qs = qs.filter(status=status)
    if query := query.strip()[:QUERY_MAX]:
        qs = qs.filter(Q(title__icontains=query) | Q(code__icontains=query))
    return qs.order_by("-id")


def public_statuses() -> list[tuple[str, str]]:
    return [(s.value, s.label) for s in PUBLIC_STATUSES]


def public_project(code: str) -> Project | None:
    return (
        Project.objects.filter(code=code, status__in=PUBLIC_STATUSES)
        .select_related("tenderer", "agency")
        .first()
    )


def public_notice(pk: int | None) -> Notice | None:
    return (
        Notice.objects.filter(pk=pk or 0, project__status__in=PUBLIC_STATUSES)
        .select_related("project", "round")
        .first()
    )


def local(moment: datetime | None) -> datetime | None:
    return moment.astimezone(SHANGHAI) if moment else None


def project_row(project: Project, current: Round | None = None) -> dict[str, Any]:
    return {
        "code": project.code,
        "title": project.title,
        "kind": project.get_kind_display(),
        "status": project.get_status_display(),
        "status_code": project.status,
        "tenderer": project.tenderer.name,
        "estimate": project.estimate,
        "deadline": local(current.bid_deadline) if current else None,
    }


def project_rows(projects: Any) -> list[dict[str, Any]]:
    """A page of projects with their current rounds' deadlines (one query)."""
    projects = list(projects)
    rounds = {(r.project_id, r.number): r for r in Round.objects.filter(project__in=projects)}
    return [project_row(p, rounds.get((p.pk, p.round_no))) for p in projects]


def notice_body(text: str) -> str:
    return MOBILE.sub(STRUCK, ID_NUMBER.sub(STRUCK, text))


def notice_row(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "kind": notice.get_kind_display(),
        "title": notice.title,
        "published_at": local(notice.published_at),
        "round": notice.round.number if notice.round_id and notice.round else None,
    }


def project_detail(project: Project) -> dict[str, Any]:
    """Everything the public page of a project shows."""
    rounds = list(project.rounds.order_by("number"))
    current = next((r for r in rounds if r.number == project.round_no), None)
    notices = list(project.notices.select_related("round").order_by("published_at", "id"))
    opened = (
        Bid.objects.filter(round__project=project, status=BidStatus.OPENED)
        .select_related("bidder", "round")
        .order_by("round__number", "price", "id")
    )
    published = [r for r in rounds if r.candidates_published_at is not None]
    candidates = Candidate.objects.filter(round__in=published).select_related(
        "bid__bidder", "round"
    )
    award = Award.objects.filter(round__project=project).select_related("bid__bidder").last()
    contract = Contract.objects.filter(award=award).first() if award else None
    return {
        "project": {
            **project_row(project, current),
            "description": project.description,
            "agency": project.agency.name if project.agency else "",
            "criteria": project.get_criteria_display(),
            "approval_document": project.approval_document,
            "funding": project.funding,
            "location": project.location,
            "round_no": project.round_no,
            "documents_from": current.documents_from if current else None,
        },
        "timeline": [notice_row(n) for n in notices],
        "bids": [
            {"round": b.round.number, "bidder": b.bidder.name, "price": b.price} for b in opened
        ],
        "candidates": [
            {
                "round": c.round.number,
                "rank": c.rank,
                "bidder": c.bid.bidder.name,
                "price": c.bid.price,
                "score": c.score,
                "publicity_ends_on": c.round.publicity_ends_on,
            }
            for c in candidates
        ],
        "award": _award_row(award),
        "contract": _contract_row(contract),
        "ocid": ocid(project),
        "has_record": project.releases.exists(),
        "terminated": project.status == Status.TERMINATED,
    }


def _award_row(award: Award | None) -> dict[str, Any] | None:
    if award is None:
        return None
    return {
        "bidder": award.bid.bidder.name,
        "credit_code": award.bid.bidder.credit_code,
        "value": award.value,
        "decided_at": local(award.decided_at),
    }


def _contract_row(contract: Contract | None) -> dict[str, Any] | None:
    if contract is None:
        return None
    return {
        "number": contract.number,
        "title": contract.title,
        "value": contract.value,
        "signed_on": contract.signed_on,
        "period_start": contract.period_start,
        "period_end": contract.period_end,
    }

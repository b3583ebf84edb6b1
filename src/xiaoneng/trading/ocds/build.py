"""The OCDS release of a project as it stands now (a snapshot).

Every release carries the whole project, so the merge of a project's
releases (the compiled release) is its latest release. For that to hold,
a later snapshot never drops what an earlier one published:
- `tender.tenderers` (and the parties with role tenderer) are the bidders
  whose bids were opened in any round of the project: an ocid is the
  whole contracting process, re-tenders included; `numberOfTenderers`
  counts them. Before any opening there are none (bids are secret);
- every notice of every round stays in `tender.documents`, each followed
  by its files (`biddingDocuments` downloadable from the public page), so a
  later snapshot only appends to the list;
- an award is one per round, id "<tender id>-award": `pending` from the
  candidates' publicity (candidate 1 as supplier), `active` at the award.
  When the award goes to another candidate (the first gave up), the pending
  one becomes `cancelled` and the award is "<tender id>-award-<bid>".
The tender is the current round's ("<code>-<round>")."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.urls import reverse

from xiaoneng.trading.models import (
    Award,
    Bid,
    BidStatus,
    Candidate,
    Contract,
    Criteria,
    Kind,
    Notice,
    NoticeFile,
    NoticeKind,
    Project,
    Regulation,
    Round,
    RoundStatus,
    Status,
)

from .parties import PartyList, reference
from .values import amount, day_start, moment, prune, public_url

DOCUMENT_TYPES: dict[str, str] = {
    NoticeKind.ANNOUNCEMENT: "tenderNotice",
    NoticeKind.DOCUMENTS: "biddingDocuments",
    NoticeKind.CLARIFICATION: "clarifications",
    NoticeKind.DEADLINE: "clarifications",
    NoticeKind.OPENING: "bidders",
    NoticeKind.FAILURE: "cancellationDetails",
    NoticeKind.CANDIDATES: "evaluationReports",
    NoticeKind.OBJECTION: "complaints",
    NoticeKind.AWARD: "awardNotice",
    NoticeKind.CONTRACT: "contractSigned",
    NoticeKind.TERMINATION: "cancellationDetails",
}
AMENDING = (NoticeKind.CLARIFICATION, NoticeKind.DEADLINE)

AWARD_CRITERIA: dict[str, tuple[str, str]] = {
    Criteria.COMPREHENSIVE: ("ratedCriteria", "综合评估法"),
    Criteria.LOWEST_PRICE: ("priceOnly", "经评审的最低投标价法"),
    Criteria.HIGHEST_PRICE: ("priceOnly", "价高者得"),
}
CATEGORIES: dict[str, str] = {Kind.CONSTRUCTION: "works", Kind.PROCUREMENT: "goods"}


def method_details(project: Project) -> str:
    if project.kind == Kind.LAND:
        return "挂牌出让" if project.criteria == Criteria.HIGHEST_PRICE else "招标出让"
    if project.kind == Kind.PROPERTY:
        return "产权转让"
    return "公开招标"


def tender_status(project: Project, current: Round | None) -> str:
    """tenderStatus: active while the process runs, complete once awarded,
    unsuccessful for a failed round waiting to be tendered again, cancelled
    on termination (planned before it is announced)."""
    if project.status == Status.TERMINATED:
        return "cancelled"
    if project.status in (Status.AWARDED, Status.CONTRACTED):
        return "complete"
    if project.status == Status.RETENDER or (current and current.status == RoundStatus.FAILED):
        return "unsuccessful"
    if current is None or current.status == RoundStatus.DRAFT:
        return "planned"
    return "active"


def notice_url(notice: Notice) -> str:
    return public_url(reverse("trading:public_notice", args=[notice.pk]))


def document(notice: Notice) -> dict[str, Any]:
    return {
        "id": str(notice.pk),
        "documentType": DOCUMENT_TYPES[notice.kind],
        "title": notice.title,
        "datePublished": moment(notice.published_at),
        "url": notice_url(notice),
        "format": "text/html",
        "language": "zh",
    }


def file_document(row: NoticeFile) -> dict[str, Any]:
    """A notice's uploaded file (the tender documents themselves)."""
    path = reverse("trading:public_notice_file", args=[row.notice_id, row.pk])
    return {
        "id": f"file-{row.pk}",
        "documentType": "biddingDocuments",
        "title": row.filename,
        "datePublished": moment(row.notice.published_at),
        "url": public_url(path),
        "format": row.content_type,
        "language": "zh",
    }


def documents(notices: list[Notice], files: list[NoticeFile]) -> list[dict[str, Any]]:
    by_notice: dict[int, list[NoticeFile]] = {}
    for row in files:
        by_notice.setdefault(row.notice_id, []).append(row)
    listed: list[dict[str, Any]] = []
    for notice in notices:
        listed.append(document(notice))
        listed.extend(file_document(f) for f in by_notice.get(notice.pk, []))
    return listed


def amendment(notice: Notice) -> dict[str, Any]:
    return {
        "id": f"amendment-{notice.pk}",
        "date": moment(notice.published_at),
        "rationale": notice.title,
        "description": notice.get_kind_display(),
    }


def tender_id(project: Project, number: int) -> str:
    return f"{project.code}-{number}"


class Snapshot:
    """The rows a release is built from, read in a few queries."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.rounds = list(project.rounds.order_by("number"))
        self.current = next((r for r in self.rounds if r.number == project.round_no), None)
        self.notices = list(project.notices.order_by("published_at", "id"))
        self.files = list(
            NoticeFile.objects.filter(notice__project=project)
            .select_related("notice")
            .order_by("id")
        )
        self.opened_bids = list(
            Bid.objects.filter(round__project=project, status=BidStatus.OPENED)
            .select_related("bidder")
            .order_by("round__number", "id")
        )
        published = [r for r in self.rounds if r.candidates_published_at is not None]
        self.firsts = {
            c.round_id: c
            for c in Candidate.objects.filter(round__in=published, rank=1).select_related(
                "bid__bidder"
            )
        }
        self.awards = {
            a.round_id: a
            for a in Award.objects.filter(round__project=project).select_related("bid__bidder")
        }
        self.contracts = {
            c.award_id: c for c in Contract.objects.filter(award__round__project=project)
        }
        self.regulation = (
            Regulation.objects.select_related("department").filter(kind=project.kind).first()
        )


def build_release(
    project: Project, *, ocid: str, release_id: str, date: datetime, tags: Sequence[str]
) -> dict[str, Any]:
    rows = Snapshot(project)
    parties = PartyList()
    buyer_roles = ["buyer"] if project.agency else ["buyer", "procuringEntity"]
    parties.add_department(project.tenderer, *buyer_roles)
    procuring = project.agency or project.tenderer
    if project.agency:
        parties.add_party(project.agency, "procuringEntity")
    if rows.regulation:
        parties.add_department(rows.regulation.department, "reviewBody")
    tenderers = []
    for bid in rows.opened_bids:
        parties.add_party(bid.bidder, "tenderer")
        if reference(bid.bidder) not in tenderers:
            tenderers.append(reference(bid.bidder))
    awards, contracts = _awards(rows, parties)
    release = {
        "ocid": ocid,
        "id": release_id,
        "date": moment(date),
        "tag": list(tags),
        "initiationType": "tender",
        "language": "zh",
        "buyer": reference(project.tenderer),
        "parties": parties.rows(),
        "tender": _tender(rows, procuring, tenderers),
        "awards": awards,
        "contracts": contracts,
    }
    return prune(release)  # type: ignore[no-any-return]


def _tender(rows: Snapshot, procuring: Any, tenderers: list[dict[str, str]]) -> dict[str, Any]:
    project, current = rows.project, rows.current
    criteria, criteria_details = AWARD_CRITERIA[project.criteria]
    tender: dict[str, Any] = {
        "id": tender_id(project, current.number if current else project.round_no),
        "title": project.title,
        "description": project.description,
        "status": tender_status(project, current),
        "procuringEntity": reference(procuring),
        "value": amount(project.estimate),
        "procurementMethod": "open",
        "procurementMethodDetails": method_details(project),
        "mainProcurementCategory": CATEGORIES.get(project.kind),
        "awardCriteria": criteria,
        "awardCriteriaDetails": criteria_details,
        "submissionMethod": ["electronicSubmission"],
        "documents": documents(rows.notices, rows.files),
        "amendments": [amendment(n) for n in rows.notices if n.kind in AMENDING],
    }
    if current and current.documents_from and current.bid_deadline:
        tender["tenderPeriod"] = {
            "startDate": day_start(current.documents_from),
            "endDate": moment(current.bid_deadline),
        }
    if tenderers:
        tender["tenderers"] = tenderers
        tender["numberOfTenderers"] = len(tenderers)
    return tender


def _awards(rows: Snapshot, parties: PartyList) -> tuple[list[Any], list[Any]]:
    awards: list[dict[str, Any]] = []
    contracts: list[dict[str, Any]] = []
    for round_ in rows.rounds:
        first = rows.firsts.get(round_.pk)
        award = rows.awards.get(round_.pk)
        base = f"{tender_id(rows.project, round_.number)}-award"
        awarded_first = award is not None and first is not None and award.bid_id == first.bid_id
        if first is not None and not awarded_first:
            # the candidates' publicity: pending, or cancelled when another was awarded
            status = "pending" if award is None else "cancelled"
            if award is None:
                parties.add_party(first.bid.bidder, "supplier")
            awards.append(
                {
                    "id": base,
                    "title": "中标候选人公示",
                    "status": status,
                    "date": moment(round_.candidates_published_at),
                    "value": amount(first.bid.price) if first.bid.price is not None else None,
                    "suppliers": [reference(first.bid.bidder)],
                }
            )
        if award is None:
            continue
        award_id = base if first is None or awarded_first else f"{base}-{award.bid_id}"
        parties.add_party(award.bid.bidder, "supplier")
        awards.append(
            {
                "id": award_id,
                "title": "中标结果",
                "description": award.reason,
                "status": "active",
                "date": moment(award.decided_at),
                "value": amount(award.value),
                "suppliers": [reference(award.bid.bidder)],
            }
        )
        contract = rows.contracts.get(award.pk)
        if contract is not None:
            contracts.append(_contract(contract, award_id, round_, rows))
    return awards, contracts


def _contract(contract: Contract, award_id: str, round_: Round, rows: Snapshot) -> dict[str, Any]:
    period = {
        "startDate": day_start(contract.period_start) if contract.period_start else None,
        "endDate": day_start(contract.period_end) if contract.period_end else None,
    }
    return {
        "id": f"{tender_id(rows.project, round_.number)}-contract",
        "awardID": award_id,
        "title": contract.title,
        "description": f"合同编号 {contract.number}",
        "status": "active",
        "value": amount(contract.value),
        "dateSigned": day_start(contract.signed_on),
        "period": period,
    }

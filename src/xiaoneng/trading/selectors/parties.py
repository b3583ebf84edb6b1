"""The register of trading parties as the centre and supervision read it: the
list (search by name or credit code, kind filter, counts of accounts) and a
party's detail (its accounts, bids, projects as agency). The contact's phone
and the account phones are personal data: shown masked, always."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm
from xiaoneng.trading.common import OPERATE, SUPERVISE, SUPERVISE_VIEW
from xiaoneng.trading.models import Bid, Party, Project
from xiaoneng.web.masking import mask_phone

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

READERS = (OPERATE, SUPERVISE, SUPERVISE_VIEW)
KINDS = (("bidder", "投标人/竞买人"), ("agency", "招标代理机构"))


def parties_for(actor: Actor | None) -> QuerySet[Party]:
    """Every party, for the centre and supervision; nothing for anyone else."""
    if not any(has_perm(actor, p) for p in READERS):
        return Party.objects.none()
    return Party.objects.annotate(
        accounts=Count("members", filter=Q(members__is_active=True), distinct=True)
    )


def search(qs: QuerySet[Party], *, text: str = "", kind: str = "", state: str = "") -> Any:
    text = text.strip()[:50]
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(credit_code__icontains=text.upper()))
    if kind == "bidder":
        qs = qs.filter(is_bidder=True)
    elif kind == "agency":
        qs = qs.filter(is_agency=True)
    if state == "active":
        qs = qs.filter(active=True)
    elif state == "inactive":
        qs = qs.filter(active=False)
    return qs.order_by("-active", "name", "pk")


def party_for(actor: Actor | None, pk: Any) -> Party:
    row = parties_for(actor).filter(pk=as_int(pk) or 0).first()
    if row is None:
        raise NotFound("交易主体不存在", code="trading_party_not_found")
    return row


def kind_labels(party: Party) -> list[str]:
    flags = (party.is_bidder, party.is_agency)
    return [label for flag, (_, label) in zip(flags, KINDS, strict=True) if flag]


def party_row(party: Party) -> dict[str, Any]:
    return {
        "id": party.pk,
        "name": party.name,
        "credit_code": party.credit_code,
        "is_bidder": party.is_bidder,
        "is_agency": party.is_agency,
        "kinds": kind_labels(party),
        "legal_representative": party.legal_representative,
        "contact_name": party.contact_name,
        "contact_phone": mask_phone(party.contact_phone or ""),
        "address": party.address,
        "active": party.active,
        "registered_at": party.registered_at,
        # Annotated by parties_for; counted here for a row read otherwise.
        "accounts": getattr(party, "accounts", None)
        if hasattr(party, "accounts")
        else party.members.filter(is_active=True).count(),
    }


def account_rows(party: Party) -> list[dict[str, Any]]:
    return [
        {
            "id": u.pk,
            "username": u.username,
            "real_name": u.real_name,
            "phone": mask_phone(u.phone or ""),
            "active": u.is_active,
            "roles": sorted(r.name for r in u.roles.all()),
            "last_login": u.last_login,
        }
        for u in party.members.prefetch_related("roles").order_by("pk")
    ]


def bids_count(party: Party) -> int:
    return Bid.objects.filter(bidder=party).count()


def agency_projects(party: Party) -> QuerySet[Project]:
    return Project.objects.filter(agency=party).select_related("tenderer").order_by("-pk")

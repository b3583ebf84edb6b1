"""执法公示 (国办发〔2018〕118号): what the public reads without signing in.

- The enforcement lists: active, published items with their benchmarks, per body.
- The officers holding a certificate valid today: name, certificate number,
  body, field and validity are public by 118号 (事前公开 执法人员).
- Published penalty decisions (`published_on` set on the case): the decision
  number, body, item, a summary of the facts, the penalty and its date. The
  party: an organisation by name and credit code (public registers); a
  natural person only masked (张*丰), never the ID number, phone or address
  — the sealed fields are read only to strike them from the facts, where an
  officer may have typed them, and any identity or phone number with them.
  A person cannot be searched by name (that would unmask him); organisations
  can, and anyone can search by decision number.

The rows are plain dicts built here, so a template cannot reach a field
this module did not mean to show."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from xiaoneng.core import timesource
from xiaoneng.core.text import as_int
from xiaoneng.enforcement.models import Certificate, Item, PartyKind, PenaltyCase, PenaltyKind
from xiaoneng.enforcement.selectors.authority import (
    enforcing_bodies,
    ordered,
    valid_on,
    with_benchmarks,
)
from xiaoneng.web.masking import mask_person

FACTS_SHOWN = 200  # characters of the facts a public row shows
QUERY_MAX = 60  # a search as typed: anything longer is cut
# What a summary of facts must not carry even when an officer typed it there:
# an identity number (18 characters, GB 11643) and a mobile or fixed-line number.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
PUBLIC_CASE_FIELDS = (
    "pk",
    "body__name",
    "body__short_name",
    "item__name",
    "item__code",
    "party_kind",
    "party_name",
    "party_code",
    "facts",
    "party_id_no",
    "party_phone",
    "party_address",
    "outcome",
    "fine",
    "confiscated",
    "penalties",
    "decision_no",
    "decided_on",
    "published_on",
)


# --- lists and officers -----------------------------------------------------------


def public_items(body_id: Any = None) -> QuerySet[Item]:
    """Active items published on or before today, with benchmarks, by body and code."""
    qs = Item.objects.filter(active=True, published_on__lte=timesource.today())
    body = as_int(body_id) if body_id not in (None, "") else None
    if body is not None:
        qs = qs.filter(body_id=body)
    return with_benchmarks(qs).order_by("body__sort", "body_id", "code")


def item_row(item: Item) -> dict[str, Any]:
    """An item as the public list shows it."""
    return {
        "id": item.pk,
        "code": item.code,
        "body": item.body.name,
        "body_id": item.body_id,
        "name": item.name,
        "legal_basis": item.legal_basis,
        "penalty_basis": item.penalty_basis,
        "penalties": [PenaltyKind(k).label for k in item.penalties if k in PenaltyKind.values],
        "fine_min": item.fine_min,
        "fine_max": item.fine_max,
        "first_offence_exempt": item.first_offence_exempt,
        "exempt_conditions": item.exempt_conditions,
        "published_on": item.published_on,
        "benchmarks": [
            {
                "grade": b.grade,
                "grade_label": b.get_grade_display(),
                "circumstances": b.circumstances,
                "fine_min": b.fine_min,
                "fine_max": b.fine_max,
                "other_penalties": b.other_penalties,
            }
            for b in ordered(item.benchmarks.all())
        ],
    }


def public_officers(body_id: Any = None, on: date | None = None) -> QuerySet[Certificate]:
    """Certificates valid on `on` (today), by body and number."""
    qs = Certificate.objects.filter(valid_on(on or timesource.today()))
    body = as_int(body_id) if body_id not in (None, "") else None
    if body is not None:
        qs = qs.filter(body_id=body)
    return qs.select_related("officer", "body").order_by("body__sort", "body_id", "number")


def officer_row(cert: Certificate) -> dict[str, Any]:
    return {
        "name": cert.officer.display_name,
        "number": cert.number,
        "body": cert.body.name,
        "body_id": cert.body_id,
        "field": cert.field,
        "issued_on": cert.issued_on,
        "valid_until": cert.valid_until,
    }


# --- decisions --------------------------------------------------------------------


def published_decisions(query: str = "", body_id: Any = None) -> QuerySet[PenaltyCase]:
    """Penalty cases whose decision is published (on or before today), newest
    first; `query` finds a decision number, or an organisation's name or
    credit code (never a person's name: see the module's docstring). Only the
    public columns are read (`public_decision` makes the row)."""
    qs = PenaltyCase.objects.filter(
        published_on__lte=timesource.today(), decided_on__isnull=False
    ).exclude(decision_no="")
    body = as_int(body_id) if body_id not in (None, "") else None
    if body is not None:
        qs = qs.filter(body_id=body)
    text = (query or "").strip()[:QUERY_MAX]
    if text:
        organisation = Q(party_kind=PartyKind.ORGANISATION) & (
            Q(party_name__icontains=text) | Q(party_code__iexact=text)
        )
        qs = qs.filter(Q(decision_no__icontains=text) | organisation)
    return (
        qs.select_related("body", "item")
        .only(*PUBLIC_CASE_FIELDS[1:])
        .order_by("-published_on", "-decided_on", "-id")
    )


def _scrub(case: PenaltyCase, person: bool) -> str:
    """The facts without the party's sealed data (ID number, phone, address),
    any identity or phone number, and a natural person's name (masked
    wherever it stands)."""
    text = case.facts
    for secret in (case.party_id_no, case.party_phone, case.party_address):
        if secret and secret.strip():
            text = text.replace(secret.strip(), "***")
    text = ID_NUMBER.sub("******************", text)
    text = PHONE.sub("***********", text)
    if person and case.party_name:
        text = text.replace(case.party_name, mask_person(case.party_name))
    return text


def _summary(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= FACTS_SHOWN else text[:FACTS_SHOWN] + "……"


def public_decision(case: PenaltyCase) -> dict[str, Any]:
    """A published decision as the public sees it (see the module's docstring)."""
    person = case.party_kind == PartyKind.PERSON
    return {
        "id": case.pk,
        "decision_no": case.decision_no,
        "body": case.body.name,
        "body_id": case.body_id,
        "item": case.item.name,
        "item_code": case.item.code,
        "party_kind": case.party_kind,
        "party": mask_person(case.party_name) if person else case.party_name,
        "party_code": "" if person else case.party_code,
        "facts": _summary(_scrub(case, person)),
        "outcome": case.get_outcome_display(),
        "fine": case.fine,
        "confiscated": case.confiscated,
        "penalties": [PenaltyKind(k).label for k in case.penalties if k in PenaltyKind.values],
        "decided_on": case.decided_on,
        "published_on": case.published_on,
    }


# --- the home page ----------------------------------------------------------------


def public_bodies() -> list[dict[str, Any]]:
    """The bodies with anything published: their items, officers with a valid
    certificate today and published decisions, counted."""
    today = timesource.today()
    items = dict(
        Item.objects.filter(active=True, published_on__lte=today)
        .values_list("body_id")
        .annotate(n=Count("id"))
    )
    officers = dict(
        Certificate.objects.filter(valid_on(today)).values_list("body_id").annotate(n=Count("id"))
    )
    decisions = dict(
        published_decisions().values_list("body_id").annotate(n=Count("id")).order_by()
    )
    ids = set(items) | set(officers) | set(decisions)
    return [
        {
            "id": b.pk,
            "name": b.name,
            "items": items.get(b.pk, 0),
            "officers": officers.get(b.pk, 0),
            "decisions": decisions.get(b.pk, 0),
        }
        for b in enforcing_bodies().filter(pk__in=ids)
    ]

"""The 拟稿 form of an outgoing document: its choices, what was typed (kept
when the action refuses it), and the action's keywords from the POST."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from xiaoneng.core.errors import DomainError
from xiaoneng.office.models import Dispatch, DocKind, Urgency
from xiaoneng.office.selectors.dispatches import max_chars
from xiaoneng.org.authority import departments_in_scope, unit_of
from xiaoneng.org.models import Department, DepartmentKind

ADDRESSABLE = (DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)


def addressable() -> list[Department]:
    """Counties first (主送县区政府), then the city's departments."""
    units = Department.objects.filter(active=True, kind__in=ADDRESSABLE)
    return sorted(units, key=lambda d: (d.kind != DepartmentKind.COUNTY, d.ancestors, d.sort, d.pk))


def issuers_for(actor: Any) -> list[Department]:
    """The units the actor may draft for: their own, or those in their scope."""
    ids = departments_in_scope(actor)
    qs = Department.objects.filter(active=True, kind__in=ADDRESSABLE)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("ancestors", "sort", "code"))


def _values(data: Any, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        return [str(v) for v in data.getlist(key)]
    return [str(v) for v in data.get(key, [])]


def form_context(
    actor: Any, data: Any, exc: DomainError | None = None, row: Dispatch | None = None
) -> dict[str, Any]:
    own = unit_of(actor)
    return {
        "row": row,
        "data": {k: data.get(k, "") for k in ("kind", "title", "body", "urgency", "series")}
        | {"issuer": str(data.get("issuer", "") or (own.pk if own else ""))},
        "chosen_recipients": set(_values(data, "recipients")),
        "chosen_copies": set(_values(data, "copies")),
        "kinds": DocKind.choices,
        "urgencies": Urgency.choices,
        "units": addressable(),
        "issuers": issuers_for(actor),
        "error": exc.message if exc else "",
        "error_code": exc.code if exc else "",
        "max_chars": max_chars(),
    }


def posted(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    return {
        "kind": post.get("kind", ""),
        "title": post.get("title", ""),
        "body": post.get("body", ""),
        "urgency": post.get("urgency", "") or Urgency.NORMAL,
        "series": post.get("series", ""),
        "recipient_ids": post.getlist("recipients"),
        "copy_ids": post.getlist("copies"),
        "issuer_id": post.get("issuer") or None,
    }

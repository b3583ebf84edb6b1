"""Reads of the catalog. The published catalog is public (the service guide,
seed art. 7); everything else is scoped by the actor's data scope over the
implementing department."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.org.authority import scope_q
from xiaoneng.org.models import Department

from .models import INSTANT_Q, ApprovalItem, ItemStatus

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _filter(
    qs: QuerySet[ApprovalItem],
    query: str,
    department: Department | str | None,
    instant: bool | None,
) -> QuerySet[ApprovalItem]:
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(code=query)
            | Q(basic_code=query)
            | Q(department__name__icontains=query)
            | Q(department__short_name__icontains=query)
        )
    if department:
        code = department.code if isinstance(department, Department) else department
        qs = qs.filter(department__code=code)
    if instant is not None:
        qs = qs.filter(INSTANT_Q) if instant else qs.exclude(INSTANT_Q)
    return qs


def published_items(
    *,
    query: str = "",
    department: Department | str | None = None,
    instant: bool | None = None,
) -> QuerySet[ApprovalItem]:
    """The public catalog: published items, searchable by name, code or department."""
    qs = ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED).select_related(
        "department", "window"
    )
    return _filter(qs, query, department, instant).order_by("department__sort", "code")


def published_item(code: str) -> ApprovalItem:
    """One published item with its parts, or NotFound."""
    item = (
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED, code=code)
        .select_related("department", "window")
        .prefetch_related("materials", "co_departments__department")
        .first()
    )
    if item is None:
        raise NotFound(f"事项 {code} 不存在或未发布", code="item_not_found")
    return item


def items_for_actor(
    actor: Actor,
    *,
    query: str = "",
    department: Department | str | None = None,
    instant: bool | None = None,
    status: str | None = None,
) -> QuerySet[ApprovalItem]:
    """Items in every status whose implementing department is in the actor's
    data scope (drafts included: staff prepare their own department's items)."""
    qs = ApprovalItem.objects.filter(scope_q(actor, dept_field="department")).select_related(
        "department", "window"
    )
    if status:
        qs = qs.filter(status=status)
    return _filter(qs, query, department, instant).order_by("department__sort", "code")

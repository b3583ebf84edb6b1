"""Reads of the audit trail."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet

from xiaoneng.core.hashchain import Break, Link, first_break
from xiaoneng.org.authority import require

from .models import AuditEvent


def _links(batch: int = 2000) -> Iterator[Link]:
    last = 0
    while True:
        rows = list(AuditEvent.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        for row in rows:
            yield Link(row.seq, row.prev_hash, row.hash, row.canonical_event())
        last = rows[-1].seq


def verify_chain() -> tuple[int, Break | None]:
    """(events checked, first break or None). Reads every event in order."""
    count = AuditEvent.objects.count()
    broken = first_break(_links())
    if broken is None and count:
        first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
        if first != 1:
            broken = Break(1, f"链首缺失（第一条为 {first}）")
    return count, broken


def events_for_actor(actor: object, *, event_type: str = "") -> QuerySet[AuditEvent]:
    require(actor, "audit.view")
    qs = AuditEvent.objects.select_related("actor").order_by("-seq")
    if event_type:
        qs = qs.filter(event_type=event_type)
    return qs

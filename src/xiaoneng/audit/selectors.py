"""Reads of the audit trail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import QuerySet

from xiaoneng.core.hashchain import GENESIS, Break, Link, first_break, link_hash
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


def verify_events(events: Iterable[AuditEvent]) -> Break | None:
    """Verify some links of the chain (one case's events) without walking all
    of it. For each event, in order: its predecessor (seq − 1; the genesis
    for the first) exists and its stored hash is this event's `prev_hash`;
    this event's hash recomputed from `prev_hash` and its content equals the
    stored one; and its successor, if any, still names it as predecessor (a
    changed row re-hashed to hide it breaks there). The first broken link, or
    None. Two queries whatever the number of events."""
    ordered = sorted(events, key=lambda e: e.seq)
    if not ordered:
        return None
    wanted = {e.seq - 1 for e in ordered} | {e.seq + 1 for e in ordered}
    neighbours: dict[int, tuple[str, str]] = {}
    for seqs in _batches(sorted(wanted - {0})):
        for seq, prev_hash, hash_ in AuditEvent.objects.filter(seq__in=seqs).values_list(
            "seq", "prev_hash", "hash"
        ):
            neighbours[seq] = (prev_hash, hash_)
    for event in ordered:
        if event.seq == 1:
            expected = GENESIS
        elif (before := neighbours.get(event.seq - 1)) is None:
            return Break(event.seq - 1, f"缺失第 {event.seq - 1} 号事件（第 {event.seq} 号的前序）")
        else:
            expected = before[1]
        if event.prev_hash != expected:
            return Break(event.seq, "前序哈希与上一条事件不符")
        if link_hash(event.prev_hash, event.canonical_event()) != event.hash:
            return Break(event.seq, "事件内容与其哈希不符（被改动）")
        after = neighbours.get(event.seq + 1)
        if after is not None and after[0] != event.hash:
            return Break(event.seq + 1, f"前序哈希与第 {event.seq} 号事件不符")
    return None


def _batches(seqs: list[int], size: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(seqs), size):
        yield seqs[i : i + size]


def events_for_actor(actor: object, *, event_type: str = "") -> QuerySet[AuditEvent]:
    require(actor, "audit.view")
    qs = AuditEvent.objects.select_related("actor").order_by("-seq")
    if event_type:
        qs = qs.filter(event_type=event_type)
    return qs

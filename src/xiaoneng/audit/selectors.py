"""Reads of the audit trail, and its verification: the SM3 links, the keyed
seals (HMAC-SM3, audit/keys.py), the head row and the checkpoints kept
outside the table (audit/checkpoints.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Subquery

from xiaoneng.core.hashchain import (
    GENESIS,
    Break,
    Link,
    Seals,
    first_break,
    same,
)

from . import checkpoints
from .checkpoints import Checkpoint
from .keys import load_keyring
from .models import AuditEvent, AuditHead


def _links(batch: int = 2000, *, after: int = 0, upto: int | None = None) -> Iterator[Link]:
    last = after
    while True:
        qs = AuditEvent.objects.filter(seq__gt=last)
        if upto is not None:
            qs = qs.filter(seq__lte=upto)
        rows = list(qs.order_by("seq")[:batch])
        if not rows:
            return
        for row in rows:
            yield Link(row.seq, row.prev_hash, row.hash, row.canonical_event(), row.key_id, row.mac)
        last = rows[-1].seq


def chain_tail() -> tuple[int, str, int | None, str]:
    """(last event's seq, its hash, the head row's seq, its hash) read in one
    statement, so an append between two reads cannot look like tampering.
    (0, GENESIS, …) for an empty chain; head None when there is no head row."""
    last = AuditEvent.objects.order_by("-seq")
    row = (
        AuditHead.objects.filter(pk=1)
        .annotate(
            tail_seq=Subquery(last.values("seq")[:1]),
            tail_hash=Subquery(last.values("hash")[:1]),
        )
        .values_list("tail_seq", "tail_hash", "last_seq", "last_hash")
        .first()
    )
    if row is None:
        event = last.values_list("seq", "hash").first()
        return (event[0], event[1], None, "") if event else (0, GENESIS, None, "")
    tail_seq, tail_hash, head_seq, head_hash = row
    return (tail_seq or 0, tail_hash or GENESIS, head_seq, head_hash)


@dataclass
class ChainReport:
    count: int = 0
    last_seq: int = 0
    problems: list[Break] = field(default_factory=list)
    unsealed: int = 0  # events written before the chain was keyed
    sealed_since: int | None = None
    checkpoints: int = 0  # valid checkpoints compared with the chain
    latest: Checkpoint | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def broken(self) -> Break | None:
        return self.problems[0] if self.problems else None


def _truncation(tail: int, claimed: int, evidence: str) -> Break:
    missing = claimed - tail
    return Break(tail + 1, f"第 {tail} 号之后的最后 {missing} 条事件缺失（{evidence}）")


def verify_report() -> ChainReport:
    """Every check, every problem found (ordered by seq): the first broken
    link of the chain (SM3 links and keyed seals), the head row against the
    last event, and each checkpoint against the chain — truncation ("the
    last N events after seq X are missing"), a rewritten chain (hash at a
    checkpoint's seq changed), a forged or altered checkpoint line."""
    keyring = load_keyring()
    cps, problems, exists = checkpoints.read(keyring.keys)
    report = ChainReport(checkpoints=len(cps), problems=list(problems))
    if not keyring.keys:
        report.warnings.append("未找到审计签名密钥：无法核验密钥签名")
    if not exists:
        report.warnings.append(
            f"未找到检查点文件 {checkpoints.checkpoints_path()}：无法发现末尾事件被删除"
        )
    # The tail after the checkpoints were read: it can only have grown since.
    tail, tail_hash, head, head_hash = chain_tail()
    report.last_seq = tail
    report.count = AuditEvent.objects.count()

    seals = Seals(keyring.keys)
    broken = first_break(_links(upto=tail), seals=seals)
    if broken is not None:
        report.problems.append(broken)
    elif report.count:
        first = AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
        if first != 1:
            report.problems.append(Break(1, f"链首缺失（第一条为 {first}）"))
    report.unsealed, report.sealed_since = seals.unsealed, seals.sealed_since
    if report.unsealed and (late := _unsealed_after_keying(keyring.created.values())):
        report.problems.append(late)

    report.problems += _against_head(tail, tail_hash, head, head_hash)
    if cps:
        report.latest = max(cps, key=lambda cp: (cp.seq, cp.line))
        report.problems += _against_checkpoints(cps, report.latest, tail)
    report.problems.sort(key=lambda b: b.seq)
    return report


def _against_head(tail: int, tail_hash: str, head: int | None, head_hash: str) -> list[Break]:
    """The head row (moved by every append) against the last event."""
    if head is not None and head > tail:
        return [_truncation(tail, head, f"链头记录为第 {head} 号")]
    if head == tail and not same(head_hash, tail_hash):
        return [Break(tail, "链头记录的哈希与最后一条事件不符")]
    return []


def _against_checkpoints(cps: list[Checkpoint], latest: Checkpoint, tail: int) -> list[Break]:
    """The latest checkpoint's seq must still be in the chain, and every
    checkpoint's hash must still be the hash at its seq."""
    found = []
    if latest.seq > tail:
        evidence = f"{latest.at} 的检查点记录链头为第 {latest.seq} 号"
        found.append(_truncation(tail, latest.seq, evidence))
    stored = _hashes_at(sorted({cp.seq for cp in cps if 0 < cp.seq <= tail}))
    for cp in cps:
        if cp.seq in stored and not same(stored[cp.seq], cp.hash):
            reason = f"第 {cp.seq} 号事件的哈希与 {cp.at} 的检查点不符（此前的链被改写）"
            found.append(Break(cp.seq, reason))
    return found


def _unsealed_after_keying(created: Iterable[str]) -> Break | None:
    """An unsealed event dated after the first key was made: its seal, and
    those of all before it, were stripped (a chain re-hashed and stripped
    whole still shows here, checkpoint file or not)."""
    times = []
    for value in created:
        try:
            times.append(datetime.fromisoformat(value))
        except ValueError:
            continue
    if not times:
        return None
    first_key = min(times)
    seq = (
        AuditEvent.objects.filter(key_id="", occurred_at__gt=first_key)
        .order_by("seq")
        .values_list("seq", flat=True)
        .first()
    )
    if seq is None:
        return None
    return Break(
        seq,
        f"写于签名密钥启用（{first_key.isoformat(timespec='seconds')}）之后，却没有密钥签名"
        "（签名被抹去）",
    )


def _hashes_at(seqs: list[int]) -> dict[int, str]:
    found: dict[int, str] = {}
    for part in _batches(seqs):
        found.update(AuditEvent.objects.filter(seq__in=part).values_list("seq", "hash"))
    return found


def verify_chain() -> tuple[int, Break | None]:
    """(events checked, first problem or None). Reads every event in order;
    see `verify_report` for everything that is checked."""
    report = verify_report()
    return report.count, report.broken


def verify_since(after: int, expected_hash: str, upto: int) -> Break | None:
    """The links after a checkpoint (seq `after`, hash `expected_hash`) up
    to `upto`, with their seals: what a new checkpoint vouches for."""
    if upto < after:
        return _truncation(upto, after, f"上一个检查点记录链头为第 {after} 号")
    seals = Seals(load_keyring().keys)
    start = GENESIS
    if after > 0:
        row = AuditEvent.objects.filter(seq=after).values_list("hash", "key_id").first()
        if row is None:
            return Break(after, f"缺失第 {after} 号事件（上一个检查点记录的链头）")
        if not same(row[0], expected_hash):
            return Break(after, f"第 {after} 号事件的哈希与上一个检查点不符（此前的链被改写）")
        start = row[0]
        if row[1]:
            seals.sealed_since = after
    return first_break(_links(after=after, upto=upto), start_hash=start, seals=seals)


def verify_events(events: Iterable[AuditEvent]) -> Break | None:
    """Verify some links of the chain (one case's events) without walking all
    of it. For each event, in order: its predecessor (seq − 1; the genesis
    for the first) exists and its stored hash is this event's `prev_hash`;
    this event's hash recomputed from `prev_hash` and its content equals the
    stored one; and its successor, if any, still names it as predecessor (a
    changed row re-hashed to hide it breaks there). The first broken link, or
    None. Each event's keyed seal is checked too (a row edited and re-hashed
    is named by its own seal). Two queries whatever the number of events."""
    ordered = sorted(events, key=lambda e: e.seq)
    if not ordered:
        return None
    wanted = {e.seq - 1 for e in ordered} | {e.seq + 1 for e in ordered}
    neighbours: dict[int, tuple[str, str, str]] = {}
    for seqs in _batches(sorted(wanted - {0})):
        for seq, prev_hash, hash_, key_id in AuditEvent.objects.filter(seq__in=seqs).values_list(
            "seq", "prev_hash", "hash", "key_id"
        ):
            neighbours[seq] = (prev_hash, hash_, key_id)
    keys = load_keyring().keys
    for event in ordered:
        before = neighbours.get(event.seq - 1)
        if event.seq > 1 and before is None:
            return Break(event.seq - 1, f"缺失第 {event.seq - 1} 号事件（第 {event.seq} 号的前序）")
        seals = Seals(keys)
        if before is not None and before[2]:
            seals.sealed_since = event.seq - 1  # a sealed predecessor: this one must be too
        link = Link(
            event.seq,
            event.prev_hash,
            event.hash,
            event.canonical_event(),
            event.key_id,
            event.mac,
        )
        broken = first_break([link], start_hash=before[1] if before else GENESIS, seals=seals)
        after = neighbours.get(event.seq + 1)
        if broken is None and after is not None and after[0] != event.hash:
            broken = Break(event.seq + 1, f"前序哈希与第 {event.seq} 号事件不符")
        if broken is not None:
            return broken
    return None


def _batches(seqs: list[int], size: int = 900) -> Iterator[list[int]]:
    for i in range(0, len(seqs), size):
        yield seqs[i : i + size]


def latest_events(limit: int = 8) -> list[AuditEvent]:
    """The newest events, newest first. Audit sits below org's authority, so
    the caller decides who may see the trail (the desk checks `audit.view`)."""
    return list(AuditEvent.objects.order_by("-seq")[:limit])

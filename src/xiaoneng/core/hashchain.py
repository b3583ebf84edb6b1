"""The audit hash chain, pure: SM3 over the previous hash and the canonical
form of an event. Canonical form = JSON, keys sorted, no spaces, UTF-8."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes

GENESIS = "0" * 64


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def canonical(event: Mapping[str, Any]) -> bytes:
    return json.dumps(
        event, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def link_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    return sm3_hex(prev_hash.encode("ascii") + canonical(event))


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    event: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def first_break(links: Iterable[Link], start_hash: str = GENESIS) -> Break | None:
    """Walk the chain in order; return the first link that does not hold."""
    expected_prev = start_hash
    expected_seq: int | None = None
    for link in links:
        if expected_seq is not None and link.seq != expected_seq:
            return Break(expected_seq, f"缺失第 {expected_seq} 号事件（下一条为 {link.seq}）")
        if link.prev_hash != expected_prev:
            return Break(link.seq, "前序哈希与上一条事件不符")
        if link_hash(link.prev_hash, link.event) != link.hash:
            return Break(link.seq, "事件内容与其哈希不符（被改动）")
        expected_prev = link.hash
        expected_seq = link.seq + 1
    return None

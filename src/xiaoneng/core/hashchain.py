"""The audit hash chain, pure: SM3 over the previous hash and the canonical
form of an event. Canonical form = JSON, keys sorted, no spaces, UTF-8.

Anchoring: each link also carries a keyed MAC (HMAC-SM3 over its seq and
hash, with a key kept outside the database and named by its key id), so a
chain edited and re-hashed with plain SQL no longer verifies; and checkpoints
(seq, head hash, time, HMAC) kept outside the audit table name the last
events when they are deleted."""

from __future__ import annotations

import hmac as _hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as _crypto_hmac

GENESIS = "0" * 64

_KEY_ID_CONTEXT = b"xiaoneng.audit.key-id\n"
_LINK_CONTEXT = "xiaoneng.audit.link.v1"
_CHECKPOINT_CONTEXT = b"xiaoneng.audit.checkpoint.v1\n"


def sm3_hex(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()


def hmac_sm3_hex(key: bytes, data: bytes) -> str:
    mac = _crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def key_id(key: bytes) -> str:
    """A key's public name (16 hex digits), derived from the key itself so
    that a key given in the environment and the same key in a file agree."""
    return sm3_hex(_KEY_ID_CONTEXT + key)[:16]


def canonical(event: Mapping[str, Any]) -> bytes:
    return json.dumps(
        event, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    ).encode("utf-8")


def link_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    return sm3_hex(prev_hash.encode("ascii") + canonical(event))


def link_mac(key: bytes, seq: int, hash_: str) -> str:
    """The keyed seal of one link: HMAC-SM3 over its seq and its hash (which
    covers the previous hash and the event)."""
    return hmac_sm3_hex(key, f"{_LINK_CONTEXT}\n{seq}\n{hash_}".encode("ascii"))


def checkpoint_mac(key: bytes, fields: Mapping[str, Any]) -> str:
    """HMAC-SM3 over a checkpoint's fields (everything but its `mac`)."""
    body = {k: v for k, v in fields.items() if k != "mac"}
    return hmac_sm3_hex(key, _CHECKPOINT_CONTEXT + canonical(body))


def same(a: str, b: str) -> bool:
    return _hmac.compare_digest(a.encode("ascii", "replace"), b.encode("ascii", "replace"))


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    event: Mapping[str, Any]
    key_id: str = ""
    mac: str = ""


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


class Seals:
    """Checks the keyed seal of each link, in chain order. Links written
    before the chain was keyed carry none; once one link is sealed, every
    later link must be (an unsealed link after a sealed one is a downgrade)."""

    def __init__(self, keys: Mapping[str, bytes]) -> None:
        self.keys = keys
        self.sealed_since: int | None = None
        self.unsealed = 0

    def check(self, link: Link) -> Break | None:
        if not link.key_id and not link.mac:
            if self.sealed_since is not None:
                return Break(link.seq, "缺少密钥签名（在已签名的事件之后：签名被抹去）")
            self.unsealed += 1
            return None
        key = self.keys.get(link.key_id)
        if key is None:
            return Break(link.seq, f"签名密钥 {link.key_id or '（空）'} 不在密钥环中，无法核验")
        if not same(link_mac(key, link.seq, link.hash), link.mac):
            return Break(
                link.seq,
                "密钥签名（HMAC-SM3）不符：该事件（或其之前的事件）被改动后重新计算了哈希",
            )
        if self.sealed_since is None:
            self.sealed_since = link.seq
        return None


def first_break(
    links: Iterable[Link],
    start_hash: str = GENESIS,
    seals: Seals | None = None,
) -> Break | None:
    """Walk the chain in order; return the first link that does not hold.
    With `seals`, each link's keyed seal is checked too."""
    expected_prev = start_hash
    expected_seq: int | None = None
    for link in links:
        if expected_seq is not None and link.seq != expected_seq:
            return Break(expected_seq, f"缺失第 {expected_seq} 号事件（下一条为 {link.seq}）")
        if link.prev_hash != expected_prev:
            return Break(link.seq, "前序哈希与上一条事件不符")
        if link_hash(link.prev_hash, link.event) != link.hash:
            return Break(link.seq, "事件内容与其哈希不符（被改动）")
        if seals is not None and (broken := seals.check(link)) is not None:
            return broken
        expected_prev = link.hash
        expected_seq = link.seq + 1
    return None

"""Sealed bids (电子招标投标办法 art. 31, 36): a bid is encrypted with SM4-GCM
under a fresh random key that only the bidder is given (its 解密码). The
server keeps the ciphertext, a check value of the key (so a wrong code is
told apart from a tampered envelope) and the SM3 digest of the content (the
receipt the bidder keeps); never the key. Before the opening nobody — the
centre, the database administrator — can read a bid; at the opening the
bidder enters its code and the bid is opened.

The code is the 128-bit key in base32, in groups of four ("ABCD-EFGH-…"),
so it can be read out and typed."""

from __future__ import annotations

import base64
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from xiaoneng.core import sealing
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.hashchain import hmac_sm3_hex, sm3_hex

KEY_ID = "bid"
_CHECK_LABEL = b"xiaoneng trading bid key check v1"


@dataclass(frozen=True, slots=True)
class Sealed:
    envelope: str
    key_check: str
    content_digest: str
    code: str  # given to the bidder once, never stored


def canonical(content: dict[str, Any]) -> bytes:
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _code_of(key: bytes) -> str:
    text = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def _key_of(code: str) -> bytes:
    text = "".join(code.split()).replace("-", "").upper()
    try:
        key = base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        key = b""
    if len(key) != sealing.KEY_BYTES:
        raise InvalidInput("解密码格式不正确", code="trading_bid_code_invalid")
    return key


def key_check(key: bytes) -> str:
    return hmac_sm3_hex(key, _CHECK_LABEL)


def seal_bid(content: dict[str, Any]) -> Sealed:
    key = secrets.token_bytes(sealing.KEY_BYTES)
    text = canonical(content)
    return Sealed(
        envelope=sealing.seal(text.decode(), KEY_ID, key),
        key_check=key_check(key),
        content_digest=sm3_hex(text),
        code=_code_of(key),
    )


def open_bid(envelope: str, stored_check: str, code: str) -> dict[str, Any]:
    """The bid's content, given the bidder's code; a wrong code is refused
    (`trading_bid_code_wrong`) and the envelope left as it was."""
    key = _key_of(code)
    if not hmac.compare_digest(key_check(key), stored_check):
        raise InvalidInput("解密码不正确", code="trading_bid_code_wrong")
    content: dict[str, Any] = json.loads(sealing.unseal(envelope, {KEY_ID: key}))
    return content

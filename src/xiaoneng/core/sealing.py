"""Personal data at rest (PIPL art. 51): SM4-GCM sealing and a keyed SM3
digest to find a sealed value by equality. Pure: keys are passed in; the
keyring lives outside the database (`system.pii`).

A sealed value is ``sm4gcm:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>``, so
a value sealed under a retired key still opens after a rotation as long as
the key is kept. The digest is HMAC-SM3 over the normalised text under a
separate digest key (never rotated without re-digesting every row)."""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from xiaoneng.core.errors import DomainError
from xiaoneng.core.hashchain import hmac_sm3_hex

PREFIX = "sm4gcm"
KEY_BYTES = 16  # SM4 is a 128-bit cipher
NONCE_BYTES = 12
TAG_BYTES = 16
_KEY_ID_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_")


class SealError(DomainError):
    """A sealed value cannot be opened: unknown key or tampered text (503)."""

    status = 503
    code = "pii_unsealable"


def seal(text: str, key_id: str, key: bytes) -> str:
    """`text` under `key` (exactly 16 bytes), a fresh random nonce each time,
    the key id authenticated with it (changing the id breaks the tag)."""
    if len(key) != KEY_BYTES:
        raise ValueError(f"SM4 key must be {KEY_BYTES} bytes, not {len(key)}")
    if not key_id or not set(key_id) <= _KEY_ID_CHARS:
        raise ValueError(f"key id must be letters, digits, '-' or '_': {key_id!r}")
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(key_id.encode("ascii"))
    body = encryptor.update(text.encode("utf-8")) + encryptor.finalize()
    packed = base64.b64encode(nonce + body + encryptor.tag).decode("ascii")
    return f"{PREFIX}:{key_id}:{packed}"


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX + ":")


def key_id_of(value: str) -> str:
    """The id of the key a sealed value was sealed under ('' if none)."""
    parts = value.split(":", 2)
    return parts[1] if len(parts) == 3 and parts[0] == PREFIX else ""


def unseal(value: str, keys: Mapping[str, bytes]) -> str:
    try:
        prefix, kid, packed = value.split(":", 2)
        raw = base64.b64decode(packed, validate=True)
    except ValueError:
        raise SealError("个人信息密文格式不正确") from None
    if prefix != PREFIX or len(raw) < NONCE_BYTES + TAG_BYTES:
        raise SealError("个人信息密文格式不正确")
    key = keys.get(kid)
    if key is None:
        raise SealError("个人信息密钥不可用", detail={"key_id": kid})
    if len(key) != KEY_BYTES or not set(kid) <= _KEY_ID_CHARS:
        raise SealError("个人信息密钥不可用", detail={"key_id": kid})
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(kid.encode("ascii"))
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode("utf-8")
    except (InvalidTag, UnicodeDecodeError):
        raise SealError("个人信息密文已被篡改或密钥不符", detail={"key_id": kid}) from None


def normalise(text: str) -> str:
    """What two spellings of one value share: no spaces, upper case (the X of
    an ID number), full-width digits as ASCII."""
    folded = "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" else c for c in text)
    return "".join(folded.split()).upper()


def digest(text: str, key: bytes) -> str:
    """The keyed digest a sealed value is found by (empty text → empty digest)."""
    value = normalise(text)
    return hmac_sm3_hex(key, value.encode("utf-8")) if value else ""

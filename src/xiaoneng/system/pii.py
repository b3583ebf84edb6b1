"""Personal data sealed at rest (SM4-GCM) with a keyed digest for lookups.

Keys live outside the database, like the audit keys: ``XIAONENG_PII_KEY``
(hex keys separated by commas, the first current; at least 16 bytes each)
or else the keyring file ``XIAONENG_PII_KEYRING`` (default
``var/keys/pii.keyring``), created with one fresh key on first use. The
digest key is derived from the *first key ever* (the file's first line, or
the environment's last key) so that rotating the sealing key leaves every
stored digest valid.

    class Complaint(models.Model):
        phone = SealedTextField("联系电话", blank=True)
        phone_digest = models.CharField(max_length=64, blank=True, db_index=True)

    row.phone_digest = pii_digest(phone)
    Complaint.objects.filter(phone_digest=pii_digest(typed))
"""

from __future__ import annotations

import json
import os
import secrets
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models

from xiaoneng.core import sealing
from xiaoneng.core.hashchain import key_id, sm3_hex

KEY_BYTES = 16
_lock = threading.Lock()
_cache: dict[tuple[str, str], tuple[float | None, list[bytes]]] = {}


def _path() -> Path:
    default = Path(settings.VAR_DIR) / "keys" / "pii.keyring"
    return Path(getattr(settings, "PII_KEYRING", "") or default)


def _env_keys() -> list[bytes]:
    raw = str(getattr(settings, "PII_KEY", "") or "")
    keys = []
    for part in raw.split(","):
        if part.strip():
            try:
                key = bytes.fromhex(part.strip())
            except ValueError:
                raise sealing.SealError("XIAONENG_PII_KEY：密钥须为十六进制") from None
            if len(key) < KEY_BYTES:
                raise sealing.SealError("XIAONENG_PII_KEY：密钥至少 16 字节（32 位十六进制）")
            keys.append(key)
    return keys


def _file_keys(path: Path) -> list[bytes]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [bytes.fromhex(json.loads(line)["key"]) for line in lines if line.strip()]


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    line = json.dumps({"key": secrets.token_bytes(KEY_BYTES).hex()}) + "\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first: keep its key
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(line)


def keys() -> list[bytes]:
    """Keys in order of age, oldest first, the current one last."""
    env = _env_keys()
    if env:
        return list(reversed(env))
    path = _path()
    cache_key = (str(path), "")
    stamp = path.stat().st_mtime if path.exists() else None
    cached = _cache.get(cache_key)
    if cached is not None and cached[0] == stamp and cached[1]:
        return cached[1]
    with _lock:
        if stamp is None:
            _create(path)
            stamp = path.stat().st_mtime
        found = _file_keys(path)
        _cache[cache_key] = (stamp, found)
        return found


def seal(text: str) -> str:
    current = keys()[-1]
    return sealing.seal(text, key_id(current), current)


def unseal(value: str) -> str:
    return sealing.unseal(value, {key_id(k): k for k in keys()})


def pii_digest(text: str | None) -> str:
    """The keyed digest to find a sealed value by (normalised; '' for empty)."""
    first = keys()[0]
    digest_key = bytes.fromhex(sm3_hex(b"xiaoneng/pii-digest\n" + first))
    return sealing.digest(text or "", digest_key)


class SealedTextField(models.TextField):  # type: ignore[type-arg]  # generic in the stubs only
    """Text sealed with SM4-GCM in the database, plain in Python. Empty stays
    empty (so `blank` works). Not searchable: store `pii_digest` beside it."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "" or not sealing.is_sealed(value):
            return value
        return unseal(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "" or sealing.is_sealed(value):
            return value
        return seal(str(value))

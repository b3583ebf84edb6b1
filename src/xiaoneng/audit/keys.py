"""The audit chain's keys: HMAC-SM3 keys kept outside the database.

Where they come from, first match wins for the *current* key (the one new
events are sealed with):

1. `XIAONENG_AUDIT_KEY` (setting `AUDIT_KEY`): hex keys separated by commas,
   the first is current, the others retired ones still needed to verify
   older events (rotation in the environment: put the new key first).
2. The keyring file (`XIAONENG_AUDIT_KEYRING`, setting `AUDIT_KEYRING`,
   default `var/keys/audit.keyring`), JSON lines `{"id", "key", "created"}`;
   the last line is current. Created with one fresh key on first use (mode
   0600 in a 0700 directory); `xiaoneng audit rotate-key` appends a new one.

Keys from both places are known when verifying. A key is named by its id
(`core.hashchain.key_id`), which every event and checkpoint records, so the
chain stays verifiable after a rotation as long as the old keys are kept.
The file is re-read when it changes (one stat per append), so a rotation
reaches every running process without a restart."""

from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from xiaoneng.core import keyring
from xiaoneng.core.errors import DomainError
from xiaoneng.core.hashchain import key_id

log = logging.getLogger("xiaoneng.audit")

KEY_BYTES = 32
MIN_KEY_BYTES = 16


class AuditKeyError(DomainError):
    """The keyring is missing, unreadable or malformed: audited writes stop
    rather than go unsealed."""

    status = 503
    code = "audit_key_unavailable"


@dataclass(frozen=True)
class Keyring:
    current_id: str | None
    keys: dict[str, bytes] = field(default_factory=dict)
    source: str = ""  # "env", "file", "env+file" or "" (none yet)
    created: dict[str, str] = field(default_factory=dict)

    def current(self) -> tuple[str, bytes]:
        if self.current_id is None:
            raise AuditKeyError("审计链没有可用的签名密钥")
        return self.current_id, self.keys[self.current_id]


def keyring_path() -> Path:
    return Path(settings.AUDIT_KEYRING)


def _env_keys() -> list[bytes]:
    raw = str(getattr(settings, "AUDIT_KEY", "") or "")
    try:
        return keyring.parse_env(raw, "XIAONENG_AUDIT_KEY", MIN_KEY_BYTES)
    except keyring.KeyringError as exc:
        raise AuditKeyError(exc.message) from None


def _read_file(path: Path) -> list[keyring.Entry]:
    """The file's keys in order; the last is current."""
    try:
        return keyring.read(path, MIN_KEY_BYTES)
    except keyring.KeyringError as exc:
        raise AuditKeyError(exc.message) from None


_cache: dict[tuple[str, str], tuple[tuple[int, int, int] | None, Keyring]] = {}
_lock = threading.Lock()


def load_keyring(*, create: bool = False) -> Keyring:
    """The keys in force. With `create`, a missing keyring file is created
    with one fresh key when the environment gives none (first start)."""
    path = keyring_path()
    env_raw = str(getattr(settings, "AUDIT_KEY", "") or "")
    cache_key = (str(path), env_raw)
    stamp = keyring.stamp(path)
    cached = _cache.get(cache_key)
    if cached is not None and cached[0] == stamp and (cached[1].current_id or not create):
        return cached[1]
    with _lock:
        env = _env_keys()
        if stamp is None and create and not env:
            if keyring.create(path, secrets.token_bytes(KEY_BYTES)):
                log.warning("审计链签名密钥已生成：%s（请备份，丢失后旧事件无法核验签名）", path)
            stamp = keyring.stamp(path)
        entries = _read_file(path) if stamp is not None else []
        if entries and stamp is not None and keyring.readable_by_others(path):
            log.warning("审计密钥环 %s 可被其他用户读取，请改为 0600", path)
        keys: dict[str, bytes] = {}
        created: dict[str, str] = {}
        for entry in entries:
            keys[entry.id] = entry.key
            created[entry.id] = entry.created
        for key in env:
            keys.setdefault(key_id(key), key)
        current = key_id(env[0]) if env else (entries[-1].id if entries else None)
        source = "+".join(name for name, used in (("env", env), ("file", entries)) if used)
        ring = Keyring(current_id=current, keys=keys, source=source, created=created)
        _cache[cache_key] = (stamp, ring)
        return ring


def signing_key() -> tuple[str, bytes]:
    """(key id, key) to seal new events and checkpoints with."""
    return load_keyring(create=True).current()


def rotate_key() -> str:
    """Append a fresh key to the keyring file and make it current; returns
    its id. Old keys stay in the file: they verify the events they sealed."""
    if _env_keys():
        raise AuditKeyError(
            "审计密钥来自环境变量 XIAONENG_AUDIT_KEY：请生成新密钥（64 位十六进制），"
            "把它放在该变量的最前面、旧密钥以逗号隔开留在后面，然后重启服务"
        )
    key = secrets.token_bytes(KEY_BYTES)
    with _lock:
        keyring.append(keyring_path(), key)
        _cache.clear()
    return key_id(key)

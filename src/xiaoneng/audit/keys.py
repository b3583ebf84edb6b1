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

import json
import logging
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

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


def _parse_hex(value: str, where: str) -> bytes:
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        raise AuditKeyError(f"{where}：密钥须为十六进制") from None
    if len(key) < MIN_KEY_BYTES:
        raise AuditKeyError(
            f"{where}：密钥至少 {MIN_KEY_BYTES} 字节（{2 * MIN_KEY_BYTES} 位十六进制）"
        )
    return key


def _env_keys() -> list[bytes]:
    raw = str(getattr(settings, "AUDIT_KEY", "") or "")
    return [_parse_hex(part, "XIAONENG_AUDIT_KEY") for part in raw.split(",") if part.strip()]


def _read_file(path: Path) -> list[tuple[str, bytes, str]]:
    """(id, key, created) per line, in order; the last is current."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = _parse_hex(str(row["key"]), f"{path} 第 {number} 行")
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditKeyError(f"密钥环 {path} 第 {number} 行无法读取：{exc}") from None
        if row.get("id") and row["id"] != key_id(key):
            raise AuditKeyError(f"密钥环 {path} 第 {number} 行：编号与密钥不符")
        entries.append((key_id(key), key, str(row.get("created", ""))))
    return entries


def _line(key: bytes) -> str:
    created = datetime.now(UTC).isoformat(timespec="microseconds")
    return json.dumps({"id": key_id(key), "key": key.hex(), "created": created}) + "\n"


def _write_atomically(path: Path, text: str, *, exclusive: bool) -> bool:
    """Write `text` to `path` with mode 0600 through a temporary file in the
    same directory. With `exclusive`, never replace an existing file (two
    processes starting at once keep the first key): False if one existed."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".audit-keyring-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o600)
        if exclusive:
            try:
                os.link(tmp, path)
            except FileExistsError:
                return False
        else:
            os.replace(tmp, path)
            tmp = ""
        return True
    finally:
        if tmp:
            Path(tmp).unlink(missing_ok=True)


_cache: dict[tuple[str, str], tuple[tuple[int, int] | None, Keyring]] = {}
_lock = threading.Lock()


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_mtime_ns, stat.st_size


def load_keyring(*, create: bool = False) -> Keyring:
    """The keys in force. With `create`, a missing keyring file is created
    with one fresh key when the environment gives none (first start)."""
    path = keyring_path()
    env_raw = str(getattr(settings, "AUDIT_KEY", "") or "")
    cache_key = (str(path), env_raw)
    stamp = _stamp(path)
    cached = _cache.get(cache_key)
    if cached is not None and cached[0] == stamp and (cached[1].current_id or not create):
        return cached[1]
    with _lock:
        env = _env_keys()
        if stamp is None and create and not env:
            if _write_atomically(path, _line(secrets.token_bytes(KEY_BYTES)), exclusive=True):
                log.warning("审计链签名密钥已生成：%s（请备份，丢失后旧事件无法核验签名）", path)
            stamp = _stamp(path)
        entries = _read_file(path) if stamp is not None else []
        if entries and stamp is not None and path.stat().st_mode & 0o077:
            log.warning("审计密钥环 %s 可被其他用户读取，请改为 0600", path)
        keys: dict[str, bytes] = {}
        created: dict[str, str] = {}
        for kid, key, when in entries:
            keys[kid] = key
            created[kid] = when
        for key in env:
            keys.setdefault(key_id(key), key)
        current = key_id(env[0]) if env else (entries[-1][0] if entries else None)
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
    path = keyring_path()
    with _lock:
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        key = secrets.token_bytes(KEY_BYTES)
        _write_atomically(path, existing + _line(key), exclusive=False)
        _cache.clear()
    return key_id(key)

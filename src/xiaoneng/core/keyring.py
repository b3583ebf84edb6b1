"""Keyring files kept outside the database, shared by the audit chain's keys
(`audit.keys`) and the personal-data keys (`system.pii`). Pure: no settings,
the caller passes the path and says what a bad line is called.

A keyring is JSON lines ``{"id", "key", "created"}``, oldest first, the last
one current. The file is mode 0600 in a 0700 directory. It is created
*exclusively* (written to a temporary file, then hard-linked into place, so
two processes starting at once keep one key: the second one's link fails and
it reads the first one's file), and rotated by appending a line through a
temporary file and an atomic rename, under an advisory lock so that two
rotations at once keep both keys."""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from xiaoneng.core.hashchain import key_id


class KeyringError(Exception):
    """A key or keyring line cannot be read; `message` is in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Entry:
    id: str
    key: bytes
    created: str


def parse_hex(value: str, where: str, min_bytes: int) -> bytes:
    try:
        key = bytes.fromhex(value.strip())
    except ValueError:
        raise KeyringError(f"{where}：密钥须为十六进制") from None
    if len(key) < min_bytes:
        raise KeyringError(f"{where}：密钥至少 {min_bytes} 字节（{2 * min_bytes} 位十六进制）")
    return key


def parse_env(raw: str, where: str, min_bytes: int) -> list[bytes]:
    """Hex keys separated by commas, in the order written."""
    return [parse_hex(part, where, min_bytes) for part in raw.split(",") if part.strip()]


def read(path: Path, min_bytes: int) -> list[Entry]:
    """The file's keys in order, oldest first; a line whose id does not
    match its key is refused (a key pasted into the wrong line)."""
    entries = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            row = json.loads(text)
            key = parse_hex(str(row["key"]), f"{path} 第 {number} 行", min_bytes)
        except KeyringError:
            raise
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyringError(f"密钥环 {path} 第 {number} 行无法读取：{exc}") from None
        if row.get("id") and row["id"] != key_id(key):
            raise KeyringError(f"密钥环 {path} 第 {number} 行：编号与密钥不符")
        entries.append(Entry(key_id(key), key, str(row.get("created", ""))))
    return entries


def line(key: bytes) -> str:
    created = datetime.now(UTC).isoformat(timespec="microseconds")
    return json.dumps({"id": key_id(key), "key": key.hex(), "created": created}) + "\n"


def write_atomically(path: Path, text: str, *, exclusive: bool) -> bool:
    """Write `text` to `path` with mode 0600 through a temporary file in the
    same directory (made 0700 if new). With `exclusive`, never replace an
    existing file: False if one existed (its keys are kept)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
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


def create(path: Path, key: bytes) -> bool:
    """A new keyring holding `key`; False (and nothing written) if another
    process created one first."""
    return write_atomically(path, line(key), exclusive=True)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path.parent / f".{path.name}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def append(path: Path, key: bytes) -> None:
    """Make `key` current: the file with one more line, replaced atomically
    (readers see the old file or the new one, never half of it)."""
    with _locked(path):
        existing = path.read_text(encoding="utf-8") if path.exists() else ""
        if existing and not existing.endswith("\n"):
            existing += "\n"
        write_atomically(path, existing + line(key), exclusive=False)


def stamp(path: Path) -> tuple[int, int, int] | None:
    """What changes when the file does (a cache's validity), None if absent."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def readable_by_others(path: Path) -> bool:
    return bool(path.stat().st_mode & 0o077)

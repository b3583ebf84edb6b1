"""Checkpoints of the audit chain's head, kept outside the audit table.

One JSON line per checkpoint, appended to `settings.AUDIT_CHECKPOINTS`
(`XIAONENG_AUDIT_CHECKPOINTS`, default `var/audit/checkpoints.jsonl`):
`{"at", "hash", "key_id", "mac", "seq"}` — the head's seq and hash, the time
(UTC), the key that signed it and HMAC-SM3 over the other fields. A chain
whose last events were deleted no longer reaches the latest checkpoint's
seq; a chain rewritten before it no longer has its hash there. Lines are
only appended (`audit.actions.write_checkpoint`); this module reads, parses
and checks them, and knows nothing of the database."""

from __future__ import annotations

import fcntl
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings

from xiaoneng.core.hashchain import Break, checkpoint_mac, same

FIELDS = ("at", "hash", "key_id", "mac", "seq")


@dataclass(frozen=True)
class Checkpoint:
    line: int
    seq: int
    hash: str
    at: str
    key_id: str
    mac: str

    def fields(self) -> dict[str, Any]:
        return {"at": self.at, "hash": self.hash, "key_id": self.key_id, "seq": self.seq}

    def as_line(self) -> str:
        return json.dumps({**self.fields(), "mac": self.mac}, sort_keys=True) + "\n"


def checkpoints_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINTS)


def sign(*, seq: int, hash_: str, at: str, key_id: str, key: bytes, line: int = 0) -> Checkpoint:
    fields = {"at": at, "hash": hash_, "key_id": key_id, "seq": seq}
    return Checkpoint(line, seq, hash_, at, key_id, checkpoint_mac(key, fields))


@contextmanager
def locked(path: Path, *, exclusive: bool) -> Iterator[IO[str]]:
    """The checkpoint file opened for reading and appending, under an
    advisory lock (exclusive to append, shared to read), created if absent."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        try:
            handle.seek(0)
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def parse(text: str, keys: Mapping[str, bytes]) -> tuple[list[Checkpoint], list[Break]]:
    """The checkpoints whose signature holds, in file order, and a problem
    for each line that does not (named by the seq it claims, else 0)."""
    good: list[Checkpoint] = []
    problems: list[Break] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
            cp = Checkpoint(
                number,
                int(row["seq"]),
                str(row["hash"]),
                str(row["at"]),
                str(row["key_id"]),
                str(row["mac"]),
            )
        except (ValueError, KeyError, TypeError):
            problems.append(Break(0, f"检查点文件第 {number} 行无法读取（被改动或截断）"))
            continue
        key = keys.get(cp.key_id)
        if key is None:
            problems.append(
                Break(cp.seq, f"检查点文件第 {number} 行的签名密钥 {cp.key_id} 不在密钥环中")
            )
        elif not same(checkpoint_mac(key, cp.fields()), cp.mac):
            problems.append(Break(cp.seq, f"检查点文件第 {number} 行签名不符（被改动或伪造）"))
        else:
            good.append(cp)
    return good, problems


def read(
    keys: Mapping[str, bytes], path: Path | None = None
) -> tuple[list[Checkpoint], list[Break], bool]:
    """(valid checkpoints, problems, whether the file exists)."""
    path = path or checkpoints_path()
    if not path.exists():
        return [], [], False
    with locked(path, exclusive=False) as handle:
        text = handle.read()
    good, problems = parse(text, keys)
    return good, problems, True

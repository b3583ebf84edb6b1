"""Backups of the database and the uploaded materials (`xiaoneng backup`).

A backup is a directory of three files:

- the database: `database.pgdump` (`pg_dump --format=custom`) on PostgreSQL,
  `database.sqlite3` (SQLite's online backup API) on SQLite;
- `media.tar`: MEDIA_ROOT, the uploaded application materials;
- `manifest.json`, written last (a directory without it is an unfinished
  backup): when, which engine, the audit chain's last event (seq, hash), the
  row count of every table and the sha256 of the two other files.

On PostgreSQL the counts and the chain's head are read in the very snapshot
pg_dump dumps (`pg_export_snapshot`, also on a hot standby), so the manifest
describes exactly what the dump holds while the primary keeps writing.

The keys (audit and personal-data keyrings, the secret key) are never put in
the backup: whoever holds a copy of the database must not hold what opens
its sealed columns. `key_files` names them; `copy_keys` copies them to a
separate directory for the operator to store apart. `system.restores`
restores a backup and verifies it."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from xiaoneng.audit.models import AuditEvent

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DUMP_FILES = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
_AUDIT_TABLE = AuditEvent._meta.db_table


class BackupRefused(Exception):
    """A backup or restore that cannot go on; the message says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP_FILES:
        raise BackupRefused(f"不支持备份 {vendor} 数据库（仅支持 PostgreSQL 和 SQLite）")
    return vendor


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupRefused(
            f"找不到 {name}：请安装与数据库服务器同版本或更新的 PostgreSQL 客户端"
            "（Debian/Ubuntu：apt-get install postgresql-client）"
        )
    return found


def pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database: the password goes to
    pg_dump / pg_restore in the environment, never on a command line."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGDATABASE", db.get("NAME")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def run_tool(command: list[str], *, env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603 - our own arguments
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise BackupRefused(f"{Path(command[0]).name} 失败（退出码 {done.returncode}）：{said}")


def sqlite_path() -> Path:
    return Path(settings.DATABASES["default"]["NAME"])


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


# --- What a backup records -------------------------------------------------


def _counts(cursor: Any, tables: list[str], quote: Any) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 - introspected names
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _audit_tail(cursor: Any, tables: list[str]) -> dict[str, Any]:
    if _AUDIT_TABLE not in tables:
        return {"seq": 0, "hash": ""}
    cursor.execute(f"SELECT seq, hash FROM {_AUDIT_TABLE} ORDER BY seq DESC LIMIT 1")  # noqa: S608
    row = cursor.fetchone()
    return {"seq": int(row[0]), "hash": str(row[1])} if row else {"seq": 0, "hash": ""}


def database_state() -> tuple[dict[str, int], dict[str, Any]]:
    """(row count of every table, the audit chain's last event) of the
    configured database, as the restore compares them with the manifest."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        return _counts(cursor, tables, connection.ops.quote_name), _audit_tail(cursor, tables)


@dataclass
class Taken:
    directory: Path
    manifest: dict[str, Any]


def take_backup(directory: Path) -> Taken:
    """Back up the configured database and MEDIA_ROOT into `directory`,
    which must be new or empty; the manifest is written last."""
    kind = engine()
    _prepare(directory)
    started = datetime.now(UTC)  # the machine's real time, even in a travelled demo
    dump = directory / DUMP_FILES[kind]
    if kind == "postgresql":
        counts, audit, source = _dump_postgresql(dump)
    else:
        counts, audit, source = _copy_sqlite(dump)
    media_files = _tar_media(directory / MEDIA_TAR)
    manifest = {
        "format": FORMAT,
        "created_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": kind,
        "source": source,
        "audit": audit,
        "tables": counts,
        "media_files": media_files,
        "files": {
            path.name: {"sha256": sha256_of(path), "bytes": path.stat().st_size}
            for path in (dump, directory / MEDIA_TAR)
        },
    }
    partial = directory / (MANIFEST + ".partial")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    partial.replace(directory / MANIFEST)
    return Taken(directory, manifest)


def _prepare(directory: Path) -> None:
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise BackupRefused(f"备份目录 {directory} 已存在且不为空：每次备份请用新的目录")
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)


@contextmanager
def _exported_snapshot() -> Iterator[tuple[Any, str]]:
    """A read-only repeatable-read transaction whose snapshot pg_dump imports."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        yield cursor, cursor.fetchone()[0]
        connection.set_rollback(True)  # it only read: nothing to commit


def _dump_postgresql(dump: Path) -> tuple[dict[str, int], dict[str, Any], dict[str, Any]]:
    pg_dump = pg_tool("pg_dump")
    with _exported_snapshot() as (cursor, snapshot):
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('server_version')")
        standby, version = cursor.fetchone()
        tables = connection.introspection.table_names(cursor)
        counts = _counts(cursor, tables, connection.ops.quote_name)
        audit = _audit_tail(cursor, tables)
        command = [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"]
        run_tool(command, env=pg_environment())
    db = settings.DATABASES["default"]
    source = {
        "database": db.get("NAME"),
        "host": db.get("HOST") or "",
        "server_version": version,
        "standby": bool(standby),
    }
    return counts, audit, source


def _copy_sqlite(dump: Path) -> tuple[dict[str, int], dict[str, Any], dict[str, Any]]:
    path = sqlite_path()
    if not path.is_file():
        raise BackupRefused(f"SQLite 数据库文件 {path} 不存在")
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    copy = sqlite3.connect(dump)
    try:
        source.backup(copy)  # page by page, consistent while others write
        # Counted in the copy: exactly what the backup holds.
        cursor = copy.cursor()
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        tables = [name for (name,) in cursor.fetchall()]
        counts = _counts(cursor, tables, lambda name: '"' + name.replace('"', '""') + '"')
        audit = _audit_tail(cursor, tables)
    finally:
        copy.close()
        source.close()
    dump.chmod(0o600)
    return counts, audit, {"database": str(path)}


def _tar_media(target: Path) -> int:
    """MEDIA_ROOT into an uncompressed tar (materials are PDFs and images,
    compressed already); the number of files in it."""
    root = media_root()
    files = 0
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                archive.add(path, arcname=str(path.relative_to(root)), recursive=False)
                files += path.is_file()
    target.chmod(0o600)
    return files


# --- The keys, kept apart -------------------------------------------------------


@dataclass(frozen=True)
class KeyFile:
    label: str
    path: Path | None  # None: the key comes from an environment variable
    variable: str

    @property
    def where(self) -> str:
        if self.path is None:
            return f"环境变量 {self.variable}"
        return str(self.path) + ("" if self.path.exists() else "（尚未生成）")


def key_files() -> list[KeyFile]:
    """Where the keys that are not in the database live."""

    def located(label: str, variable: str, path: Path) -> KeyFile:
        return KeyFile(label, None if os.environ.get(variable) else path, variable)

    var_dir = Path(settings.VAR_DIR)
    return [
        located("审计签名密钥环", "XIAONENG_AUDIT_KEY", Path(settings.AUDIT_KEYRING)),
        located("个人信息加密密钥环", "XIAONENG_PII_KEY", Path(settings.PII_KEYRING)),
        located("会话与签名密钥（SECRET_KEY）", "XIAONENG_SECRET_KEY", var_dir / "secret_key"),
        # Not secret, but its worth is living apart from the database it vouches for.
        KeyFile("审计链检查点", Path(settings.AUDIT_CHECKPOINTS), "XIAONENG_AUDIT_CHECKPOINTS"),
    ]


def copy_keys(target: Path, backup: Path) -> list[Path]:
    """Copy the key files that exist into `target`, a directory other than
    the backup's and not inside it; the copies are readable by the owner only."""
    target, backup = target.resolve(), backup.resolve()
    if target == backup or backup in target.parents:
        raise BackupRefused("密钥必须与数据库备份分开存放：--with-keys 不能是备份目录或其子目录")
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    copied = []
    for key in key_files():
        if key.path is not None and key.path.is_file():
            destination = target / key.path.name
            shutil.copyfile(key.path, destination)
            destination.chmod(0o600)
            copied.append(destination)
    return copied

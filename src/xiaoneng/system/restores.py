"""Restore a backup of `system.backups` (`xiaoneng restore`) into the
configured database and MEDIA_ROOT, then prove it is the backup.

Before anything is written: the manifest is there (the backup finished),
its engine is this one, every file's sha256 is the manifest's (a changed
byte in the dump or the materials refuses the restore), the keys the data
needs are in place, and the database and MEDIA_ROOT are empty unless
`force`. After: every table has the manifest's row count, the audit chain
ends at the manifest's last event and holds up to it (SM3 links, keyed
seals, checkpoints), and every sealed personal-data value has its key."""

from __future__ import annotations

import json
import sqlite3
import tarfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, connections

from xiaoneng.audit.selectors import verify_report
from xiaoneng.system import pii
from xiaoneng.system.backups import (
    DUMP_FILES,
    FORMAT,
    MANIFEST,
    MEDIA_TAR,
    BackupRefused,
    database_state,
    engine,
    key_files,
    media_root,
    pg_environment,
    pg_tool,
    run_tool,
    sha256_of,
    sqlite_path,
)


@dataclass
class Restored:
    manifest: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def read_manifest(directory: Path) -> dict[str, Any]:
    path = directory / MANIFEST
    if not path.is_file():
        raise BackupRefused(f"{directory} 中没有 {MANIFEST}：不是备份目录，或备份没有完成")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupRefused(f"{path} 无法读取：{exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupRefused(f"备份格式 {manifest.get('format')} 不是本程序的格式 {FORMAT}")
    return manifest


def file_problems(directory: Path, manifest: dict[str, Any]) -> list[str]:
    """Each file of the backup against the manifest's sha256."""
    found = []
    for name, expected in sorted(manifest.get("files", {}).items()):
        path = directory / name
        if not path.is_file():
            found.append(f"备份文件 {name} 缺失")
        elif sha256_of(path) != expected["sha256"]:
            found.append(f"备份文件 {name} 的 sha256 与清单不符（文件被改动或损坏）")
    return found


def _missing_keys() -> list[str]:
    needed = [
        key for key in key_files() if key.variable in {"XIAONENG_AUDIT_KEY", "XIAONENG_PII_KEY"}
    ]
    return [
        f"{key.label} {key.path} 不存在：先把与备份分开保存的密钥文件放回原处"
        f"（或设置环境变量 {key.variable}），再恢复"
        for key in needed
        if key.path is not None and not key.path.is_file()
    ]


def _database_is_empty() -> bool:
    if engine() == "sqlite" and not sqlite_path().exists():
        return True
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _refusals(directory: Path, manifest: dict[str, Any], force: bool) -> list[str]:
    if manifest.get("engine") != engine():
        return [f"这是 {manifest.get('engine')} 数据库的备份，当前配置的是 {engine()} 数据库"]
    found = file_problems(directory, manifest) + _missing_keys()
    if not force and not _database_is_empty():
        found.append("目标数据库不是空的：确认要覆盖时加 --force")
    root = media_root()
    if not force and root.is_dir() and any(root.iterdir()):
        found.append(f"MEDIA_ROOT（{root}）不是空的：确认要覆盖时加 --force")
    return found


def restore_backup(directory: Path, *, force: bool = False) -> Restored:
    """Check, restore, verify. Refused (BackupRefused) before anything is
    written; a restored database that does not match the backup is
    reported in `problems`."""
    manifest = read_manifest(directory)
    refused = _refusals(directory, manifest, force)
    if refused:
        raise BackupRefused("拒绝恢复：\n" + "\n".join(f"  - {reason}" for reason in refused))
    dump = directory / DUMP_FILES[manifest["engine"]]
    connections.close_all()  # no session of ours holds a lock the restore waits for
    if manifest["engine"] == "postgresql":
        _restore_postgresql(dump, force=force)
    else:
        _restore_sqlite(dump)
    _unpack_media(directory / MEDIA_TAR)
    return verify_restored(manifest)


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    env = pg_environment()
    command = [
        pg_tool("pg_restore"),
        "--no-owner",
        # Grants name roles the target server may not have; the service's
        # own role owns what it restores and needs none.
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",  # all or nothing
        f"--dbname={env.get('PGDATABASE', '')}",
    ]
    if force:
        command += ["--clean", "--if-exists"]
    run_tool([*command, str(dump)], env=env)


def _restore_sqlite(dump: Path) -> None:
    source = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
    target = sqlite3.connect(sqlite_path())
    try:
        source.backup(target)  # replaces the target's pages whole
    finally:
        target.close()
        source.close()


def _unpack_media(archive: Path) -> None:
    root = media_root()
    root.mkdir(parents=True, exist_ok=True, mode=0o700)
    with tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, links out of the root and devices.
        tar.extractall(root, filter="data")


def verify_restored(manifest: dict[str, Any]) -> Restored:
    """The configured database and MEDIA_ROOT against a backup's manifest."""
    done = Restored(manifest)
    counts, tail = database_state()
    for table, expected in sorted(manifest["tables"].items()):
        got = counts.get(table)
        if got is None:
            done.problems.append(f"表 {table} 缺失")
        elif got != expected:
            done.problems.append(f"表 {table}：备份时 {expected} 行，恢复后 {got} 行")
    _verify_chain(manifest["audit"], tail, done)
    _verify_pii_keys(done)
    files = sum(1 for path in media_root().rglob("*") if path.is_file())
    if files < manifest.get("media_files", 0):
        done.problems.append(f"材料文件：备份时 {manifest['media_files']} 个，恢复后 {files} 个")
    return done


def _verify_chain(head: dict[str, Any], tail: dict[str, Any], done: Restored) -> None:
    """The chain ends at the backup's last event and holds up to it. What the
    checkpoint file knows of later events is what the backup cannot have:
    a warning (those events are lost), not a broken restore."""
    if (tail["seq"], tail["hash"]) != (head["seq"], head["hash"]):
        done.problems.append(
            f"审计链末条为第 {tail['seq']} 号（{tail['hash'][:12]}…），"
            f"备份清单为第 {head['seq']} 号（{head['hash'][:12]}…）"
        )
    report = verify_report()
    done.warnings += report.warnings
    for problem in report.problems:
        if problem.seq <= head["seq"]:
            done.problems.append(f"审计链：第 {problem.seq} 号事件，{problem.reason}")
        else:
            done.warnings.append(f"备份之后的事件不在备份中：{problem.reason}")


def _verify_pii_keys(done: Restored) -> None:
    ids = set(pii.load_keyring().ids)
    for kid, count in sorted(pii.count_by_key().items()):
        if kid != "plain" and kid not in ids:
            done.problems.append(f"{count} 条个人信息用密钥 {kid} 加密，该密钥不在密钥环中")

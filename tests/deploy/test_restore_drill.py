"""The backup and restore drill, end to end, as an operator runs it: cases
with uploaded materials are made through the actions and committed (the
test is transactional: `xiaoneng backup` runs in another process and reads
what is committed), `xiaoneng backup` dumps the test database and the
materials, the live system moves on, `xiaoneng restore` loads the backup
into a scratch database (PostgreSQL: `xn_drill_<pid>`, created and dropped
here; SQLite: a scratch file) and a scratch MEDIA_ROOT. Then: every table's
row count is the backup's, the materials are byte for byte the same, and
`xiaoneng audit verify` finds the restored chain intact. A backup with one
byte changed, in the dump or in the materials, is refused.

Runs on the engine the suite runs on (SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from xiaoneng.audit.actions import write_checkpoint
from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions
from xiaoneng.cases.models import CaseAttachment
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.org.models import User
from xiaoneng.system.backups import DUMP_FILES, MEDIA_TAR, database_state, sha256_of
from xiaoneng.system.restores import file_problems, verify_restored

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n"
CASES = 3


# --- Where things are: the live system and the scratch one ---------------------


def _postgres_url(name: str) -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{quote(db['USER'])}{password}@{host}:{db.get('PORT') or 5432}/{name}"


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(_postgres_url(connection.settings_dict["NAME"]), autocommit=True) as c:
        c.execute(statement)


@pytest.fixture
def scratch(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The restore's target: an empty database of the suite's engine."""
    if connection.vendor == "postgresql":
        name = f"xn_drill_{os.getpid()}"
        _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        _admin_sql(f"CREATE DATABASE {name}")
        yield {"DATABASE_URL": _postgres_url(name), "name": name}
        _admin_sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        yield {"XIAONENG_SQLITE_PATH": str(tmp_path / "restored.sqlite3")}


def _environment(tmp_path: Path, database: dict[str, Any], media: Path) -> dict[str, str]:
    """A product process on `database` and `media`, with the suite's keys
    and checkpoint file (the keys live apart from any backup)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name
        not in {"DATABASE_URL", "XIAONENG_AUDIT_KEY", "XIAONENG_PII_KEY", "XIAONENG_PARENT_PID"}
    }
    env.update(
        XIAONENG_VAR_DIR=str(tmp_path / "var"),
        XIAONENG_MEDIA_ROOT=str(media),
        XIAONENG_AUDIT_KEYRING=str(django_settings.AUDIT_KEYRING),
        XIAONENG_PII_KEYRING=str(django_settings.PII_KEYRING),
        XIAONENG_AUDIT_CHECKPOINTS=str(django_settings.AUDIT_CHECKPOINTS),
        PYTHONUNBUFFERED="1",
    )
    env.update({k: v for k, v in database.items() if k != "name"})
    return env


def _live_database() -> dict[str, Any]:
    if connection.vendor == "postgresql":
        return {"DATABASE_URL": _postgres_url(connection.settings_dict["NAME"])}
    return {"XIAONENG_SQLITE_PATH": str(connection.settings_dict["NAME"])}


def xiaoneng(env: dict[str, str], *command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "xiaoneng.cli", *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# --- What is compared, read without the product's code --------------------------


def _scratch_counts(scratch: dict[str, Any], tables: list[str]) -> dict[str, int]:
    if "name" in scratch:
        import psycopg

        with psycopg.connect(scratch["DATABASE_URL"]) as c:
            return {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    with sqlite3.connect(scratch["XIAONENG_SQLITE_PATH"]) as c:
        return {t: c.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608


def _live_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        found = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608
            found[table] = cursor.fetchone()[0]
    return found


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _tampered(backup: Path, name: str) -> Path:
    """A copy of the backup directory with one bit of its file `name` flipped."""
    copy = backup.with_name(f"tampered-{name}")
    shutil.copytree(backup, copy)
    _flip_one_bit(copy / name)
    return copy


def _flip_one_bit(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


# --- The drill -------------------------------------------------------------------


def _apply_with_materials(users: dict[str, User], item: ApprovalItem) -> None:
    material = item.materials.get()
    for n in range(CASES):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=item.code, applicant_name=f"演练企业{n}"
        )
        pdf = PDF + f"% 演练材料 {n}\n%%EOF\n".encode()
        actions.attach_material(
            actor=users["applicant"],
            case_id=case.pk,
            file=SimpleUploadedFile(f"申请书{n}.pdf", pdf, "application/pdf"),
            material_id=material.pk,
        )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_whole_and_a_tampered_one_is_refused(
    users: dict[str, User],
    promise_item: ApprovalItem,
    settings: Any,
    tmp_path: Path,
    scratch: dict[str, Any],
) -> None:
    live_media, restored_media = tmp_path / "media-live", tmp_path / "media-restored"
    settings.MEDIA_ROOT = live_media
    _apply_with_materials(users, promise_item)
    write_checkpoint()
    assert CaseAttachment.objects.count() == CASES
    live = _environment(tmp_path, _live_database(), live_media)
    backup = tmp_path / "backup"

    made = xiaoneng(live, "backup", "--to", str(backup), "--with-keys", str(tmp_path / "keys"))
    assert made.returncode == 0, made.stderr
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    at_backup = _live_counts()
    head = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    assert manifest["tables"] == at_backup
    assert (manifest["audit"]["seq"], manifest["audit"]["hash"]) == head
    assert manifest["media_files"] == CASES
    apart = [settings.AUDIT_KEYRING, settings.PII_KEYRING, settings.AUDIT_CHECKPOINTS]
    assert sorted(p.name for p in (tmp_path / "keys").iterdir()) == sorted(
        [*(Path(p).name for p in apart), "secret_key"]
    )
    assert not any("keyring" in p.name for p in backup.iterdir())  # keys kept apart

    # The live system moves on after the backup, and checkpoints it.
    actions.submit_application(
        actor=users["applicant"], item_code=promise_item.code, applicant_name="备份后的申请"
    )
    write_checkpoint()

    target = _environment(tmp_path, scratch, restored_media)
    restored = xiaoneng(target, "restore", "--from", str(backup))
    assert restored.returncode == 0, restored.stderr
    assert "恢复完成并核验无误" in restored.stdout
    assert "备份之后的事件不在备份中" in restored.stderr  # lost since the backup, and said so
    assert _scratch_counts(scratch, list(at_backup)) == at_backup
    assert _files(restored_media) == _files(live_media)
    # The live checkpoints know of the event after the backup: judged without them.
    alone = {**target, "XIAONENG_AUDIT_CHECKPOINTS": str(tmp_path / "none.jsonl")}
    verified = xiaoneng(alone, "audit", "--skip-checks", "verify")
    assert verified.returncode == 0, verified.stderr
    assert f"共 {head[0]} 条事件" in verified.stdout

    dump_file = DUMP_FILES[connection.vendor]
    dump, media = _tampered(backup, dump_file), _tampered(backup, MEDIA_TAR)
    keyless = {**target, "XIAONENG_AUDIT_KEYRING": str(tmp_path / "lost.keyring")}
    refused = xiaoneng(keyless, "restore", "--from", str(dump))
    assert refused.returncode != 0
    assert f"备份文件 {dump_file} 的 sha256 与清单不符" in refused.stderr
    assert "目标数据库不是空的" in refused.stderr
    assert f"审计签名密钥环 {tmp_path / 'lost.keyring'} 不存在" in refused.stderr
    refused = xiaoneng(target, "restore", "--from", str(media), "--force")
    assert refused.returncode != 0
    assert f"备份文件 {MEDIA_TAR} 的 sha256 与清单不符" in refused.stderr
    assert "不是空的" not in refused.stderr
    assert _scratch_counts(scratch, list(at_backup)) == at_backup  # refused before writing


@pytest.mark.django_db
def test_the_verification_names_what_does_not_match(
    users: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    # An empty MEDIA_ROOT of its own: other tests' uploads would make up the count.
    settings.MEDIA_ROOT = tmp_path / "media"
    counts, tail = database_state()
    manifest = {"tables": counts, "audit": tail, "media_files": 0}
    assert verify_restored(manifest).problems == []
    table = "org_user"
    wrong = {
        "tables": {**counts, table: counts[table] + 1, "gone_table": 1},
        "audit": {"seq": tail["seq"] + 1, "hash": "0" * 64},
        "media_files": 2,
    }
    problems = verify_restored(wrong).problems
    assert f"表 {table}：备份时 {counts[table] + 1} 行，恢复后 {counts[table]} 行" in problems
    assert "表 gone_table 缺失" in problems
    assert any(p.startswith(f"审计链末条为第 {tail['seq']} 号") for p in problems)
    assert any(p.startswith("材料文件：备份时 2 个") for p in problems)


def test_a_changed_or_missing_file_is_named(tmp_path: Path) -> None:
    for name in ("database.pgdump", MEDIA_TAR):
        (tmp_path / name).write_bytes(name.encode() * 1000)
    manifest = {
        "files": {p.name: {"sha256": sha256_of(p)} for p in tmp_path.iterdir()},
    }
    assert file_problems(tmp_path, manifest) == []
    _flip_one_bit(tmp_path / MEDIA_TAR)
    (tmp_path / "database.pgdump").unlink()
    assert file_problems(tmp_path, manifest) == [
        "备份文件 database.pgdump 缺失",
        f"备份文件 {MEDIA_TAR} 的 sha256 与清单不符（文件被改动或损坏）",
    ]

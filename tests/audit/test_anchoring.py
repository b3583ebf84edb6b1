"""The chain anchored outside the database (issue 18, item 11): keyed seals
(HMAC-SM3 with a key in a file or the environment), signed checkpoints of the
head in a file, and `audit verify` naming truncation, re-hashing and edits."""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from audit.harness import rehash_from, tamper, truncate_after
from xiaoneng.audit import keys as audit_keys
from xiaoneng.audit import tasks
from xiaoneng.audit.actions import CheckpointRefused, record_event, write_checkpoint
from xiaoneng.audit.keys import AuditKeyError, load_keyring, rotate_key
from xiaoneng.audit.models import AuditEvent
from xiaoneng.audit.selectors import verify_chain, verify_report
from xiaoneng.core.hashchain import key_id, link_mac
from xiaoneng.system.schedule import PERIODIC

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def files(settings: Any, tmp_path: Path) -> Path:
    """This test's own keyring and checkpoint file."""
    settings.AUDIT_KEY = ""
    settings.AUDIT_KEYRING = tmp_path / "keys" / "audit.keyring"
    settings.AUDIT_CHECKPOINTS = tmp_path / "audit" / "checkpoints.jsonl"
    return tmp_path


def _append(n: int) -> None:
    for i in range(n):
        with transaction.atomic():
            record_event(
                actor=None,
                event_type="system.parameter_changed",
                object_type="thing",
                object_id=i,
                payload={"i": i},
            )


def _verify_fails() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit", "verify")
    return str(failure.value)


def _checkpoint_lines(files: Path) -> list[dict[str, Any]]:
    text = (files / "audit" / "checkpoints.jsonl").read_text()
    return [json.loads(line) for line in text.splitlines()]


# --- the key ------------------------------------------------------------------------------


def test_the_key_file_is_created_on_first_use_outside_the_database(files: Path) -> None:
    path = files / "keys" / "audit.keyring"
    assert not path.exists()
    _append(1)
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    (line,) = path.read_text().splitlines()
    key = bytes.fromhex(json.loads(line)["key"])
    assert len(key) == 32
    event = AuditEvent.objects.get()
    assert event.key_id == key_id(key)
    assert event.mac == link_mac(key, event.seq, event.hash)
    assert key.hex() not in json.dumps(list(AuditEvent.objects.values()), default=str)
    # The suite never writes keys into the repository's var/.
    assert not str(path).startswith(str(django_settings.BASE_DIR / "var"))


def test_a_key_in_the_environment_is_used_and_no_file_is_written(
    settings: Any, files: Path
) -> None:
    key = bytes(range(32))
    settings.AUDIT_KEY = key.hex()
    _append(2)
    assert not (files / "keys" / "audit.keyring").exists()
    assert set(AuditEvent.objects.values_list("key_id", flat=True)) == {key_id(key)}
    assert verify_chain() == (2, None)


@pytest.mark.parametrize("value", ["not-hex", "00" * 8])
def test_a_bad_key_in_the_environment_refuses_audited_writes(settings: Any, value: str) -> None:
    settings.AUDIT_KEY = value
    with pytest.raises(AuditKeyError), transaction.atomic():
        record_event(actor=None, event_type="system.parameter_changed")
    assert not AuditEvent.objects.exists()


def test_a_keyring_line_whose_id_does_not_match_its_key_is_refused(files: Path) -> None:
    _append(1)
    path = files / "keys" / "audit.keyring"
    row = json.loads(path.read_text())
    row["id"] = "0" * 16
    path.write_text(json.dumps(row) + "\n")
    with pytest.raises(AuditKeyError, match="编号与密钥不符"):
        load_keyring()


def test_verify_without_the_key_names_the_first_sealed_event(files: Path) -> None:
    _append(3)
    (files / "keys" / "audit.keyring").unlink()
    count, broken = verify_chain()
    assert count == 3
    assert broken is not None
    assert broken.seq == 1
    assert "不在密钥环中" in broken.reason


# --- rotation -----------------------------------------------------------------------------


def test_rotation_keeps_the_chain_verifiable(files: Path) -> None:
    _append(3)
    call_command("audit", "checkpoint")
    old = load_keyring().current_id
    call_command("audit", "rotate-key")  # and checkpoints with the new key
    new = load_keyring().current_id
    assert new != old
    _append(2)
    call_command("audit", "checkpoint")
    assert list(AuditEvent.objects.values_list("key_id", flat=True)) == [old] * 3 + [new] * 2
    assert verify_chain() == (5, None)
    assert [line["key_id"] for line in _checkpoint_lines(files)] == [old, new, new]
    assert [line["seq"] for line in _checkpoint_lines(files)] == [3, 3, 5]
    ring = (files / "keys" / "audit.keyring").read_text().splitlines()
    assert [json.loads(line)["id"] for line in ring] == [old, new]
    assert stat.S_IMODE((files / "keys" / "audit.keyring").stat().st_mode) == 0o600

    # An operator who loses the old key can no longer vouch for its events.
    (files / "keys" / "audit.keyring").write_text(ring[1] + "\n")
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 1
    assert old in broken.reason


def test_a_running_process_signs_with_the_rotated_key_without_restart(files: Path) -> None:
    _append(1)
    first = load_keyring().current_id
    new = rotate_key()
    assert new != first
    _append(1)
    assert AuditEvent.objects.get(seq=2).key_id == new


def test_rotation_in_the_environment_is_explained_not_done(settings: Any) -> None:
    old, new = b"\x01" * 32, b"\x02" * 32
    settings.AUDIT_KEY = old.hex()
    _append(2)
    with pytest.raises(CommandError, match="XIAONENG_AUDIT_KEY"):
        call_command("audit", "rotate-key")
    settings.AUDIT_KEY = f"{new.hex()},{old.hex()}"
    _append(1)
    assert list(AuditEvent.objects.values_list("key_id", flat=True)) == [
        key_id(old),
        key_id(old),
        key_id(new),
    ]
    assert verify_chain() == (3, None)


# --- checkpoints ----------------------------------------------------------------------------


def test_checkpoints_are_appended_signed_and_only_when_the_head_moved(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(3)
    first = write_checkpoint()
    assert first is not None
    assert (first.seq, first.hash) == (3, AuditEvent.objects.get(seq=3).hash)
    assert write_checkpoint() is None  # idempotent: the scheduler may run it twice
    _append(2)
    assert tasks.checkpoint.call()["seq"] == 5
    lines = _checkpoint_lines(files)
    assert [line["seq"] for line in lines] == [3, 5]
    assert set(lines[0]) == {"seq", "hash", "at", "key_id", "mac"}
    call_command("audit", "verify")
    out = capsys.readouterr().out
    assert "审计链完整：共 5 条事件" in out
    assert "自第 1 号起逐条相符" in out
    assert "与 2 个检查点相符（最近：第 5 号" in out


def test_the_scheduler_writes_checkpoints() -> None:
    job = next(p for p in PERIODIC if p.task == "xiaoneng.audit.tasks.checkpoint")
    assert job.resolve() is tasks.checkpoint
    assert job.every_seconds <= 3600


def test_verify_warns_when_there_is_no_checkpoint(capsys: pytest.CaptureFixture[str]) -> None:
    _append(1)
    call_command("audit", "verify")
    assert "未找到检查点文件" in capsys.readouterr().err


# --- what verify names ----------------------------------------------------------------------


def test_the_last_events_deleted_are_named_by_the_checkpoint() -> None:
    """Truncation with the head row set back too: every link left holds; the
    checkpoint still says the chain reached #6."""
    _append(6)
    write_checkpoint()
    truncate_after(4)
    count, broken = verify_chain()
    assert count == 4
    assert broken is not None
    assert broken.seq == 5
    assert "第 4 号之后的最后 2 条事件缺失" in broken.reason
    assert "第 4 号之后的最后 2 条事件缺失" in _verify_fails()


def test_the_last_events_deleted_without_the_head_row_are_named_by_it() -> None:
    _append(5)
    tamper("DELETE FROM audit_auditevent WHERE seq > 2")
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 3
    assert "第 2 号之后的最后 3 条事件缺失（链头记录为第 5 号）" in broken.reason


def test_truncated_then_written_on_is_named_by_the_checkpoint() -> None:
    """After the deletion the application appends again: the seqs come back,
    with other hashes than the checkpoint signed."""
    _append(5)
    write_checkpoint()
    truncate_after(3)
    _append(3)
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 5
    assert "与" in broken.reason
    assert "检查点不符" in broken.reason


def test_an_edited_row_with_the_rest_rehashed_by_plain_sql_is_named() -> None:
    """The row is changed and every hash after it recomputed, head row
    included: the SM3 chain holds again, the seal of the edited row does not."""
    _append(6)
    write_checkpoint()
    rehash_from(3, {"i": 99, "note": "改过"})
    report = verify_report()
    assert report.count == 6
    first = report.broken
    assert first is not None
    assert first.seq == 3
    assert "HMAC-SM3" in first.reason
    # The checkpoint at #6 no longer matches the rewritten head either.
    assert any(p.seq == 6 and "检查点不符" in p.reason for p in report.problems)
    message = _verify_fails()
    assert "审计链断裂：第 3 号事件" in message
    assert "第 6 号" in message


def test_an_insider_with_the_key_is_caught_by_the_checkpoint(files: Path) -> None:
    """Re-hashed and re-sealed with the key itself: only the checkpoint,
    written before, still knows the old head."""
    _append(5)
    write_checkpoint()
    key = bytes.fromhex(json.loads((files / "keys" / "audit.keyring").read_text())["key"])
    rehash_from(2, {"i": 7}, key=key)
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 5
    assert "检查点不符" in broken.reason


def test_an_edited_row_with_its_seals_stripped_is_named() -> None:
    _append(4)
    rehash_from(3, {"i": 0}, strip_seals=True)
    _, broken = verify_chain()
    assert broken is not None
    assert broken.seq == 3
    assert "缺少密钥签名" in broken.reason


def test_a_forged_checkpoint_line_is_named(files: Path) -> None:
    _append(3)
    write_checkpoint()
    path = files / "audit" / "checkpoints.jsonl"
    line = json.loads(path.read_text())
    line["seq"] = 2  # to cover a truncation to #2, say
    path.write_text(json.dumps(line) + "\n")
    _, broken = verify_chain()
    assert broken is not None
    assert "检查点文件第 1 行签名不符" in broken.reason
    with pytest.raises(CheckpointRefused):
        write_checkpoint()


def _before_the_key(files: Path) -> None:
    """Date the keyring's key after every event so far, as for an
    installation upgraded with its history."""
    path = files / "keys" / "audit.keyring"
    row = json.loads(path.read_text())
    row["created"] = "2999-01-01T00:00:00+00:00"
    path.write_text(json.dumps(row) + "\n")


def test_events_before_the_chain_was_keyed_still_verify(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An installation upgraded with history: its old events have no seal;
    after the first sealed event, every event must have one."""
    _append(4)
    _before_the_key(files)
    tamper("UPDATE audit_auditevent SET key_id = '', mac = '' WHERE seq <= 2")
    report = verify_report()
    assert report.broken is None
    assert (report.unsealed, report.sealed_since) == (2, 3)
    call_command("audit", "verify")
    assert "启用密钥前的 2 条事件只有 SM3 链" in capsys.readouterr().out


def test_a_whole_chain_rewritten_and_stripped_of_its_seals_is_named() -> None:
    """No checkpoint to compare with: the events still date from after the
    key was made, and carry no seal."""
    _append(4)
    rehash_from(1, {"i": 5}, strip_seals=True)
    report = verify_report()
    assert report.broken is not None
    assert report.broken.seq == 1
    assert "写于签名密钥启用" in report.broken.reason


# --- the periodic checkpoint never signs a tampered chain ----------------------------------


def test_a_checkpoint_is_refused_over_a_truncated_chain(
    files: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _append(5)
    write_checkpoint()
    truncate_after(3)
    _append(1)  # the head moved: a checkpoint would be due
    before = (files / "audit" / "checkpoints.jsonl").read_text()
    with caplog.at_level(logging.ERROR, logger="xiaoneng.audit"):
        result = tasks.checkpoint.call()
    assert result["written"] is False
    assert result["problem"]["seq"] == 5
    assert "未写入新检查点" in caplog.text
    assert (files / "audit" / "checkpoints.jsonl").read_text() == before
    with pytest.raises(CommandError, match="未写入新检查点"):
        call_command("audit", "checkpoint")


def test_a_checkpoint_is_refused_over_a_chain_rehashed_since_the_last(files: Path) -> None:
    _append(3)
    write_checkpoint()
    _append(3)
    rehash_from(5, {"i": 42})
    with pytest.raises(CheckpointRefused) as refused:
        write_checkpoint()
    assert refused.value.broken.seq == 5
    assert len(_checkpoint_lines(files)) == 1


def test_keys_command_shows_where_things_are(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _append(1)
    call_command("audit", "keys")
    out = capsys.readouterr().out
    assert str(files / "keys" / "audit.keyring") in out
    assert f"{load_keyring().current_id}  当前" in out
    assert str(files / "audit" / "checkpoints.jsonl") in out
    assert audit_keys.KEY_BYTES * 2 > 0

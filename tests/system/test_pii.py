"""The personal-data keyring and field (system/pii.py): keys outside the
database, rotation that keeps old values open and digests stable, the field
that seals on the way in and opens on the way out."""

from __future__ import annotations

import json
import multiprocessing
import stat
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from xiaoneng.core import keyring, sealing
from xiaoneng.core.sealing import SealError
from xiaoneng.system import pii
from xiaoneng.system.pii import PiiKeyError, SealedTextField, load_keyring, pii_digest

ENV_OLD = "11" * 32
ENV_NEW = "22" * 16


@pytest.fixture
def ring_path(settings: Any, tmp_path: Path) -> Path:
    """This test's own keyring file (not created yet)."""
    settings.PII_KEY = ""
    settings.PII_KEYRING = tmp_path / "keys" / "pii.keyring"
    pii._cache.clear()
    return Path(settings.PII_KEYRING)


def test_the_keyring_is_created_on_first_use_0600_in_a_0700_directory(ring_path: Path) -> None:
    assert not ring_path.exists()
    sealed = pii.seal("13800138000")
    assert stat.S_IMODE(ring_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(ring_path.parent.stat().st_mode) == 0o700
    (line,) = ring_path.read_text().splitlines()
    entry = json.loads(line)
    assert sealing.key_id_of(sealed) == entry["id"] == load_keyring().current_id
    assert len(bytes.fromhex(entry["key"])) == pii.KEY_BYTES
    assert entry["key"] not in sealed
    assert pii.unseal(sealed) == "13800138000"


def test_no_temporary_file_is_left_beside_the_keyring(ring_path: Path) -> None:
    pii.seal("x")
    pii.rotate_key()
    assert sorted(p.name for p in ring_path.parent.iterdir()) == [
        ".pii.keyring.lock",
        "pii.keyring",
    ]


def test_rotation_keeps_old_values_open_and_digests_stable(ring_path: Path) -> None:
    old_value = pii.seal("620702199001011234")
    old_id = load_keyring().current_id
    digest_before = pii_digest("620702199001011234")

    new_id = pii.rotate_key()

    assert new_id != old_id
    assert load_keyring().ids == (old_id, new_id)
    new_value = pii.seal("620702199001011234")
    assert sealing.key_id_of(new_value) == new_id
    assert pii.unseal(old_value) == pii.unseal(new_value) == "620702199001011234"
    assert pii_digest("620702199001011234") == digest_before
    assert len(ring_path.read_text().splitlines()) == 2
    assert stat.S_IMODE(ring_path.stat().st_mode) == 0o600


def test_a_value_whose_key_was_removed_is_refused_not_shown(ring_path: Path) -> None:
    value = pii.seal("张掖市甘州区县府街 1 号")
    pii.rotate_key()
    lines = ring_path.read_text().splitlines()
    ring_path.write_text(lines[1] + "\n")
    with pytest.raises(SealError) as caught:
        pii.unseal(value)
    assert caught.value.detail == {"key_id": json.loads(lines[0])["id"]}


def test_a_running_process_sees_a_rotation_without_restart(ring_path: Path) -> None:
    first = load_keyring().current_id
    # Another process rotates: the file is replaced behind this one's cache.
    key = bytes(range(32))
    keyring.append(ring_path, key)
    assert load_keyring().current_id != first
    assert sealing.key_id_of(pii.seal("x")) == load_keyring().current_id


def test_keys_in_the_environment_are_used_and_no_file_is_written(
    ring_path: Path, settings: Any
) -> None:
    settings.PII_KEY = f"{ENV_NEW},{ENV_OLD}"
    ring = load_keyring()
    assert ring.source == "env"
    assert len(ring.ids) == 2
    assert sealing.key_id_of(pii.seal("x")) == ring.current_id == ring.ids[-1]
    assert not ring_path.exists()


def test_environment_rotation_keeps_the_digest_root(ring_path: Path, settings: Any) -> None:
    settings.PII_KEY = ENV_OLD
    before = pii.seal("13800138000"), pii_digest("13800138000")
    settings.PII_KEY = f"{ENV_NEW}, {ENV_OLD}"  # the new key first, the old one kept
    assert pii.unseal(before[0]) == "13800138000"
    assert pii_digest("13800138000") == before[1]
    assert sealing.key_id_of(pii.seal("x")) != sealing.key_id_of(before[0])


def test_the_environment_and_the_file_give_different_keys(ring_path: Path, settings: Any) -> None:
    from_file = pii_digest("13800138000"), pii.seal("x")
    settings.PII_KEY = ENV_OLD
    assert pii_digest("13800138000") != from_file[0]
    with pytest.raises(SealError):
        pii.unseal(from_file[1])  # the file is not read when the environment gives keys


@pytest.mark.parametrize("value", ["zz" * 16, "ab" * 8 + "a", "ab" * 15])
def test_a_bad_key_in_the_environment_is_refused(
    ring_path: Path, settings: Any, value: str
) -> None:
    settings.PII_KEY = value
    with pytest.raises(PiiKeyError) as caught:
        pii.seal("x")
    assert "XIAONENG_PII_KEY" in caught.value.message
    assert caught.value.status == 503


def test_rotation_in_the_environment_is_explained_not_done(ring_path: Path, settings: Any) -> None:
    settings.PII_KEY = ENV_OLD
    with pytest.raises(PiiKeyError, match="放在该变量的最前面"):
        pii.rotate_key()
    assert not ring_path.exists()


def test_a_damaged_keyring_stops_sealing(ring_path: Path) -> None:
    ring_path.parent.mkdir(mode=0o700, parents=True)
    ring_path.write_text('{"key": "not hex"}\n')
    with pytest.raises(PiiKeyError, match="第 1 行"):
        pii.seal("x")
    line = json.loads(keyring.line(bytes(32)))
    line["id"] = "0" * 16
    ring_path.write_text(json.dumps(line) + "\n")
    with pytest.raises(PiiKeyError, match="编号与密钥不符"):
        pii.seal("x")


def _race(path: str, barrier: Any, results: Any) -> None:
    barrier.wait()
    created = keyring.create(Path(path), multiprocessing.current_process().name.encode() * 4)
    results.put((created, keyring.read(Path(path), 16)[0].id))


def test_two_processes_creating_the_keyring_at_once_keep_one_key(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "pii.keyring"
    context = multiprocessing.get_context("fork")
    workers = 6
    barrier, results = context.Barrier(workers), context.Queue()
    procs = [
        context.Process(target=_race, args=(str(path), barrier, results), name=f"worker-{i:02d}")
        for i in range(workers)
    ]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    outcomes = [results.get(timeout=5) for _ in procs]
    assert sum(created for created, _ in outcomes) == 1
    assert len({kid for _, kid in outcomes}) == 1
    assert len(path.read_text().splitlines()) == 1


def _first_use(barrier: Any, results: Any) -> None:
    barrier.wait()
    results.put(sealing.key_id_of(pii.seal("13800138000")))


def test_processes_sealing_their_first_value_at_once_share_one_key(ring_path: Path) -> None:
    # As `serve` workers and the scheduler starting together on a fresh host.
    context = multiprocessing.get_context("fork")
    workers = 6
    barrier, results = context.Barrier(workers), context.Queue()
    procs = [context.Process(target=_first_use, args=(barrier, results)) for _ in range(workers)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    ids = {results.get(timeout=5) for _ in procs}
    assert ids == {load_keyring().current_id}
    assert len(ring_path.read_text().splitlines()) == 1


def _rotate(path: str, barrier: Any, index: int) -> None:
    barrier.wait()
    keyring.append(Path(path), bytes([index]) * 32)


def test_two_rotations_at_once_keep_both_keys(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "pii.keyring"
    keyring.create(path, bytes(32))
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(4)
    procs = [context.Process(target=_rotate, args=(str(path), barrier, i + 1)) for i in range(4)]
    for proc in procs:
        proc.start()
    for proc in procs:
        proc.join(30)
    assert len(keyring.read(path, 16)) == 5


# --- The field, without a table ------------------------------------------------


def _field() -> SealedTextField:
    field = SealedTextField("联系电话", blank=True)
    field.set_attributes_from_name("phone")
    return field


@pytest.mark.usefixtures("ring_path")
def test_the_field_seals_on_save_and_opens_on_read() -> None:
    field = _field()
    stored = field.get_db_prep_save("13800138000", connection)
    assert sealing.is_sealed(stored)
    assert field.from_db_value(stored, None, connection) == "13800138000"
    assert field.get_db_prep_save("", connection) == ""
    assert field.get_db_prep_save(None, connection) is None
    # A value typed to look sealed is sealed like any other, not stored as is.
    tricky = field.get_db_prep_save("sm4gcm:x:AAAA", connection)
    assert tricky != "sm4gcm:x:AAAA"
    assert field.from_db_value(tricky, None, connection) == "sm4gcm:x:AAAA"
    # A row written before its column was sealed is read as it is.
    assert field.from_db_value("13800138000", None, connection) == "13800138000"


# --- The command ----------------------------------------------------------------


def test_rotate_key_command(ring_path: Path) -> None:
    pii.seal("x")
    out = StringIO()
    call_command("pii", "rotate-key", stdout=out)
    assert load_keyring().current_id in out.getvalue()
    assert len(ring_path.read_text().splitlines()) == 2


def test_rotate_key_command_with_environment_keys_fails_clearly(
    ring_path: Path, settings: Any
) -> None:
    settings.PII_KEY = ENV_OLD
    with pytest.raises(CommandError, match="XIAONENG_PII_KEY"):
        call_command("pii", "rotate-key", stdout=StringIO())

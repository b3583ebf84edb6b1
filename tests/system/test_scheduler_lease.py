"""Issue 18 item 14: one scheduler per database. The lease is taken or renewed
by one conditional UPDATE; a second scheduler waits and takes over when the
first stops (it gives the lease up) or dies (the lease expires)."""

from __future__ import annotations

import sqlite3
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from xiaoneng.system import leases
from xiaoneng.system.models import Lease
from xiaoneng.system.schedule import PERIODIC


@pytest.mark.django_db
def test_one_holder_at_a_time() -> None:
    assert leases.acquire("scheduler", "a", seconds=60)
    assert not leases.acquire("scheduler", "b", seconds=60)
    assert leases.acquire("scheduler", "a", seconds=60)  # renewal
    assert leases.holder_of("scheduler") == "a"
    assert Lease.objects.count() == 1


@pytest.mark.django_db
def test_an_expired_lease_passes_to_the_next_and_the_old_holder_loses_it() -> None:
    assert leases.acquire("scheduler", "a", seconds=60)
    Lease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))  # a died
    assert leases.holder_of("scheduler") is None
    assert leases.acquire("scheduler", "b", seconds=60)
    assert not leases.acquire("scheduler", "a", seconds=60)  # a woke up: too late
    assert leases.holder_of("scheduler") == "b"


@pytest.mark.django_db
def test_release_frees_it_at_once_and_only_its_holder_can() -> None:
    assert leases.acquire("scheduler", "a", seconds=60)
    leases.release("scheduler", "b")
    assert not leases.acquire("scheduler", "b", seconds=60)
    leases.release("scheduler", "a")
    assert leases.acquire("scheduler", "b", seconds=60)


@pytest.mark.django_db
def test_leases_are_per_name() -> None:
    assert leases.acquire("scheduler", "a", seconds=60)
    assert leases.acquire("other", "b", seconds=60)


def _enqueued(database: Path) -> int:
    with sqlite3.connect(database) as conn:
        (count,) = conn.execute(
            "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult"
        ).fetchone()
    return int(count)


def _wait_for(predicate: Any, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_two_schedulers_on_one_database_only_one_enqueues(
    start: Any, product_env: dict[str, str]
) -> None:
    database = Path(product_env["XIAONENG_SQLITE_PATH"])
    first = start("scheduler", "--lease-seconds", "3")
    assert _wait_for(lambda: "取得租约" in first.output(), 60), first.output()
    second = start("scheduler", "--lease-seconds", "3")
    assert _wait_for(lambda: "等待" in second.output(), 60), second.output()
    time.sleep(3)  # two lease lengths: the first renews, the second keeps waiting
    assert _enqueued(database) == len(PERIODIC)
    assert "已放入" not in second.output()

    first.stop()  # a clean stop gives the lease up
    assert _wait_for(lambda: "取得租约" in second.output(), 10), second.output()
    assert _wait_for(lambda: _enqueued(database) == 2 * len(PERIODIC), 10)


def test_once_does_nothing_while_another_scheduler_holds_the_lease(
    start: Any, product_env: dict[str, str]
) -> None:
    database = Path(product_env["XIAONENG_SQLITE_PATH"])
    running = start("scheduler", "--lease-seconds", "30")
    assert _wait_for(lambda: _enqueued(database) == len(PERIODIC), 60), running.output()
    once = start("scheduler", "--once")
    assert once.process.wait(timeout=60) == 0
    assert "正在运行，未放入任务" in once.output()
    assert _enqueued(database) == len(PERIODIC)

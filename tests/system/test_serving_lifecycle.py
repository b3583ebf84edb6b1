"""Issue 18 item 14: the processes `serve` starts (granian workers, the task
worker, the scheduler) die with it, however it ends, and free the port."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from serving_processes import HOST, alive, children_of

from xiaoneng.system.lifeline import PARENT_ENV


def _wait_gone(pids: set[int], timeout: float) -> set[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        left = {pid for pid in pids if alive(pid)}
        if not left:
            return left
        time.sleep(0.1)
    return {pid for pid in pids if alive(pid)}


def _commands(pids: set[int]) -> list[str]:
    names = []
    for pid in pids:
        try:
            names.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return names


def _serve_with_children(serve: Any) -> tuple[Any, set[int]]:
    server = serve("--workers", "2")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # 2 web workers + task worker + scheduler
        children = children_of(server.process.pid)
        if len(children) >= 4 and "取得租约" in server.output():
            return server, children
        time.sleep(0.2)
    raise AssertionError(f"children: {_commands(children_of(server.process.pid))}")


def test_kill_9_of_serve_takes_its_children_along(serve: Any) -> None:
    server, children = _serve_with_children(serve)
    assert any("db_worker" in c for c in _commands(children))
    assert any("scheduler" in c for c in _commands(children))

    server.process.kill()  # SIGKILL: serve cleans nothing up
    server.process.wait(timeout=10)
    left = _wait_gone(children, timeout=5)
    assert not left, _commands(left)
    # Nothing holds the port any more: a new serve could bind it.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, server.port))


def test_sigterm_stops_everything_and_gives_the_scheduler_lease_up(
    serve: Any, product_env: dict[str, str]
) -> None:
    server, children = _serve_with_children(serve)
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(timeout=30) == 0
    assert not _wait_gone(children, timeout=5)
    with sqlite3.connect(product_env["XIAONENG_SQLITE_PATH"]) as conn:
        holder = conn.execute("SELECT holder FROM system_lease WHERE name = 'scheduler'").fetchone()
    assert holder == ("",)


WATCHED_CHILD = """
import time
from xiaoneng.system import lifeline
lifeline.set_parent_death_signal = lambda *args: False  # the kernel's guard off
assert lifeline.watch_parent_from_env(grace=2)
print("armed", flush=True)
time.sleep(60)
"""

# The middle process starts the watched child *without* the kernel's parent
# death signal (no preexec_fn), prints its pid, and waits to be killed.
MIDDLE = """
import os, subprocess, sys, time
env = {**os.environ, %(env)r: str(os.getpid())}
child = subprocess.Popen([sys.executable, "-c", %(child)r], env=env, stdout=subprocess.PIPE)
child.stdout.readline()
print(child.pid, flush=True)
time.sleep(60)
"""


def test_the_watchdog_alone_ends_an_orphan() -> None:
    """The portable fallback: with the parent-death signal off in the child,
    the watchdog thread still notices its new parent and ends it."""
    code = MIDDLE % {"env": PARENT_ENV, "child": WATCHED_CHILD}
    with subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", code], stdout=subprocess.PIPE
    ) as middle:
        try:
            assert middle.stdout is not None
            child = int(middle.stdout.readline())
            assert alive(child)
            middle.kill()
            middle.wait(timeout=10)
            assert not _wait_gone({child}, timeout=5)
        finally:
            if middle.poll() is None:
                middle.kill()


def test_without_a_parent_pid_nothing_is_armed() -> None:
    from xiaoneng.system import lifeline

    assert not lifeline.watch_parent(os.getppid() + 1_000_000)

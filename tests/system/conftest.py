"""Real processes for the serving and operations tests: `xiaoneng serve` and
`xiaoneng scheduler` as child processes on a throwaway SQLite file, migrated
once per session and copied for each test."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serving_processes import HOST, Started, free_port, get, processes_with_env


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite file for the whole session (migrating takes seconds)."""
    var = tmp_path_factory.mktemp("serving-template")
    database = var / "template.sqlite3"
    env = {**os.environ, "XIAONENG_VAR_DIR": str(var), "XIAONENG_SQLITE_PATH": str(database)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "xiaoneng.cli", "migrate", "--verbosity", "0"],
        env=env,
        check=True,
        timeout=300,
    )
    return database


@pytest.fixture
def product_env(tmp_path: Path, migrated_sqlite: Path) -> dict[str, str]:
    """The environment of a product process on its own copy of the database."""
    database = tmp_path / "xiaoneng.sqlite3"
    shutil.copyfile(migrated_sqlite, database)
    env = {
        **os.environ,
        "XIAONENG_VAR_DIR": str(tmp_path),
        "XIAONENG_SQLITE_PATH": str(database),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("DATABASE_URL", "XIAONENG_PARENT_PID", "XIAONENG_PROXY_HOPS"):
        env.pop(name, None)
    return env


@pytest.fixture
def start(tmp_path: Path, product_env: dict[str, str]) -> Iterator[Any]:
    """start("serve", "--workers", "1") runs a product command; all are
    stopped (SIGTERM, then SIGKILL) when the test ends."""
    started: list[Started] = []

    def run(*command: str, env: dict[str, str] | None = None) -> Started:
        log = tmp_path / f"process-{len(started)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and command
                [sys.executable, "-m", "xiaoneng.cli", *command],
                env=env or product_env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        item = Started(process=process, log=log)
        started.append(item)
        return item

    yield run
    for item in started:
        item.stop()
    # Whatever outlived its parent (a failing test): found by its environment.
    for pid in processes_with_env("XIAONENG_VAR_DIR", product_env["XIAONENG_VAR_DIR"]):
        os.kill(pid, signal.SIGKILL)


@pytest.fixture
def serve(start: Any) -> Any:
    """serve("--workers", "1") starts `xiaoneng serve --no-demo` on a free port
    and waits until it answers."""

    def run(*args: str, timeout: float = 60.0) -> Started:
        port = free_port()
        server = start("serve", "--no-demo", "--host", HOST, "--port", str(port), *args)
        server.port = port
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.process.poll() is not None:
                raise AssertionError(f"serve exited: {server.output()[-3000:]}")
            try:
                if get(port, timeout=2) == 200:
                    return server
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"serve did not answer in {timeout} s: {server.output()[-3000:]}")

    return run

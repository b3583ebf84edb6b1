"""The HTTP leg of bench_cases.py: the real server (`xiaoneng serve`,
granian WSGI) as a child process on loopback, driven by a few client threads with
keep-alive `http.client` connections, each walking cases through
POST /api/v1/cases → /accept → /decide → /deliver with bearer tokens."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _processes import HOST, free_port, stop_process

KINDS = ("intake", "accept", "decide", "deliver")


class Server:
    """`xiaoneng serve --no-demo --no-worker --port P --workers W`; stopped with
    SIGTERM to its own pid (granian's main process stops its workers)."""

    def __init__(self, *, workers: int, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        script = Path(sys.executable).with_name("xiaoneng")
        command = [
            str(script),
            "serve",
            "--no-demo",
            "--no-worker",
            "--host",
            HOST,
            "--port",
            str(self.port),
            "--workers",
            str(workers),
        ]
        self.command = " ".join(["xiaoneng", *command[1:]]).replace(str(self.port), "<free>")
        with log.open("wb") as out:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script
                command, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_ready(self, token: str, timeout: float = 300.0) -> None:
        # Generous: on a loaded 2-core machine the workers' start-up alone took > 90 s.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
                conn.request(
                    "GET", "/api/v1/cases?limit=1", headers={"Authorization": f"Bearer {token}"}
                )
                status = conn.getresponse().status
                conn.close()
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("server not ready in time")

    def stop(self) -> None:
        stop_process(self.process, timeout=30)


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    cases: int = 0


class Client(threading.Thread):
    """One keep-alive connection; walks cases until the ticket pool or the time runs out."""

    def __init__(
        self,
        *,
        port: int,
        tokens: dict[str, str],
        item_code: str,
        tickets: Any,
        deadline: float,
        tally: Tally,
        lock: threading.Lock,
    ) -> None:
        super().__init__(daemon=True)
        self.port, self.tokens, self.item_code = port, tokens, item_code
        self.tickets, self.deadline, self.tally, self.lock = tickets, deadline, tally, lock
        self.conn = http.client.HTTPConnection(HOST, port, timeout=60)
        self.local: dict[str, list[float]] = {k: [] for k in KINDS}
        self.errors: list[str] = []
        self.done = 0

    def post(self, kind: str, path: str, who: str, body: dict[str, Any]) -> dict[str, Any]:
        data = json.dumps(body).encode()
        headers = {
            "Authorization": f"Bearer {self.tokens[who]}",
            "Content-Type": "application/json",
            "Connection": "keep-alive",
        }
        started = time.perf_counter()
        try:
            self.conn.request("POST", f"/api/v1{path}", body=data, headers=headers)
            response = self.conn.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()  # reconnects on the next request
            raise
        self.local[kind].append(time.perf_counter() - started)
        if response.status not in (200, 201):
            raise RuntimeError(f"{kind} {response.status} {payload[:300]!r}")
        result: dict[str, Any] = json.loads(payload)
        return result

    def run(self) -> None:
        while time.perf_counter() < self.deadline and next(self.tickets, None) is not None:
            try:
                case = self.post(
                    "intake",
                    "/cases",
                    "window",
                    {"item_code": self.item_code, "applicant_name": "祁连绿源有限公司"},
                )
                cid = case["id"]
                self.post("accept", f"/cases/{cid}/accept", "window", {})
                self.post("decide", f"/cases/{cid}/decide", "depthead", {"decision": "approved"})
                done = self.post("deliver", f"/cases/{cid}/deliver", "window", {})
                if done["status"] != "delivered":
                    raise RuntimeError(f"case {cid} ended {done['status']}")
                self.done += 1
            except (OSError, http.client.HTTPException, RuntimeError, KeyError) as exc:
                self.errors.append(repr(exc)[:300])
        self.conn.close()
        with self.lock:
            for kind in KINDS:
                self.tally.latencies[kind].extend(self.local[kind])
            self.tally.errors.extend(self.errors)
            self.tally.cases += self.done


def drive(
    *, port: int, tokens: dict[str, str], item_code: str, threads: int, cases: int, seconds: float
) -> tuple[Tally, float]:
    """Run `threads` clients over at most `cases` cases or `seconds`; (tally, wall time)."""
    tickets = iter(range(cases))  # next() on a range iterator is atomic under the GIL
    tally, lock = Tally(), threading.Lock()
    started = time.perf_counter()
    clients = [
        Client(
            port=port,
            tokens=tokens,
            item_code=item_code,
            tickets=tickets,
            deadline=started + seconds,
            tally=tally,
            lock=lock,
        )
        for _ in range(threads)
    ]
    for client in clients:
        client.start()
    for client in clients:
        client.join(timeout=seconds + 120)
    return tally, time.perf_counter() - started


def server_cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) of the server process and all its
    descendants (granian's workers), from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    family, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in family:
                family.add(child)
                frontier.append(child)
    return sum(times.get(p, 0.0) for p in family)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def server_env(var_dir: str) -> dict[str, str]:
    """The server's environment: this run's var dir (the SQLite file), or its
    scratch PostgreSQL database when DATABASE_URL names one."""
    env = {k: v for k, v in os.environ.items() if k != "XIAONENG_SQLITE_PATH"}
    env["XIAONENG_VAR_DIR"] = var_dir
    env.pop("XIAONENG_ACCESS_LOG", None)
    return env

"""Serving: granian (what `xiaoneng serve` runs) against gunicorn (what it ran
before issue 18), on the same Django application, settings and middleware.

    apt-get install -y wrk
    uv run python bench/bench_serving.py [--rounds 3] [--duration 10] [--no-write]

Builds a throwaway migrated SQLite file, then for each round starts, in turn:

- granian:  `xiaoneng serve --no-demo --no-worker --workers 2 --threads 4`
  (granian, WSGI interface, 2 worker processes × 4 blocking threads);
- gunicorn: `gunicorn --workers 2 --threads 4 --worker-class gthread`
  (the former `serve`'s configuration);
- granian-asgi: `granian --interface asginl --workers 2` on asgiref's
  WsgiToAsgi around the same WSGI application (the alternative that reads
  request bodies without holding a thread),

and drives each with wrk (2 threads, 16 keep-alive connections) on
/bench/hello (a view with no database and no template, behind the whole
middleware stack) and /accounts/login/ (a template page with a CSRF token).
Then, per server, the slow-client probes: N connections that send their
headers one byte a second (slowloris), or complete headers and then a body one
byte a second, while a normal client asks for /bench/hello three times; the
slowest answer is reported, "—" when one did not come within 5 s.

Load generator and servers share the same 2-core machine; the figures are the
median of the rounds. Writes bench/RESULTS.md under "## Serving".
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _processes import HOST, free_port, stop_process

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "RESULTS.md"
SECTION = "## Serving"
PATHS = ("/bench/hello", "/accounts/login/")
WORKERS, THREADS = 2, 4
BIN = Path(sys.executable).parent


SERVERS: dict[str, Callable[[int], list[str]]] = {
    "granian": lambda port: [
        sys.executable,
        "-m",
        "xiaoneng.cli",
        "serve",
        "--no-demo",
        "--no-worker",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
    ],
    "gunicorn": lambda port: [
        str(BIN / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--worker-class",
        "gthread",
        "--graceful-timeout",
        "5",
        "--bind",
        f"{HOST}:{port}",
        "xiaoneng.config.wsgi:application",
    ],
    "granian-asgi": lambda port: [
        str(BIN / "granian"),
        "--interface",
        "asginl",
        "--workers",
        str(WORKERS),
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--workers-kill-timeout",
        "5",
        "_serving_asgi:app",
    ],
}
DESCRIPTION = {
    "granian": f"`xiaoneng serve --workers {WORKERS} --threads {THREADS}` (granian WSGI)",
    "gunicorn": f"gunicorn gthread, {WORKERS} workers × {THREADS} threads (the former serve)",
    "granian-asgi": f"granian ASGI, {WORKERS} workers, asgiref WsgiToAsgi (default thread pool)",
}


class Server:
    def __init__(self, name: str, env: dict[str, str], log: Path) -> None:
        self.name = name
        self.port = free_port()
        with log.open("ab") as out:
            # A session of its own: stop() ends the server's whole process group,
            # so no worker outlives a server that would not stop.
            self.process = subprocess.Popen(  # noqa: S603 - our own tools
                SERVERS[name](self.port),
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{name} exited: {log.read_text()[-2000:]}")
            try:
                if get(self.port, "/bench/hello", timeout=2) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"{name} did not answer")

    def stop(self) -> None:
        stop_process(self.process, timeout=20)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # workers left behind, if any


def get(port: int, path: str, timeout: float) -> int:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def run_wrk(port: int, path: str, duration: int) -> dict[str, Any]:
    command = ["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", f"http://{HOST}:{port}{path}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": rps,
        "p99": to_ms(p99.group(1)) if p99 else float("nan"),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def to_ms(value: str) -> float:
    number = float(re.sub(r"[a-z]+$", "", value))
    unit = re.search(r"[a-z]+$", value)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
    return number * scale[unit.group(0) if unit else "ms"]


SLOW_HEADERS = b"GET /bench/hello HTTP/1.1\r\nHost: 127.0.0.1\r\n"
SLOW_BODY = (
    b"POST /track/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nno="
)


def slow_probe(port: int, count: int, opening: bytes) -> float | None:
    """The slowest of three normal requests while `count` connections trickle
    one byte a second after `opening`; None when one got no answer in 5 s."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.create_connection((HOST, port), timeout=5)
            sock.sendall(opening)
            socks.append(sock)
        slowest = 0.0
        for _ in range(3):
            for sock in socks:
                with contextlib.suppress(OSError):
                    sock.sendall(b"1")
            started = time.monotonic()
            try:
                get(port, "/bench/hello", timeout=5)
            except OSError:
                return None
            slowest = max(slowest, time.monotonic() - started)
            time.sleep(1)
        return slowest
    finally:
        for sock in socks:
            sock.close()


def prepare(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "XIAONENG_VAR_DIR": str(tmp),
        "XIAONENG_SQLITE_PATH": str(tmp / "bench.sqlite3"),
        "DJANGO_SETTINGS_MODULE": "_serving_site",
        "PYTHONPATH": os.pathsep.join([str(BENCH), os.environ.get("PYTHONPATH", "")]),
        "XIAONENG_LOG_LEVEL": "ERROR",
    }
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "xiaoneng.cli", "migrate", "--verbosity", "0"], env=env, check=True
    )
    return env


def measure(args: argparse.Namespace) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="xn-bench-serving-"))
    try:
        env = prepare(tmp)
        names = list(SERVERS)
        runs: dict[str, dict[str, list[dict[str, Any]]]] = {
            n: {p: [] for p in PATHS} for n in names
        }
        probes: dict[str, dict[str, float | None]] = {}
        for round_no in range(args.rounds):
            order = names[round_no % len(names) :] + names[: round_no % len(names)]
            for name in order:
                server = Server(name, env, tmp / f"{name}.log")
                try:
                    run_wrk(server.port, PATHS[0], 2)  # warm up
                    for path in PATHS:
                        result = run_wrk(server.port, path, args.duration)
                        runs[name][path].append(result)
                        print(f"round {round_no + 1} {name} {path}: {result}", flush=True)
                    if round_no == 0:
                        probes[name] = {
                            "headers 10": slow_probe(server.port, 10, SLOW_HEADERS),
                            "headers 50": slow_probe(server.port, 50, SLOW_HEADERS),
                            "body 10": slow_probe(server.port, 10, SLOW_BODY),
                        }
                        print(f"{name} slow clients: {probes[name]}", flush=True)
                finally:
                    server.stop()
        return {"runs": runs, "probes": probes}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def write_results(args: argparse.Namespace, data: dict[str, Any]) -> str:
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    rows = []
    for name, by_path in data["runs"].items():
        cells = []
        for path in PATHS:
            rps = statistics.median(r["rps"] for r in by_path[path])
            p99 = statistics.median(r["p99"] for r in by_path[path])
            every = " / ".join(f"{r['rps']:,.0f}" for r in by_path[path])
            bad = sum(r["non2xx"] for r in by_path[path])
            cells.append(
                f"**{rps:,.0f}** ({every}), p99 {p99:.1f} ms" + (f", {bad} non-2xx" if bad else "")
            )
        rows.append(f"| {DESCRIPTION[name]} | {cells[0]} | {cells[1]} |")

    def probe(value: float | None) -> str:
        return "— (no answer in 5 s)" if value is None else f"{value * 1000:,.0f} ms"

    probe_rows = [
        f"| {name} | {probe(p['headers 10'])} | {probe(p['headers 50'])} | {probe(p['body 10'])} |"
        for name, p in data["probes"].items()
    ]
    body = f"""{SECTION}

Command: `uv run python bench/bench_serving.py --rounds {args.rounds} --duration {args.duration}`
(wrk `-t2 -c16 -d{args.duration}s`, keep-alive, on the same machine as the server).
Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, shared with
other work (load average at the end {load}); Python {platform.python_version()}.
Each figure is the median of {args.rounds} rounds (each round's figure in brackets);
the servers take turns within a round.

| server | /bench/hello (no DB, no template) req/s | /accounts/login/ (template, CSRF) req/s |
|---|---|---|
{chr(10).join(rows)}

Slow clients (the slowest of three normal requests while N connections trickle
one byte a second; slowloris = headers never finished, slow body = complete
headers, then a 100 kB form body one byte a second to a view that reads it):

| server | slowloris × 10 | slowloris × 50 | slow body × 10 |
|---|---|---|---|
{chr(10).join(probe_rows)}
"""
    if not args.no_write:
        text = RESULTS.read_text(encoding="utf-8")
        pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.M | re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: body + "\n", text)
        else:
            text = text.rstrip("\n") + "\n\n" + body
        RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    return body


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install -y wrk")
    print(write_results(args, measure(args)))


if __name__ == "__main__":
    main()

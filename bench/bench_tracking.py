"""The public tracking page (办件查询) under the real server.

    uv run python bench/bench_tracking.py [--workers 2] [--connections 16] [--duration 20]
        [--distinct 6000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]

Builds a throwaway database (a SQLite file in a temp dir, or with --postgres a
scratch database on that server), migrates, loads the demo city, catalog and
fees, and lifts the tracking rate limit (parameter portal.track_per_minute =
0, through system.actions.set_parameter — with the default of 10 per minute
per IP every request after the tenth would be a 429). Then starts
`xiaoneng serve --no-demo --no-worker --workers W` (granian WSGI, 4 threads
per worker) on loopback and, in the same run, one after the other:

- repeat: POST /track/ with the form-encoded body no=…&code=… of one case,
  again and again (after each worker's first look-up, the page comes from
  its per-process copy);
- form: GET /track/ (the empty form: the same template and middleware, no
  query) — the floor of a rendered page here;
- distinct (with --distinct N): N cases (see bench/_tracking_world.py: a few
  hundred through the actions, the rest faithful bulk copies), each looked
  up once by the same POST, walked by a wrk Lua script: every answer counted
  is a cold look-up of a case no worker has rendered before.

Every look-up is the page's real one: a POST of the form (fields `no` and
`code`, Content-Type application/x-www-form-urlencoded; the form is exempt
from CSRF). A GET carrying ?code= is only redirected to the form and looks
nothing up, so before measuring the run checks that a POST of the repeated
case answers 200 with the case on the page, and stops if it does not.

Load: wrk (`apt-get install -y wrk`; the look-ups through a Lua script, -s),
or a Python keep-alive load generator with --python-client; on the same
2-core machine as the server. Also counts the SQL statements of one cold
look-up in-process (the test client, posting the same form).

Writes the figures to bench/RESULTS.md under "## Portal tracking", in a
"### SQLite" or "### PostgreSQL" part.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from _processes import HOST, free_port, stop_process
from _report import RESULTS, machine_line
from _tracking_world import (
    FORM_TYPE,
    KINDS,
    TRACK,
    build_world,
    bulk_copies,
    form_body,
    repeat_script,
    through_actions,
    walk_script,
)
from bench_cases import throwaway_database

SECTION = "## Portal tracking"
TARGET_RPS, TARGET_P99_MS = 1500, 50.0
# (method, path, form-encoded body or None): one request of a load.
Request = tuple[str, str, str | None]


def prepare(distinct: int, by_actions: int) -> tuple[tuple[str, str], list[tuple[str, str]], str]:
    """Build the world; (the repeated case, the distinct cases, statements of
    one cold look-up)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings")
    import django

    django.setup()
    from xiaoneng.system.actions import set_parameter

    admin, window = build_world()
    lap("world")
    repeated = through_actions(window, 2)[1]  # received and accepted: two steps, a document
    made = through_actions(window, min(distinct, by_actions))
    lap(f"{len(made)} cases through the actions")
    copies = bulk_copies(max(0, distinct - len(made)))
    lap(f"{len(copies)} bulk copies")
    set_parameter(actor=admin, key="portal.track_per_minute", value="0")
    spare = through_actions(window, len(KINDS))  # looked up in-process only, not by the server
    return repeated, made + copies, cold_statements(repeated, spare)


_LAP = [time.monotonic()]


def lap(what: str) -> None:
    now = time.monotonic()
    print(f"{what}: {now - _LAP[0]:.1f} s", flush=True)
    _LAP[0] = now


def cold_statements(warm: tuple[str, str], pairs: list[tuple[str, str]]) -> str:
    """The SQL statements of one cold look-up of each of the five kinds, after
    one look-up of `warm` (the parameters and the year's calendar, as in a
    worker that has served a look-up)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.post(TRACK, form_body(*warm), content_type=FORM_TYPE)
    counts = []
    for kind, (no, code) in zip(KINDS, pairs, strict=True):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(TRACK, form_body(no, code), content_type=FORM_TYPE)
        assert response.status_code == 200
        assert b"ps-case" in response.content
        counts.append(f"{kind} {len(queries.captured_queries)}")
    return ", ".join(counts)


def start_server(workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    script = Path(sys.executable).with_name("xiaoneng")
    command = [str(script), "serve", "--no-demo", "--no-worker", "--host", HOST,
               "--port", str(port), "--workers", str(workers)]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            command, env=dict(os.environ), stdout=out, stderr=subprocess.STDOUT
        )
    return process, port


def wait_ready(port: int, timeout: float = 90.0) -> None:
    """Until the server answers the empty form."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", TRACK)
            response = conn.getresponse()
            response.read()
            if response.status == 200:
                return
            raise SystemExit(f"the tracking form answered {response.status}")
        except OSError:
            time.sleep(0.3)
    raise SystemExit("server did not start")


def check_look_up(port: int, pair: tuple[str, str]) -> None:
    """Once, before measuring: a POST of a known pair answers 200 with that
    case on the page (not a redirect, not the form with an error), so the
    figures are never those of something else."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    conn.request("POST", TRACK, form_body(*pair), {"Content-Type": FORM_TYPE})
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    if response.status != 200 or "ps-case" not in body or pair[0] not in body:
        where = response.getheader("Location") or "no redirect"
        raise SystemExit(
            f"POST {TRACK} of case {pair[0]} answered {response.status} ({where}) "
            "without the case: nothing would be measured of a look-up"
        )
    print(f"check: POST {TRACK} of case {pair[0]} answered 200 with the case", flush=True)


def _percentiles(out: str) -> dict[str, str]:
    return {m[0]: m[1] for m in re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M)}


def run_wrk(
    url: str, connections: int, duration: int, script: Path | None = None
) -> dict[str, Any]:
    """wrk on `url`; with `script`, the request that script sets (the POST of
    a look-up), shown as <post.lua> in the command."""
    options = ["-s", str(script)] if script else []
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", *options, url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p = _percentiles(out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    path = url.split(str(HOST), 1)[1].split("/", 1)[1]
    shown = ["-s", "<post.lua>"] if script else []
    return {
        "command": " ".join([*command[:5], *shown]) + f" 'http://127.0.0.1:<port>/{path}'",
        "rps": rps,
        "p50": to_ms(p.get("50", "0")),
        "p99": to_ms(p.get("99", "0")),
        "bad": int(errors.group(1)) if errors else 0,
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
    }


def run_wrk_walk(
    base: str, pairs: list[tuple[str, str]], connections: int, script: Path
) -> dict[str, Any]:
    """Each pair once: wrk's -d is only an upper bound here (the script
    stops each thread at the end of its slice and times the walk itself)."""
    threads = 2
    walk_script(pairs, threads, connections, script)
    bound = max(30, len(pairs) // 50)  # at 50 look-ups/s the walk would still end
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{bound}s", "--latency",
               "-s", str(script), base]  # fmt: skip
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)  # noqa: S603
    # wrk sleeps out its -d even when every thread has stopped: each thread
    # leaves a file when its slice is done, then SIGINT ends wrk at once.
    while wrk.poll() is None and len(list(script.parent.glob("walk-done-*"))) < threads:
        time.sleep(0.2)
    wrk.send_signal(signal.SIGINT)
    out = wrk.communicate(timeout=60)[0]
    if "xn-walk " not in out:
        raise SystemExit(f"the walk printed no figures:\n{out}")
    walk = json.loads(out.split("xn-walk ", 1)[1].splitlines()[0])
    answered = sum(t["answered"] for t in walk["threads"])
    figures = {
        "command": " ".join(command[:-2]) + " <walk.lua> 'http://127.0.0.1:<port>'",
        "p50": walk["p50_us"] / 1000,
        "p99": walk["p99_us"] / 1000,
        "bad": sum(t["bad"] for t in walk["threads"]),
        "requests": answered,
    }
    if all(t["finished"] for t in walk["threads"]):
        began = min(t["started"] for t in walk["threads"])
        ended = max(t["finished"] for t in walk["threads"])
        return {**figures, "rps": answered / (ended - began)}
    # Not to the end within -d: every answer was still of a pair asked for
    # once, and wrk's own figure (over the whole -d) is the right one.
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {**figures, "rps": rps}


def run_python(
    port: int, requests: list[Request], connections: int, duration: int
) -> dict[str, Any]:
    """Keep-alive http.client threads; with more than one request, each is
    sent once (the walk ends early when the requests run out). A request
    with a body is sent form-encoded."""
    latencies: list[float] = []
    bad = [0]
    lock = threading.Lock()
    stop = time.monotonic() + duration
    queue = iter(requests) if len(requests) > 1 else None

    def client() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        mine: list[float] = []
        while time.monotonic() < stop:
            with lock:
                request = next(queue, None) if queue else requests[0]
            if request is None:
                break
            method, path, body = request
            headers = {"Content-Type": FORM_TYPE} if body is not None else {}
            started = time.perf_counter()
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            response.read()
            mine.append(time.perf_counter() - started)
            bad[0] += response.status != 200
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(connections)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    q = statistics.quantiles(latencies, n=100)
    return {
        "command": f"{connections} keep-alive http.client threads, up to {duration}s",
        "rps": len(latencies) / elapsed,
        "p50": q[49] * 1000,
        "p99": q[98] * 1000,
        "bad": bad[0],
        "requests": len(latencies),
    }


def to_ms(value: str) -> float:
    number = float(re.sub(r"[a-z]+$", "", value))
    unit = re.search(r"[a-z]+$", value)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}.get(unit.group(0) if unit else "ms", 1.0)
    return number * scale


def measure(args: argparse.Namespace, port: int, tmp: Path, repeated: tuple[str, str],
            pairs: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:  # fmt: skip
    """repeat, form and (with --distinct) distinct, one after the other."""
    base = f"http://{HOST}:{port}"
    look_up: Request = ("POST", TRACK, form_body(*repeated))
    run_python(port, [look_up], 4, 2)  # warm every worker: templates, calendar, parameters
    results: dict[str, dict[str, Any]] = {}
    use_wrk = shutil.which("wrk") and not args.python_client
    if use_wrk:
        post = repeat_script(repeated, tmp / "post.lua")
        results["repeat"] = run_wrk(base + TRACK, args.connections, args.duration, post)
        results["form"] = run_wrk(base + TRACK, args.connections, args.duration)
    else:
        results["repeat"] = run_python(port, [look_up], args.connections, args.duration)
        form: Request = ("GET", TRACK, None)
        results["form"] = run_python(port, [form], args.connections, args.duration)
    if pairs:
        if use_wrk:
            results["distinct"] = run_wrk_walk(base, pairs, args.connections, tmp / "walk.lua")
        else:
            walk: list[Request] = [("POST", TRACK, form_body(*pair)) for pair in pairs]
            results["distinct"] = run_python(port, walk, args.connections, 600)
    return results


def report(args: argparse.Namespace, vendor: str, results: dict[str, dict[str, Any]],
           statements: str) -> list[str]:  # fmt: skip
    labels = {
        "repeat": "repeat: POST /track/, one case again and again (per-process copy)",
        "form": "form: GET /track/, no query (template + middleware floor)",
        "distinct": f"**distinct: {args.distinct:,} cases, each POSTed once (cold)**",
    }
    rows = [
        f"### {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'}",
        "",
        f"Command: `uv run python bench/bench_tracking.py --workers {args.workers} "
        f"--connections {args.connections} --duration {args.duration} "
        f"--distinct {args.distinct}" + (" --postgres URL`" if args.postgres else "`"),
        f"({'wrk' if shutil.which('wrk') and not args.python_client else 'python client'}; "
        f"`xiaoneng serve --no-demo --no-worker --workers {args.workers}`, granian WSGI, "
        "4 threads per worker; rate limit lifted; look-ups POSTed as the form sends them).",
        machine_line(),
        "",
        "| look-up | requests | requests/s | p50 | p99 | non-2xx | load |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, r in results.items():
        rows.append(
            f"| {labels[name]} | {r['requests']:,} | {r['rps']:,.0f} | {r['p50']:.2f} ms "
            f"| {r['p99']:.2f} ms | {r['bad']} | `{r['command']}` |"
        )
    rows.append("")
    rows.append(f"SQL statements of one cold look-up, by kind of case: {statements}.")
    if "distinct" in results:
        cold = results["distinct"]
        ok = cold["rps"] >= TARGET_RPS and cold["p99"] <= TARGET_P99_MS and not cold["bad"]
        rows.append(
            f"Target, distinct: ≥ {TARGET_RPS:,} requests/s with p99 ≤ {TARGET_P99_MS:.0f} ms: "
            f"**{'met' if ok else 'not met'}** ({cold['rps']:,.0f} requests/s, "
            f"p99 {cold['p99']:.1f} ms)."
        )
    rows.append("")
    return rows


def write(rows: list[str], vendor: str) -> None:
    """Replace this vendor's part of the section, keep the other's."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    sub = "### PostgreSQL" if vendor == "postgresql" else "### SQLite"
    if f"\n{SECTION}\n" not in text:
        text = text.rstrip("\n") + f"\n\n{SECTION}\n\n" + INTRO + "\n"
    head, _, rest = text.partition(f"\n{SECTION}\n")
    section, nxt, tail = rest.partition("\n## ")
    if "### " not in section:  # the section before the distinct mode: its text goes
        section = "\n" + INTRO + "\n"
    section = re.sub(rf"{re.escape(sub)}\n.*?(?=\n### |\Z)", "", section, flags=re.S)
    section = section.rstrip("\n") + "\n\n" + "\n".join(rows)
    text = head + f"\n{SECTION}\n" + section + (("\n## " + tail) if nxt else "")
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


INTRO = """Three look-ups in the same run against the same server (bench/bench_tracking.py's
docstring): **repeat** (one case again and again: after each worker's first
look-up the page comes from its per-process copy, keyed by the case's version
and the day), **form** (`GET /track/`, the empty form: template and
middleware, no query — the floor of a rendered page) and **distinct** (N cases
each looked up once by a wrk Lua script that walks them: every counted answer
is a cold look-up that renders the page; requests/s is answers over the walk's
own time). A look-up is the page's real one: `POST /track/` with the
form-encoded body `no=…&code=…` (the form is exempt from CSRF; a GET with
`?code=` is only redirected to the form), and the run checks once, before
measuring, that such a POST answers 200 with the case on the page. The
cases: a few hundred through the actions in five kinds (received; accepted
with 受理通知书; delivered with its documents and the 好差评 link; a
one-time supplement notice; charged, with the 收费情况 table), the rest
faithful bulk copies of them (bench/_tracking_world.py). **The tracking
rate limit is lifted for the run** (`portal.track_per_minute` = 0)."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--distinct", type=int, default=0, metavar="N")
    parser.add_argument("--through-actions", type=int, default=300, metavar="K")
    parser.add_argument("--postgres", metavar="URL", default="")
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    os.environ["XIAONENG_SECRET_KEY"] = "bench-only-" + "x" * 40
    with throwaway_database(args.postgres, "xn-bench-track-") as vendor:
        tmp = Path(os.environ["XIAONENG_VAR_DIR"])
        started = time.monotonic()
        (no, code), pairs, statements = prepare(args.distinct, args.through_actions)
        print(f"{len(pairs):,} distinct cases in {time.monotonic() - started:.0f} s")
        from django.db import connections

        connections.close_all()
        process, port = start_server(args.workers, tmp / "server.log")
        try:
            wait_ready(port)
            check_look_up(port, (no, code))
            results = measure(args, port, tmp, (no, code), pairs)
        finally:
            stop_process(process, timeout=30)
    rows = report(args, vendor, results, statements)
    print("\n".join(rows))
    if not args.no_write:
        write(rows, vendor)


if __name__ == "__main__":
    main()

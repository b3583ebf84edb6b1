"""The big screen's first load in headless Chromium, with the static files as
production serves them (hashed names, Brotli, ten-year immutable cache) and,
in the same run, as they were served before (plain names, uncompressed,
60-second cache): the peer.

    uv run python bench/bench_static.py [--runs 7]
    uv run python bench/bench_static.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Builds a throwaway database (SQLite file in a temp dir, or a scratch
PostgreSQL database xn_static_<pid> dropped at the end), migrates and loads
the demo city; times `system.staticfiles.collect_when_changed()` into a temp
STATIC_ROOT (first collection, then unchanged sources); starts two servers
`xiaoneng serve --no-demo --no-worker --workers 2` on loopback, one with
XIAONENG_STATIC_STORAGE=hashed (that STATIC_ROOT) and one with
XIAONENG_STATIC_STORAGE=plain; signs in as `supervisor` (电子监察) once per
server and loads /bigscreen/ in turns:

- cold: a new browser context (empty HTTP cache, the session cookie only);
- warm: a second tab of the same context (the HTTP cache of the first visit).

Per load: navigation start → `load` event (Navigation Timing) and the bytes
transferred (transferSize of the document and every resource; 0 for what the
cache answered) and the static requests sent. Medians of --runs loads each.
Target: cold ≤ 500 ms on loopback with the production storage.

Writes bench/RESULTS.md, section "## Static assets and the big screen's first
load (issue 16)", subsection "### SQLite" or "### PostgreSQL".
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from _processes import HOST, free_port, stop_process
from _report import RESULTS, machine_line
from bench_cases import scratch_postgres

HEADING = "## Static assets and the big screen's first load (issue 16)"
TARGET_MS = 500.0
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Zhangye@2012"  # noqa: S105 - the demo accounts' published password
USER = "supervisor"
MODES = ("plain", "hashed")
MEASURE = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const resources = performance.getEntriesByType('resource');
  const statics = resources.filter(r => new URL(r.name).pathname.startsWith('/static/'));
  return {
    ms: nav.loadEventEnd - nav.startTime,
    bytes: nav.transferSize + resources.reduce((sum, r) => sum + r.transferSize, 0),
    static_bytes: statics.reduce((sum, r) => sum + r.transferSize, 0),
    static_requests: statics.filter(r => r.transferSize > 0).length,
    static_files: statics.length,
  };
}"""


@contextmanager
def throwaway_database(postgres: str) -> Iterator[tuple[str, Path]]:
    temp = Path(tempfile.mkdtemp(prefix="xn_static_"))
    os.environ["XIAONENG_VAR_DIR"] = str(temp)
    os.environ["XIAONENG_STATIC_ROOT"] = str(temp / "static")
    os.environ["XIAONENG_STATIC_STORAGE"] = "hashed"
    os.environ.pop("XIAONENG_SQLITE_PATH", None)
    os.environ.pop("DATABASE_URL", None)
    try:
        if postgres:
            with scratch_postgres(postgres, prefix="xn_static") as url:
                os.environ["DATABASE_URL"] = url
                yield "PostgreSQL", temp
        else:
            yield "SQLite", temp
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def prepare() -> dict[str, float]:
    """Migrate and load the demo city in this process; time the collection."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.system import staticfiles

    call_command("migrate", interactive=False, verbosity=0)
    load_demo_city()
    timings = {}
    for key in ("first", "unchanged"):
        started = time.perf_counter()
        staticfiles.collect_when_changed()
        timings[key] = time.perf_counter() - started
    from django.db import connections

    connections.close_all()
    return timings


def start_server(mode: str, temp: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    script = Path(sys.executable).with_name("xiaoneng")
    env = {**os.environ, "XIAONENG_STATIC_STORAGE": mode}
    if mode == "plain":
        env["XIAONENG_STATIC_ROOT"] = str(temp / "static-plain")
    command = [str(script), "serve", "--no-demo", "--no-worker", "--host", HOST,
               "--port", str(port), "--workers", "2"]  # fmt: skip
    log = (temp / f"serve-{mode}.log").open("wb")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the {mode} server did not start: {(temp / f'serve-{mode}.log').read_text()}")


def sign_in(browser: Any, base: str) -> Any:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", USER)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    state = context.storage_state()
    context.close()
    return state


def load_twice(browser: Any, base: str, state: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A cold load in a new context, then a warm one in a second tab."""
    context = browser.new_context(storage_state=state)
    try:
        loads = []
        for _ in range(2):
            page = context.new_page()
            response = page.goto(f"{base}/bigscreen/", wait_until="load")
            assert response is not None
            assert response.status == 200, response
            assert "/bigscreen/" in page.url
            loads.append(page.evaluate(MEASURE))
        return loads[0], loads[1]
    finally:
        context.close()


def measure(temp: Path, runs: int) -> dict[str, dict[str, list[dict[str, Any]]]]:
    from playwright.sync_api import sync_playwright

    servers = {mode: start_server(mode, temp) for mode in MODES}
    results: dict[str, dict[str, list[dict[str, Any]]]] = {
        mode: {"cold": [], "warm": []} for mode in MODES
    }
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            bases = {mode: f"http://{HOST}:{port}" for mode, (_, port) in servers.items()}
            states = {mode: sign_in(browser, base) for mode, base in bases.items()}
            for mode in MODES:  # one untimed load each: the workers' first render
                load_twice(browser, bases[mode], states[mode])
            for _ in range(runs):
                for mode in MODES:  # in turns, so both see the same load on the machine
                    cold, warm = load_twice(browser, bases[mode], states[mode])
                    results[mode]["cold"].append(cold)
                    results[mode]["warm"].append(warm)
            browser.close()
    finally:
        for process, _ in servers.values():
            stop_process(process, timeout=15)
    return results


def median(loads: list[dict[str, Any]], key: str) -> float:
    return statistics.median(load[key] for load in loads)


def subsection(vendor: str, runs: int, collect: dict[str, float], results: Any) -> str:
    rows = []
    label = {"plain": "before: plain names, uncompressed", "hashed": "now: hashed, Brotli"}
    for mode in MODES:
        for visit in ("cold", "warm"):
            loads = results[mode][visit]
            times = [load["ms"] for load in loads]
            rows.append(
                f"| {label[mode]} | {visit} | {median(loads, 'ms'):.0f} "
                f"| {min(times):.0f}–{max(times):.0f} "
                f"| {median(loads, 'bytes') / 1024:,.0f} KB "
                f"| {median(loads, 'static_bytes') / 1024:,.0f} KB "
                f"| {median(loads, 'static_requests'):.0f} of {median(loads, 'static_files'):.0f} |"
            )
    cold_ms = median(results["hashed"]["cold"], "ms")
    met = "met" if cold_ms <= TARGET_MS else "not met"
    return f"""### {vendor}

| static files | visit | load ms (median) | range | bytes | of which static | static requests |
|---|---|---:|---:|---:|---:|---:|
{chr(10).join(rows)}

{runs} loads of each kind, the two servers in turns. Collection into STATIC_ROOT
(`collect_when_changed`): first {collect["first"]:.1f} s, unchanged sources
{collect["unchanged"] * 1000:.1f} ms. Cold load ≤ {TARGET_MS:.0f} ms with the
production storage: **{met}** ({cold_ms:.0f} ms).
{machine_line()}
"""


def write_results(vendor: str, text: str) -> None:
    head = f"""{HEADING}

Command: `uv run python bench/bench_static.py [--postgres URL]` (see its docstring).
Two servers `xiaoneng serve --no-demo --no-worker --workers 2` on loopback over
the same throwaway database, one with the production static storage
(`XIAONENG_STATIC_STORAGE=hashed`: collected, hashed names, .br/.gz,
`Cache-Control: max-age=315360000, public, immutable`) and its peer as served
before (`plain`: the sources through the finders, no compression, 60 s cache).
Headless Chromium ({CHROMIUM}) signed in as `supervisor`, /bigscreen/:
navigation start → `load` event (Navigation Timing), bytes = transferSize of
the document and every resource (0 when the cache answered). Cold: a new
browser context (empty cache); warm: a second tab of the same context.
"""
    existing = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    found = pattern.search(existing)
    parts = {}
    if found:
        for match in re.finditer(r"^### (\S+)\n.*?(?=^### |\Z)", found.group(0), re.M | re.S):
            parts[match.group(1)] = match.group(0).rstrip("\n") + "\n"
    parts[vendor] = text
    section = head + "\n" + "\n".join(parts[key] for key in sorted(parts, reverse=True)) + "\n"
    if found:
        existing = pattern.sub(lambda _: section, existing)
    else:
        existing = existing.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(existing, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--postgres", default="", help="server URL for a scratch database")
    args = parser.parse_args()
    with throwaway_database(args.postgres) as (vendor, temp):
        collect = prepare()
        results = measure(temp, args.runs)
    text = subsection(vendor, args.runs, collect, results)
    print(text)
    write_results(vendor, text)


if __name__ == "__main__":
    main()

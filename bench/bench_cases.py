"""Case transitions: through the actions, through the HTTP API, and the raw
row writes underneath, on a throwaway SQLite file or PostgreSQL database.

    uv run python bench/bench_cases.py
    uv run python bench/bench_cases.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Sets up its own database (SQLite: a fresh file in a temp dir; PostgreSQL: a
scratch database xn_bench_<pid> created on the server and dropped at the end),
migrates, loads the demo city and catalog and publishes a non-instant
single-department item (10 working days committed, like tests/cases/conftest.py),
then measures:

1. N cases (default 2,000) walked submit_application → accept_case →
   decide_case(approved) → deliver_case through the actions (window for
   intake/accept/deliver, depthead for the decision): transitions/s (wall and
   CPU), the queries per transition, a cProfile of the same path; the audit
   chain is verified afterwards with verify_chain().
2. The same walk through the real server (`xiaoneng serve`,
   granian, 2 workers) over loopback, with bearer tokens and a few keep-alive
   client threads (bench/_cases_http.py): transitions/s, p50/p95 latency; and
   the queries of one walk through the same API in-process.
3. The same row writes through the DB-API alone (bench/_cases_raw.py), and the
   ratio actions/raw; django-viewflow's start → approve → end in a child
   process (bench/_viewflow_peer/), the peer the actions are compared with.
4. Storage per 100,000 cases (growth of the case, event and audit tables and
   of the file over the N cases) and the RSS growth of a fresh process loading
   one page of 100 cases through the selectors.

Writes the figures to bench/RESULTS.md under "## Case transitions", in a
"### SQLite" or "### PostgreSQL" subsection (other subsections are kept).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from _report import RESULTS, cpu_name, load_text

HEADING = "## Case transitions"
KINDS = ("intake", "accept", "decide", "deliver")
ACTION_NAME = {
    "intake": "submit_application",
    "accept": "accept_case",
    "decide": "decide_case",
    "deliver": "deliver_case",
}
# A working week in March 2026: received Mon, accepted Tue, decided and delivered a week later.
DAYS = {
    "intake": date(2026, 3, 2),
    "accept": date(2026, 3, 3),
    "decide": date(2026, 3, 10),
    "deliver": date(2026, 3, 11),
}
ITEM_CODE = "BENCH-0005-01"
WARMUP = 20
# The targets (issue "hotpath"), each against a peer or floor timed in the same run.
TARGET_HTTP_SHARE = 0.50  # HTTP API rate ≥ 50 % of the action rate
TARGET_PEER_FACTOR = 2.0  # actions ≥ 2 × django-viewflow (start → approve → end)
TARGET_RAW_SHARE = 0.25  # actions ≥ 25 % of the raw DB-API floor
PEER = Path(__file__).resolve().parent / "_viewflow_peer" / "run.py"
CASE_TABLES = ("cases_case", "cases_caseevent", "audit_auditevent")
TRANSACTION_SQL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


# --- setup ---------------------------------------------------------------------------


def scratch_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def scratch_postgres(url: str, prefix: str = "xn_bench") -> Iterator[str]:
    """CREATE DATABASE <prefix>_<pid> on the server; DROP it at the end."""
    import psycopg

    name = f"{prefix}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield scratch_url(url, name)
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def throwaway_database(postgres_url: str, prefix: str) -> Iterator[str]:
    """A fresh var dir (the SQLite file goes there) or, given a server URL, a
    scratch PostgreSQL database; yields the vendor, removes both at the end."""
    temp = tempfile.mkdtemp(prefix=prefix)
    os.environ["XIAONENG_VAR_DIR"] = temp
    os.environ.pop("XIAONENG_SQLITE_PATH", None)
    os.environ.pop("DATABASE_URL", None)
    try:
        if postgres_url:
            with scratch_postgres(postgres_url) as url:
                os.environ["DATABASE_URL"] = url
                yield "postgresql"
        else:
            yield "sqlite"
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings")
    import django

    django.setup()


def build_world() -> dict[str, Any]:
    """Migrate, demo city + catalog, one published 承诺件; the actors."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
    from django.core.management import call_command

    from xiaoneng.catalog import actions as catalog_actions
    from xiaoneng.demo.catalog import load_demo_catalog
    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.org.models import Department, User

    call_command("migrate", interactive=False, verbosity=0)
    # Argon2 for the demo accounts is set-up time, not what is measured.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()
    load_demo_city()
    names = ["admin", "window", "depthead"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    load_demo_catalog(users["admin"])
    item = catalog_actions.create_item(
        actor=users["admin"],
        code=ITEM_CODE,
        basic_code="0100099000",
        name="外商投资企业设立登记（基准）",
        item_type="01",
        legal_basis="《中华人民共和国公司登记管理条例》第五十四条",
        department=Department.objects.get(code="620700005"),
        committed_limit_days=10,
        legal_limit_days=20,
        needs_expert_review=True,  # not instant: a 承诺件, as in tests/cases/conftest.py
        materials=[{"name": "设立登记申请书", "issuer": "申请人", "originals": 1}],
    )
    catalog_actions.publish_item(actor=users["admin"], item=item)
    return users


# --- 1. actions ----------------------------------------------------------------------


def walker(window: Any, head: Any) -> Callable[..., int]:
    """walk(i, times=None): one case through the four actions; its id."""
    from xiaoneng.cases import actions
    from xiaoneng.core.timesource import travel_to

    clock = time.perf_counter

    def walk(i: int, times: dict[str, list[float]] | None = None) -> int:
        t0 = clock()
        with travel_to(DAYS["intake"]):
            case, _ = actions.submit_application(
                actor=window, item_code=ITEM_CODE, applicant_name=f"祁连绿源有限公司{i}"
            )
        t1 = clock()
        with travel_to(DAYS["accept"]):
            actions.accept_case(actor=window, case_id=case.pk)
        t2 = clock()
        with travel_to(DAYS["decide"]):
            actions.decide_case(actor=head, case_id=case.pk, decision="approved")
        t3 = clock()
        with travel_to(DAYS["deliver"]):
            done = actions.deliver_case(actor=window, case_id=case.pk)
        t4 = clock()
        assert done.status == "delivered", done.status
        assert done.on_time
        if times is not None:
            for kind, spent in zip(KINDS, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
                times[kind].append(spent)
        return int(case.pk)

    return walk


def count_queries(walk: Callable[..., int]) -> dict[str, list[str]]:
    """The SQL of one walk, by action (each action wrapped for the one walk)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xiaoneng.cases import actions

    per_kind: dict[str, list[str]] = {}
    original = {kind: getattr(actions, name) for kind, name in ACTION_NAME.items()}

    def wrap(kind: str) -> Callable[..., Any]:
        def run(**kwargs: Any) -> Any:
            with CaptureQueriesContext(connection) as captured:
                result = original[kind](**kwargs)
            per_kind[kind] = [q["sql"] for q in captured.captured_queries]
            return result

        return run

    for kind, name in ACTION_NAME.items():
        setattr(actions, name, wrap(kind))
    try:
        walk(-1)
    finally:
        for kind, name in ACTION_NAME.items():
            setattr(actions, name, original[kind])
    return per_kind


def statements(sqls: list[str]) -> list[str]:
    return [s for s in sqls if not s.lstrip().upper().startswith(TRANSACTION_SQL)]


def verb(sql: str) -> str:
    head = sql.lstrip().split(None, 1)[0].upper()
    if head == "SELECT" and "FOR UPDATE" in sql.upper():
        return "SELECT … FOR UPDATE"
    return head


# Functions whose cumulative share tells where a transition's time goes.
WHERE = (
    ("xiaoneng/cases/steps.py", "locked_case", "`steps.locked_case` (lock + scope check)"),
    ("xiaoneng/cases/steps.py", "advance", "`steps.advance` (all of it)"),
    (
        "django/db/models/fields/related_descriptors.py",
        "__get__",
        "FK attribute reads (with lazy loads)",
    ),
    ("xiaoneng/audit/actions.py", "record_event", "— `audit.record_event`"),
    ("xiaoneng/calendar/selectors.py", "current_calendar", "— `current_calendar` (stamp)"),
    ("xiaoneng/core/clock/engine.py", "compute", "— `core.clock.compute` (the clock)"),
    ("xiaoneng/core/hashchain.py", "link_hash", "— `hashchain.link_hash` (SM3)"),
    ("django/db/models/sql/compiler.py", "as_sql", "ORM: compiling SQL (`as_sql`)"),
    ("django/db/backends/utils.py", "execute", "database: executing statements"),
    ("django/db/backends/base/base.py", "commit", "database: COMMIT"),
)


def profile_walks(walk: Callable[..., int], count: int, start: int) -> dict[str, Any]:
    """cProfile over `count` more walks: top functions by own time, and shares."""
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(count):
        walk(start + i)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(r"xiaoneng", 40)
    print(out.getvalue())
    entries: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in entries.values())
    top = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in sorted(
        entries.items(), key=lambda kv: kv[1][2], reverse=True
    )[:12]:
        top.append(
            (
                f"`{short_path(filename)}:{line}({re.sub(r' at 0x[0-9a-f]+', '', func)})`",
                f"{calls / count:,.0f}",
                f"{100 * tottime / total:.1f} %",
                f"{100 * cumtime / total:.1f} %",
            )
        )
    where = []
    for suffix, func, label in WHERE:
        cum = sum(v[3] for (f, _l, fn), v in entries.items() if f.endswith(suffix) and fn == func)
        calls = sum(v[1] for (f, _l, fn), v in entries.items() if f.endswith(suffix) and fn == func)
        where.append((label, f"{calls / count / 4:,.1f}", f"{100 * cum / total:.1f} %"))
    return {"top": top, "where": where, "seconds": total, "count": count}


def short_path(filename: str) -> str:
    for marker in ("site-packages/", "src/", "lib/python3.11/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


def calibrate() -> dict[str, float]:
    """CPU µs of one ORM primary-key read of a case, and of the same SELECT
    through the cursor: how slow the ORM is on this machine."""
    from django.db import connection

    from xiaoneng.cases.models import Case

    pk = Case.objects.order_by("pk").values_list("pk", flat=True).first()

    def orm() -> None:
        Case.objects.filter(pk=pk).first()

    def cursor() -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT * FROM cases_case WHERE id = %s", [pk])
            cur.fetchone()

    result = {}
    for name, run in (("orm", orm), ("cursor", cursor)):
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            for _ in range(200):
                run()
            best = min(best, (time.process_time() - started) / 200)
        result[name] = best * 1e6
    return result


# --- 4. storage and memory ------------------------------------------------------------


def storage_snapshot(vendor: str) -> dict[str, int]:
    """Bytes per table (with its indexes and, on PostgreSQL, TOAST) and the file."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cur:
        if vendor == "sqlite":
            cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cur.execute(
                "SELECT m.tbl_name, SUM(s.pgsize) FROM dbstat s "
                "JOIN sqlite_master m ON m.name = s.name GROUP BY m.tbl_name"
            )
            sizes = {name: int(size) for name, size in cur.fetchall() if name in CASE_TABLES}
            sizes["file"] = Path(settings.DATABASES["default"]["NAME"]).stat().st_size
        else:
            sizes = {}
            for table in CASE_TABLES:
                cur.execute("SELECT pg_total_relation_size(%s)", [table])
                sizes[table] = int(cur.fetchone()[0])
            cur.execute("SELECT pg_database_size(current_database())")
            sizes["file"] = int(cur.fetchone()[0])
    return sizes


def vacuum_full_postgres() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        for table in CASE_TABLES:
            cur.execute(f"VACUUM (FULL, ANALYZE) {table}")


def rss_probe() -> None:
    """Child mode: in a fresh process, the RSS growth of loading one page of 100
    cases (with their events, as the API list does) through the selectors."""
    setup_django()
    import tracemalloc

    from xiaoneng.cases.selectors import cases_for_actor
    from xiaoneng.org.models import User

    def rss_kib() -> int:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") // 1024

    head = User.objects.get(username="depthead")
    list(cases_for_actor(head).prefetch_related("events")[:1])  # warm the code paths
    before_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    before = rss_kib()
    page = list(cases_for_actor(head).prefetch_related("events")[:100])
    after = rss_kib()
    after_max = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    events = sum(len(c.events.all()) for c in page)
    tracemalloc.start()
    other = list(cases_for_actor(head).prefetch_related("events")[100:200])
    held, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "cases": len(page),
                "events": events,
                "maxrss_kib": after_max - before_max,
                "maxrss_total_kib": after_max,
                "rss_kib": after - before,
                "rss_total_kib": after,
                "traced_peak": peak,
                "traced_held": held,
                "traced_cases": len(other),
            }
        )
    )


def run_rss_probe() -> dict[str, Any]:
    result = subprocess.run(  # noqa: S603 - this script, in child mode
        [sys.executable, __file__, "--rss-probe"],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    if result.returncode:
        raise RuntimeError(f"rss probe failed: {result.stderr[-3000:]}")
    probe: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return probe


# --- 2. HTTP ---------------------------------------------------------------------------


def http_queries(tokens: dict[str, str]) -> dict[str, int]:
    """Statements of a walk through the API in-process (test client, same
    middleware), by call — what each HTTP transition costs the database once
    the tokens' authority is kept (the second of two walks)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    counts: dict[str, int] = {}

    def post(kind: str, path: str, who: str, body: dict[str, Any]) -> dict[str, Any]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                f"/api/v1{path}",
                body,
                content_type="application/json",
                headers={"Authorization": f"Bearer {tokens[who]}"},
            )
        assert response.status_code in (200, 201), response.content[:300]
        counts[kind] = len(statements([q["sql"] for q in captured.captured_queries]))
        result: dict[str, Any] = response.json()
        return result

    # Twice: the first request of each token reads its user's authority and
    # keeps it; the second walk is what every later request costs.
    for _ in range(2):
        case = post("intake", "/cases", "window", {"item_code": ITEM_CODE, "applicant_name": "甲"})
        post("accept", f"/cases/{case['id']}/accept", "window", {})
        post("decide", f"/cases/{case['id']}/decide", "depthead", {"decision": "approved"})
        post("deliver", f"/cases/{case['id']}/deliver", "window", {})
    return counts


def http_leg(users: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connections

    import _cases_http as web
    from xiaoneng.accounts.actions import create_api_token

    tokens = {
        who: create_api_token(actor=users[who], name="bench_cases", days=1)[1]
        for who in ("window", "depthead")
    }
    queries = http_queries(tokens)
    connections.close_all()
    var_dir = os.environ["XIAONENG_VAR_DIR"]
    server = web.Server(
        workers=args.http_workers, env=web.server_env(var_dir), log=Path(var_dir) / "serve.log"
    )
    try:
        server.wait_ready(tokens["window"])
        # Warm both workers (imports, calendar cache, connections) before timing.
        common = {"port": server.port, "tokens": tokens, "item_code": ITEM_CODE}
        web.drive(**common, threads=args.http_threads, cases=4 * args.http_threads, seconds=60)
        # One client first: the latency of a request that never waits for another.
        alone, alone_wall = web.drive(
            **common, threads=1, cases=args.http_cases // 4, seconds=args.http_seconds / 3
        )
        load_before = os.getloadavg()
        cpu_before = web.server_cpu_seconds(server.process.pid)
        tally, wall = web.drive(
            **common, threads=args.http_threads, cases=args.http_cases, seconds=args.http_seconds
        )
        server_cpu = web.server_cpu_seconds(server.process.pid) - cpu_before
    finally:
        server.stop()
    alone_all = [t for kind in KINDS for t in alone.latencies[kind]]
    every = [t for kind in KINDS for t in tally.latencies[kind]]
    return {
        "command": server.command,
        "threads": args.http_threads,
        "workers": args.http_workers,
        "cases": tally.cases,
        "requests": len(every),
        "errors": tally.errors,
        "wall": wall,
        "rate": 4 * tally.cases / wall,
        # Transitions per CPU-second of the server's processes (not the clients').
        "cpu_rate": 4 * tally.cases / server_cpu if server_cpu > 0 else float("nan"),
        "p50": web.percentile(every, 0.50),
        "p95": web.percentile(every, 0.95),
        "by_kind": {
            kind: (
                web.percentile(tally.latencies[kind], 0.50),
                web.percentile(tally.latencies[kind], 0.95),
            )
            for kind in KINDS
        },
        "queries": queries,
        "alone": {
            "cases": alone.cases,
            "rate": 4 * alone.cases / alone_wall,
            "p50": web.percentile(alone_all, 0.50),
            "p95": web.percentile(alone_all, 0.95),
            "errors": len(alone.errors),
        },
        "load_before": load_before,
        "load_after": os.getloadavg(),
    }


# --- 3. the peer: django-viewflow --------------------------------------------------------


def peer_leg(postgres_url: str, count: int) -> dict[str, Any]:
    """django-viewflow's start → approve → end, `count` processes, in a child
    process with its own settings (bench/_viewflow_peer/) on a database of its
    own on the same engine: SQLite a file in this run's var dir, PostgreSQL a
    scratch database on the same server. Its rates count transactions (two per
    process), as ours count transitions (one transaction each)."""
    uv = shutil.which("uv")
    if uv is None:
        raise RuntimeError("uv not found: the peer runs with `uv run --group bench`")
    command = [uv, "run", "--frozen", "--group", "bench", "python", str(PEER)]
    command += ["--count", str(count)]

    def run_peer(extra: list[str]) -> dict[str, Any]:
        result = subprocess.run(  # noqa: S603 - our own script through uv
            command + extra, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise RuntimeError(f"viewflow peer failed: {result.stderr[-3000:]}")
        found: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
        return found

    if not postgres_url:
        path = Path(os.environ["XIAONENG_VAR_DIR"]) / f"viewflow-{time.monotonic_ns()}.sqlite3"
        return run_peer(["--sqlite", str(path)])
    with scratch_postgres(postgres_url, prefix="xn_bench_vf") as url:
        return run_peer(["--postgres", url])


# --- 4. raw ----------------------------------------------------------------------------


def raw_leg(
    vendor: str, case_ids: list[int], count: int, window: Any
) -> tuple[float, float, float]:
    """(transitions/s, share of the time spent in COMMIT, CPU-time rate)."""
    from django.conf import settings
    from django.db import connections
    from django.db.models import Max

    import _cases_raw as raw
    from xiaoneng.audit.keys import signing_key
    from xiaoneng.audit.models import AuditEvent, AuditHead
    from xiaoneng.cases.models import Case, CaseEvent

    tables = tuple(m._meta.db_table for m in (Case, CaseEvent, AuditHead, AuditEvent))
    assert tables == raw.TABLES, tables
    seqs = dict(
        CaseEvent.objects.filter(case_id__in=case_ids)
        .values("case_id")
        .annotate(m=Max("seq"))
        .values_list("case_id", "m")
    )
    numbers = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "tracking_no"))
    targets = [raw.Target(pk, numbers[pk], seqs[pk] + 1) for pk in case_ids]
    actor = (window.pk, window.real_name or window.username)
    signing = signing_key()  # the key and id record_event seals with
    connections.close_all()
    if vendor == "sqlite":
        path = str(settings.DATABASES["default"]["NAME"])
        rate = raw.run_sqlite(path, targets, count, actor, signing)
    else:
        rate = raw.run_postgres(os.environ["DATABASE_URL"], targets, count, actor, signing)
    return rate, raw.COMMIT_SECONDS[0] * rate / count, count / raw.CPU_SECONDS[0]


# --- report ----------------------------------------------------------------------------


def per_100k(before: dict[str, int], after: dict[str, int], key: str, cases: int) -> float:
    return (after[key] - before[key]) / cases * 100_000 / 2**20


INTRO = f"""{HEADING}

Commands: `uv run python bench/bench_cases.py` (SQLite) and
`uv run python bench/bench_cases.py --postgres postgres://postgres@127.0.0.1:5432/postgres`.

Each run builds a throwaway database (SQLite: a new file in a temp dir; PostgreSQL:
a scratch database `xn_bench_<pid>`, dropped at the end), migrates, loads the demo
city and catalog and publishes a non-instant single-department item (10 working
days committed). A case is walked `submit_application` → `accept_case` →
`decide_case(approved)` → `deliver_case` (window; depthead decides): 4 transitions,
each one transaction that locks the case, appends a `CaseEvent`, recomputes the
clock, updates the row and appends an SM3-chained audit event under the locked
`AuditHead`. The same two `User` objects act throughout, so their roles are
loaded once (as within one request). "Raw" is the same row writes through the
DB-API alone, one transaction per transition (`bench/_cases_raw.py`): UPDATE case +
INSERT event + read/lock head + INSERT hashed and sealed audit row + UPDATE head;
its audit rows use the product's canonical form and HMAC-SM3 seal under the current
audit key, so `verify_chain()` still holds afterwards. The peer is django-viewflow 2.4
(`bench/_viewflow_peer/`, its own settings and database on the same engine, run with
`uv run --group bench`): start → approve → end under its `SelectForUpdateLock`, no
audit chain, no clock; each task one transaction, counted like one transition.
Raw and peer are timed before and after the action walk; their rates are the means.
"CPU" rates divide by the process's CPU time instead of the wall clock: on a
shared machine they move less with the neighbours' load.
"""


def write_results(subsection: str) -> None:
    """Replace this ### subsection of "## Case transitions", keep the others."""
    title = subsection.split("\n", 1)[0]
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    found = pattern.search(text)
    parts = re.split(r"(?m)^(?=### )", found.group(0)) if found else [INTRO]
    subs = {p.split("\n", 1)[0]: p for p in parts[1:]}
    subs[title] = subsection
    order = ["### SQLite", "### PostgreSQL"]
    ordered = [subs[k] for k in order if k in subs] + [v for k, v in subs.items() if k not in order]
    section = parts[0].rstrip("\n") + "\n\n" + "\n".join(s.rstrip("\n") + "\n" for s in ordered)
    if found:
        rest = text[found.end() :]
        text = text[: found.start()] + section + ("\n" + rest if rest else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")


def report(r: dict[str, Any]) -> str:
    vendor, args, n = r["vendor"], r["args"], r["args"].cases
    times, queries, probe, http = r["times"], r["queries"], r["probe"], r["http"]
    before, after, compacted = r["before"], r["after"], r["compacted"]
    rate, cpu_rate, raws = r["rate"], r["cpu_rate"], r["raw_rates"]
    raw_rates = [x[0] for x in raws]
    raw_rate = statistics.mean(raw_rates)
    commit_share = statistics.mean(x[1] for x in raws)
    raw_cpu = statistics.mean(x[2] for x in raws)
    command = "uv run python bench/bench_cases.py" + (
        f" --postgres {args.postgres}" if args.postgres else ""
    )
    defaults = {"cases": 2_000, "peer": 1_000, "http_seconds": 60.0, "raw": 0, "profile_cases": 300}
    for name, default in defaults.items():
        if getattr(args, name) != default:
            command += f" --{name.replace('_', '-')} {getattr(args, name)}"
    python = f"{platform.python_implementation()} {platform.python_version()}"
    loads = r["loads"]
    calib = r["calibration"]
    lines = [
        "### SQLite" if vendor == "sqlite" else "### PostgreSQL",
        "",
        f"Command: `{command}`",
        "",
        f"{r['server']}; Django {r['django']}; {cpu_name()}, {os.cpu_count()} cores, "
        f"{python}, {sys.platform}. Load average at the start {load_text(loads['start'])}, "
        f"after the timed walk {load_text(loads['actions'])}, at the end "
        f"{load_text(loads['end'])} (other work shares the machine). ORM yardstick here: "
        f"`Case.objects.filter(pk=…).first()` costs {calib['orm']:,.0f} µs of CPU, the same "
        f"SELECT through the cursor {calib['cursor']:,.0f} µs.",
        "",
        "| path | transitions/s (wall) | per transition (wall) | CPU-time rate |",
        "|---|---:|---:|---:|",
        f"| actions, {n:,} cases × 4, one thread | **{rate:,.0f}** | {1e3 / rate:.2f} ms | "
        f"{cpu_rate:,.0f} |",
    ]
    for kind in KINDS:
        mean = sum(times[kind]) / len(times[kind])
        lines.append(f"| — `{ACTION_NAME[kind]}` alone | {1 / mean:,.0f} | {mean * 1e3:.2f} ms | |")
    if http:
        alone = http["alone"]
        lines.append(
            f"| HTTP API, 1 client thread, {alone['cases']:,} cases | {alone['rate']:,.0f} | "
            f"p50 {alone['p50'] * 1e3:.1f} ms, p95 {alone['p95'] * 1e3:.1f} ms | |"
        )
        lines.append(
            f"| HTTP API, {http['threads']} client threads, granian {http['workers']} workers "
            f"× 4 threads, {http['cases']:,} cases | **{http['rate']:,.0f}** | "
            f"p50 {http['p50'] * 1e3:.1f} ms, p95 {http['p95'] * 1e3:.1f} ms | "
            f"{http['cpu_rate']:,.0f} (server) |"
        )
    lines.append(
        f"| raw DB-API, 2 × {r['raw_count']:,} transitions (before / after the walk: "
        f"{raw_rates[0]:,.0f} / {raw_rates[1]:,.0f}), one thread | **{raw_rate:,.0f}** | "
        f"{1e3 / raw_rate:.3f} ms, {100 * commit_share:.0f} % of it in COMMIT | "
        + (f"{raw_cpu:,.0f} |" if vendor == "sqlite" else "(server-side work) |")
    )
    if r["peer"]:
        first, second = r["peer"]
        peer_rate = (first["rate"] + second["rate"]) / 2
        lines.append(
            f"| django-viewflow 2.4, start → approve → end, 2 × {first['processes']:,} processes "
            f"(before / after the walk: {first['rate']:,.0f} / {second['rate']:,.0f}), "
            f"transactions, one thread | **{peer_rate:,.0f}** | {1e3 / peer_rate:.2f} ms, "
            f"{first['statements']:.1f} statements | "
            f"{(first['cpu_rate'] + second['cpu_rate']) / 2:,.0f} |"
        )
    share = rate / raw_rate
    cpu_ratio = f" (by CPU time: {100 * cpu_rate / raw_cpu:.1f} %)" if vendor == "sqlite" else ""
    lines += ["", f"Ratio actions/raw: **{100 * share:.1f} %**{cpu_ratio}.", ""]
    lines += report_targets(r, raw_rate)
    checked, verify_s, checked_after = r["chain"]
    lines.append(
        f"`verify_chain()` after the walk: {checked:,} events, intact, in {verify_s:.2f} s; "
        f"after the raw writes: {checked_after:,} events, intact."
    )
    if http:
        lines += report_http(http)
    counts = {kind: len(statements(queries[kind])) for kind in KINDS}
    tally = Counter(verb(sql) for kind in KINDS for sql in statements(queries[kind]))
    lines += [
        "",
        "Statements per transition (one walk, `CaptureQueriesContext`, BEGIN/COMMIT not "
        "counted): "
        + ", ".join(f"`{ACTION_NAME[k]}` {counts[k]}" for k in KINDS)
        + f" — **{sum(counts.values()) / 4:.2f}** on average; over the four: "
        + ", ".join(f"{v} {k}" for k, v in tally.most_common())
        + ".",
        "",
        "| storage per 100,000 cases (4 events + 4 audit rows each) | MiB |",
        "|---|---:|",
    ]
    for table in CASE_TABLES:
        lines.append(f"| `{table}` (with indexes) | {per_100k(before, after, table, n):,.1f} |")
    label = "file growth" if vendor == "sqlite" else "database growth"
    lines.append(f"| {label} | {per_100k(before, after, 'file', n):,.1f} |")
    if compacted:
        compact = sum(per_100k(before, compacted, t, n) for t in CASE_TABLES)
        lines.append(
            f"| the three tables after `VACUUM FULL` (no dead row versions) | {compact:,.1f} |"
        )
    lines += [
        "",
        f"Memory: a fresh process loading one page of {probe['cases']} cases with their "
        f"{probe['events']} events through `cases_for_actor(depthead)` (the API list's query): "
        f"`ru_maxrss` +{probe['maxrss_kib']:,} KiB (peak {probe['maxrss_total_kib'] / 1024:,.0f} "
        f"MiB, set by start-up), current RSS +{probe['rss_kib']:,} KiB (process at "
        f"{probe['rss_total_kib'] / 1024:,.0f} MiB); tracemalloc over the next page "
        f"({probe['traced_cases']} cases): "
        f"{probe['traced_held'] / 1024:,.0f} KiB held, {probe['traced_peak'] / 1024:,.0f} KiB "
        "peak.",
    ]
    lines += report_profile(r)
    return "\n".join(lines) + "\n"


def verdict(measured: float, needed: float, unit: str = "/s") -> str:
    if measured >= needed:
        return f"**met** ({measured:,.0f}{unit} ≥ {needed:,.0f}{unit})"
    return (
        f"**missed**: {measured:,.0f}{unit} against {needed:,.0f}{unit} needed "
        f"({needed / measured:.2f}× short)"
    )


def report_targets(r: dict[str, Any], raw_rate: float) -> list[str]:
    """Each target against its peer or floor timed in this same run."""
    rate, http = r["rate"], r["http"]
    lines = [
        f"Target actions ≥ {100 * TARGET_RAW_SHARE:.0f} % of the raw floor "
        f"({raw_rate:,.0f}/s): {verdict(rate, TARGET_RAW_SHARE * raw_rate)}."
    ]
    if r["peer"]:
        peer_rate = sum(p["rate"] for p in r["peer"]) / 2
        peer_cpu = sum(p["cpu_rate"] for p in r["peer"]) / 2
        lines.append(
            f"Target actions ≥ {TARGET_PEER_FACTOR:.0f}× django-viewflow ({peer_rate:,.0f}/s): "
            f"{verdict(rate, TARGET_PEER_FACTOR * peer_rate)}; by CPU time "
            f"{r['cpu_rate'] / peer_cpu:.2f}× ({r['cpu_rate']:,.0f} against {peer_cpu:,.0f})."
        )
    if http:
        lines.append(
            f"Target HTTP API ≥ {100 * TARGET_HTTP_SHARE:.0f} % of the action rate: "
            f"{verdict(http['rate'], TARGET_HTTP_SHARE * rate)} "
            f"({100 * http['rate'] / rate:.0f} %; one client alone "
            f"{100 * http['alone']['rate'] / rate:.0f} %); by CPU time (the server's "
            f"processes against the action walk's) "
            f"{100 * http['cpu_rate'] / r['cpu_rate']:.0f} %."
        )
    return lines


def report_http(http: dict[str, Any]) -> list[str]:
    """The paragraph under the table about the HTTP run."""
    by_kind = ", ".join(
        f"{kind} {p50 * 1e3:.0f}/{p95 * 1e3:.0f}" for kind, (p50, p95) in http["by_kind"].items()
    )
    errors = f"{len(http['errors']) + http['alone']['errors']} errors" + (
        f" (first: {http['errors'][0]})" if http["errors"] else ""
    )
    hq = http["queries"]
    return [
        "",
        f"HTTP: `{http['command']}` on the same database after the action walk, bearer tokens "
        f"for window and depthead, `http.client` keep-alive connections on loopback; "
        f"with {http['threads']} clients {http['requests']:,} timed requests in "
        f"{http['wall']:.1f} s, p50/p95 ms by call: {by_kind}; {errors} in both runs. "
        "Statements per request (in-process, same middleware): "
        + ", ".join(f"{k} {hq[k]}" for k in KINDS)
        + f". Load average before/after the timed run {load_text(http['load_before'])} / "
        f"{load_text(http['load_after'])}; client and server share the 2 cores.",
    ]


def report_profile(r: dict[str, Any]) -> list[str]:
    """The profile's tables, if it was run."""
    lines: list[str] = []
    prof = r["profile"]
    if prof:
        per = prof["seconds"] / prof["count"] / 4 * 1e3
        lines += [
            "",
            f"cProfile of {prof['count']} more walks ({per:.1f} ms per transition under the "
            "profiler). Where the time goes (cumulative share; calls per transition):",
            "",
            "| part | calls | share |",
            "|---|---:|---:|",
            *(f"| {label} | {calls} | {share} |" for label, calls, share in prof["where"]),
            "",
            "Top functions by own time (calls per case):",
            "",
            "| function | calls | own | cumulative |",
            "|---|---:|---:|---:|",
            *(f"| {' | '.join(row)} |" for row in prof["top"]),
        ]
    return lines


# --- main ------------------------------------------------------------------------------


def run(args: argparse.Namespace, vendor: str) -> None:  # noqa: PLR0915 - one linear script
    setup_django()
    import django
    from django.db import connection

    from xiaoneng.audit.selectors import verify_chain

    loads = {"start": os.getloadavg()}
    started = time.perf_counter()
    users = build_world()
    print(f"world built in {time.perf_counter() - started:.1f} s ({connection.vendor})", flush=True)
    window = users["window"]
    walk = walker(window, users["depthead"])
    if vendor == "sqlite":
        import sqlite3

        server = f"SQLite {sqlite3.sqlite_version} (WAL, synchronous=NORMAL, file on ext4)"
    else:
        with connection.cursor() as cur:
            cur.execute("SHOW server_version")
            version = cur.fetchone()[0]
            cur.execute("SHOW synchronous_commit")
            sync = cur.fetchone()[0]
        server = f"PostgreSQL {version} (synchronous_commit={sync}, loopback TCP)"

    warm_ids = [walk(i) for i in range(WARMUP)]
    # The raw floor is measured twice, before and after the action walk, since
    # the neighbours' load moves; the ratio uses the mean of the two.
    raw_count = args.raw or (10_000 if vendor == "sqlite" else 2_500)
    raw_first = raw_leg(vendor, warm_ids, raw_count, window)
    print(f"raw (before): {raw_first[0]:,.0f} transitions/s", flush=True)
    peer_first = peer_leg(args.postgres, args.peer) if args.peer else None
    if peer_first:
        print(f"viewflow (before): {peer_first['rate']:,.0f} transactions/s", flush=True)
    queries = count_queries(walk)
    calibration = calibrate()
    before = storage_snapshot(vendor)

    times: dict[str, list[float]] = {k: [] for k in KINDS}
    case_ids = []
    c0, t0 = time.process_time(), time.perf_counter()
    for i in range(args.cases):
        case_ids.append(walk(i, times))
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    loads["actions"] = os.getloadavg()
    rate, cpu_rate = 4 * args.cases / elapsed, 4 * args.cases / cpu
    print(f"actions: {args.cases:,} cases, {rate:,.0f} transitions/s ({cpu_rate:,.0f} CPU)")

    after = storage_snapshot(vendor)
    t0 = time.perf_counter()
    checked, broken = verify_chain()
    verify_s = time.perf_counter() - t0
    assert broken is None, broken
    compacted = None
    if vendor == "postgresql":
        vacuum_full_postgres()
        compacted = storage_snapshot(vendor)
    probe = run_rss_probe()
    print(f"rss probe: {probe}", flush=True)
    profile = profile_walks(walk, args.profile_cases, 10_000_000) if args.profile_cases else None

    peer_second = peer_leg(args.postgres, args.peer) if args.peer else None
    if peer_second:
        print(f"viewflow (after): {peer_second['rate']:,.0f} transactions/s", flush=True)
    http = None if args.no_http else http_leg(users, args)
    if http:
        print(
            f"http: {http['rate']:,.0f} transitions/s, p50 {http['p50'] * 1e3:.1f} ms; "
            f"statements per request {http['queries']}",
            flush=True,
        )

    raw_second = raw_leg(vendor, case_ids, raw_count, window)
    print(f"raw (after): {raw_second[0]:,.0f} transitions/s", flush=True)
    checked_after, broken_after = verify_chain()
    assert broken_after is None, broken_after
    loads["end"] = os.getloadavg()

    subsection = report(
        {
            "vendor": vendor,
            "args": args,
            "server": server,
            "django": django.get_version(),
            "rate": rate,
            "cpu_rate": cpu_rate,
            "times": times,
            "queries": queries,
            "calibration": calibration,
            "before": before,
            "after": after,
            "compacted": compacted,
            "probe": probe,
            "profile": profile,
            "http": http,
            "raw_rates": (raw_first, raw_second),
            "peer": (peer_first, peer_second) if peer_first and peer_second else None,
            "raw_count": raw_count,
            "chain": (checked, verify_s, checked_after),
            "loads": loads,
        }
    )
    for kind in KINDS:
        print(f"--- {ACTION_NAME[kind]}: {len(statements(queries[kind]))} statements")
        for sql in queries[kind]:
            print("   ", sql[:240])
    print(subsection)
    if not args.no_write:
        write_results(subsection)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n", 1)[0])
    parser.add_argument("--cases", type=int, default=2_000)
    parser.add_argument("--postgres", metavar="URL", default="")
    parser.add_argument("--profile-cases", type=int, default=300)
    parser.add_argument("--http-cases", type=int, default=1_000)
    parser.add_argument("--http-seconds", type=float, default=60.0)
    parser.add_argument("--http-threads", type=int, default=4)
    parser.add_argument("--http-workers", type=int, default=2)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--raw", type=int, default=0, help="raw transitions per pass")
    parser.add_argument(
        "--peer", type=int, default=1_000, help="viewflow processes per pass (0: none)"
    )
    parser.add_argument("--no-write", action="store_true", help="leave RESULTS.md alone")
    parser.add_argument("--rss-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_probe:
        rss_probe()
        return

    with throwaway_database(args.postgres, "xn-bench-") as vendor:
        run(args, vendor)


if __name__ == "__main__":
    main()

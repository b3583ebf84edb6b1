"""Supervision at scale: 1,000,000 cases (100,000 open) on a throwaway SQLite
file or PostgreSQL database, and the reads and the sweep of electronic
supervision over them.

    uv run python bench/bench_scale.py
    uv run python bench/bench_scale.py --postgres postgres://postgres@127.0.0.1:5432/postgres

Setup reuses bench/bench_cases.py (`setup_django`, `build_world`: migrate, demo
city, demo catalog; `scratch_postgres`: a scratch database xn_bench_<pid>,
dropped at the end). The cases are then BULK INSERTED (executemany on SQLite,
COPY on PostgreSQL), not walked through the actions: realistic rows over the
demo catalog's items and departments with the clock columns in closed form
(bench/_scale_rows.py; checked against core.clock.compute by
tests/history/test_scale_rows.py). Case events are written for the open cases
(what the reads need: the suspension date of paused cases, the big screen's
feed); `--events all` writes them for every case.

Measured (wall clock, p50/p95 over --runs runs after 3 warm-ups), as the
supervision bureau (`supervisor`, whole city) on the generated "today":

1. the desk's open-case alert list, first page (10 rows) with its count, as
   `supervision.views.desk_view` reads it (AlertContext.build + alert_rows +
   Paginator): no filter, by department, by item, by level, and the level counts;
2. the department ranking of last month: `scores.selectors.ranked_rows` (after
   `scores.actions.rollup_month`, timed once);
3. the big screen: `bigscreen.selectors.snapshot`;
4. the card sweep `supervision.actions.issue_cards` over the open cases (first
   sweep, the same again, and after the yellow cards' follow-up deadline).

Then the plans of the slowest statements of each (EXPLAIN QUERY PLAN /
EXPLAIN ANALYZE). Prints Markdown; `--markdown FILE` also writes it there.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import cpu_name, load_text
from bench_cases import build_world, scratch_postgres, setup_django

TODAY = date(2026, 10, 30)  # a Friday
TARGET_MS = 100.0
TARGET_SWEEP_S = 10.0
BATCH = 20_000


# --- rows ------------------------------------------------------------------------------


def items_info() -> list[Any]:
    from _scale_rows import ItemInfo
    from xiaoneng.catalog.models import ApprovalItem, ItemStatus

    return [
        ItemInfo(
            id=i.pk,
            department_id=i.department_id,
            committed_days=i.committed_limit_days,
            legal_days=i.legal_limit_days,
            max_extension_days=i.extension_max_days,
            warning_days=i.effective_warning_days,
            instant=i.is_instant,
            handling_mode=i.handling_mode,
        )
        for i in ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED)
        .exclude(code="BENCH-0005-01")
        .order_by("code")
    ]


def _batches(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def insert_rows(vendor: str, n: int, n_open: int, events: str, seed: int) -> dict[str, Any]:
    """Generate and write the cases (and events); seconds and counts."""
    from django.db import connection, transaction

    from _scale_rows import CASE_FIELDS, EVENT_FIELDS, Generator
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.cases.models import Case, CaseEvent

    case_cols = {f.attname: str(f.column) for f in Case._meta.concrete_fields}
    event_cols = {f.attname: str(f.column) for f in CaseEvent._meta.concrete_fields}
    columns = [case_cols[f] for f in CASE_FIELDS]
    assert len(columns) == len(case_cols), "a Case column is not generated"
    ev_columns = [event_cols[f] for f in EVENT_FIELDS]
    gen = Generator(current_calendar(), items_info(), TODAY, seed)
    event_rows: list[tuple[Any, ...]] = []
    counts: dict[str, Any] = {"cases": 0, "events": 0}
    started = time.perf_counter()

    def case_tuples() -> Iterator[tuple[Any, ...]]:
        for c in gen.cases(n, n_open):
            counts["cases"] += 1
            yield tuple(c.values[f] for f in CASE_FIELDS)
            if events == "all" or c.values["is_open"]:
                for seq, (kind, on, days) in enumerate(c.events, start=1):
                    event_rows.append(
                        (
                            c.values["id"],
                            seq,
                            kind,
                            on,
                            days,
                            c.values["updated_at"],
                            "系统",
                            "",
                            "",
                            "{}",
                        )
                    )

    with transaction.atomic():
        _write(vendor, case_tuples(), event_rows, columns, ev_columns, counts)
    counts["seconds"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cur:
        # PostgreSQL: what autovacuum does after a bulk load (statistics and the
        # visibility map, without which no index-only scan is possible).
        cur.execute("ANALYZE" if vendor == "sqlite" else "VACUUM ANALYZE")
    counts["analyze_seconds"] = time.perf_counter() - started
    return counts


def _write(
    vendor: str,
    case_rows: Iterator[tuple[Any, ...]],
    event_rows: list[tuple[Any, ...]],
    columns: list[str],
    ev_columns: list[str],
    counts: dict[str, Any],
) -> None:
    """Inside the caller's transaction: executemany (SQLite) or COPY (PostgreSQL)."""
    from django.db import connection

    raw = connection.connection
    if vendor == "sqlite":
        conv = _sqlite_value
        case_sql = _insert_sql("cases_case", columns)
        ev_sql = _insert_sql("cases_caseevent", ev_columns)
        for batch in _batches(case_rows, BATCH):
            raw.executemany(case_sql, [tuple(conv(x) for x in row) for row in batch])
            raw.executemany(ev_sql, [tuple(conv(x) for x in row) for row in event_rows])
            counts["events"] += len(event_rows)
            event_rows.clear()
    else:
        with raw.cursor() as cur:
            with cur.copy(f"COPY cases_case ({', '.join(columns)}) FROM STDIN") as copy:
                for row in case_rows:
                    copy.write_row(row)
            cols = ", ".join(f'"{c}"' for c in ev_columns)
            with cur.copy(f"COPY cases_caseevent ({cols}) FROM STDIN") as copy:
                for row in event_rows:
                    copy.write_row(row)
            counts["events"] = len(event_rows)
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
                "(SELECT MAX(id) FROM cases_case))"
            )


def _insert_sql(table: str, columns: list[str]) -> str:
    cols = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608


def _sqlite_value(x: Any) -> Any:
    """As Django's SQLite backend stores it: ISO dates, UTC datetimes."""
    from datetime import UTC, datetime

    if isinstance(x, datetime):
        return x.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(x, date):
        return x.isoformat()
    return x


# --- measuring -------------------------------------------------------------------------


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    for _ in range(3):
        result = fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    p50, p95 = percentiles(times)
    return p50, p95, result


def captured(fn: Callable[[], Any]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries]


def plan_of(vendor: str, sql: str) -> tuple[float, str]:
    """One timed execution of the statement and its plan."""
    from django.db import connection

    with connection.cursor() as cur:
        t0 = time.perf_counter()
        cur.execute(sql)
        cur.fetchall()
        ms = (time.perf_counter() - t0) * 1000
        if vendor == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + sql)
            lines = [f"{'  ' * _depth(r, cur)}{r[3]}" for r in cur.fetchall()]
        else:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS OFF, TIMING OFF, SUMMARY ON) " + sql)
            lines = [r[0] for r in cur.fetchall()]
    return ms, "\n".join(lines)


_PARENTS: dict[int, int] = {}


def _depth(row: Any, _cur: Any) -> int:
    node, parent = row[0], row[1]
    _PARENTS[node] = parent
    depth, p = 0, parent
    while p:
        depth += 1
        p = _PARENTS.get(p, 0)
    return depth


def run(args: argparse.Namespace, vendor: str) -> str:  # noqa: PLR0912, PLR0915 - one linear script
    setup_django()
    load_start = os.getloadavg()
    reuse = bool(args.sqlite_file and args.sqlite_file.exists())
    if reuse:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    else:
        build_world()
    from django.core.paginator import Paginator
    from django.db.models import Count

    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.cases.models import Case
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.org.models import User
    from xiaoneng.supervision.actions import issue_cards
    from xiaoneng.supervision.levels import AlertContext
    from xiaoneng.supervision.selectors import (
        AlertFilter,
        alert_rows,
        level_counts,
        open_cases_in_scope,
    )

    if reuse:  # a file kept by an earlier run (--sqlite-file): its rows as they are
        from xiaoneng.cases.models import CaseEvent

        rows: dict[str, Any] = {"cases": Case.objects.count(), "events": CaseEvent.objects.count()}
        rows |= {"seconds": float("nan"), "analyze_seconds": float("nan")}
    else:
        rows = insert_rows(vendor, args.cases, args.open, args.events, args.seed)
    print(f"inserted {rows}", flush=True)
    supervisor = User.objects.get(username="supervisor")
    calendar = current_calendar()
    by_dept = list(
        Case.objects.filter(is_open=True)
        .values("department_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:1]
    )
    by_item = list(
        Case.objects.filter(is_open=True)
        .values("item__code")
        .annotate(n=Count("pk"))
        .order_by("-n")[:1]
    )
    dept, item = by_dept[0]["department_id"], by_item[0]["item__code"]
    out: list[str] = []
    table: list[tuple[str, float, float, str]] = []
    plans: dict[str, list[str]] = {}

    def desk(filters: AlertFilter, page_no: int = 1) -> Callable[[], Any]:
        def read() -> Any:
            ctx = AlertContext.build(
                open_cases_in_scope(supervisor), today=TODAY, calendar=calendar
            )
            page = Paginator(alert_rows(supervisor, filters, ctx), 10).page(page_no)
            return page.paginator.count, [c.alert_level for c in page.object_list]

        return read

    def counts() -> Any:
        ctx = AlertContext.build(open_cases_in_scope(supervisor), today=TODAY, calendar=calendar)
        return level_counts(supervisor, ctx)

    reads: list[tuple[str, Callable[[], Any]]] = [
        ("desk: first page, no filter", desk(AlertFilter())),
        (f"desk: first page, department (id {dept})", desk(AlertFilter(department=dept))),
        (f"desk: first page, item {item}", desk(AlertFilter(item=item))),
        ("desk: first page, level overdue", desk(AlertFilter(level="overdue"))),
        ("desk: first page, level warning", desk(AlertFilter(level="warning"))),
        (
            "desk: first page, department + warning",
            desk(AlertFilter(department=dept, level="warning")),
        ),
        ("desk: page 5,000 (rows 49,991-50,000), no filter", desk(AlertFilter(), 5000)),
        ("desk: level counts", counts),
    ]
    with travel_to(TODAY):
        # The sweep first, so the reads see the cards it issues.
        sweeps = []
        for label, day in (
            []
            if args.only
            else (
                ("first sweep (yellow cards)", TODAY),
                ("same sweep again", TODAY),
                ("after the follow-up deadline (red cards)", calendar.add_workdays(TODAY, 3)),
            )
        ):
            with travel_to(day):
                t0 = time.perf_counter()
                result = issue_cards()
                sweeps.append((label, time.perf_counter() - t0, result))
                print(f"{label}: {sweeps[-1][1]:.2f} s {result}", flush=True)
        try:
            from xiaoneng.scores.actions import rollup_month
            from xiaoneng.scores.selectors import ranked_rows

            month = (
                date(TODAY.year, TODAY.month - 1, 1)
                if TODAY.month > 1
                else date(TODAY.year - 1, 12, 1)
            )
            t0 = time.perf_counter()
            rolled: Any = rollup_month(month, today=TODAY)
            rollup_s = time.perf_counter() - t0
            print(f"rollup_month({month}): {rollup_s:.2f} s, {rolled} rows", flush=True)
            reads.append(
                (
                    f"ranking {month:%Y-%m}: scores.selectors.ranked_rows",
                    lambda: len(ranked_rows(month)),
                )
            )
        except ImportError:
            rollup_s, rolled = float("nan"), "scores app absent"
        try:
            from xiaoneng.bigscreen.selectors import snapshot

            reads.append(
                (
                    "big screen: bigscreen.selectors.snapshot",
                    lambda: snapshot(supervisor, TODAY)["kpi"],
                )
            )
        except ImportError:
            pass
        for label, fn in reads:
            if args.only not in label:
                continue
            p50, p95, result = measure(fn, args.runs)
            shown = str(result)[:90]
            table.append((label, p50, p95, shown))
            print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms  {shown}", flush=True)
            plans[label] = captured(fn)
    load_end = os.getloadavg()

    name = "PostgreSQL" if vendor == "postgresql" else "SQLite"
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        version = cur.fetchone()[0]
    out += [
        f"### {name}",
        "",
        f"{name} {version}; {cpu_name()}, {os.cpu_count()} cores, CPython "
        f"{platform.python_version()}, {platform.system().lower()}. Load average at the "
        f"start {load_text(load_start)}, at the end {load_text(load_end)} "
        "(other work shares the machine).",
        "",
        f"Generated {rows['cases']:,} cases ({args.open:,} open) and {rows['events']:,} events "
        f"in {rows['seconds']:.1f} s ({rows['cases'] / rows['seconds']:,.0f} cases/s, "
        f"{'executemany' if vendor == 'sqlite' else 'COPY'}); "
        f"{'ANALYZE' if vendor == 'sqlite' else 'VACUUM ANALYZE'} "
        f"{rows['analyze_seconds']:.1f} s. "
        f"Today = {TODAY}; {args.runs} timed runs each after 3 warm-ups.",
        "",
        "| read (as `supervisor`, whole city) | p50 ms | p95 ms | target p95 ≤ 100 ms | result |",
        "|---|---:|---:|---|---|",
    ]
    for label, p50, p95, shown in table:
        verdict = "met" if p95 <= TARGET_MS else "**missed**"
        out.append(f"| {label} | {p50:.1f} | {p95:.1f} | {verdict} | `{shown}` |")
    out += [
        "",
        "| card sweep over the open cases | wall s | target < 10 s | result |",
        "|---|---:|---|---|",
    ]
    for label, seconds, result in sweeps:
        verdict = "met" if seconds < TARGET_SWEEP_S else "**missed**"
        out.append(
            f"| {label} | {seconds:.2f} | {verdict} | {result.yellow:,} yellow, "
            f"{result.red:,} red, {result.closed:,} closed |"
        )
    out += [
        "",
        f"Scores rollup of the month (`rollup_month`, once): {rollup_s:.2f} s, {rolled} rows.",
        "",
    ]
    out += ["#### Plans (the slowest statements of each read, one execution each)", ""]
    for label, sqls in plans.items():
        timed = sorted(
            ((plan_of(vendor, s), s) for s in sqls if s.lstrip().upper().startswith("SELECT")),
            key=lambda t: -t[0][0],
        )
        out.append(f"**{label}** — {len(sqls)} statements; slowest:")
        out.append("")
        for (ms, plan), sql in timed[: args.plans]:
            out += [f"{ms:.1f} ms: `{_short(sql)}`", "", "```", plan, "```", ""]
    return "\n".join(out)


def _short(sql: str, limit: int = 220) -> str:
    text = " ".join(sql.split())
    return text if len(text) <= limit else text[:limit] + " …"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--postgres", metavar="URL", help="server URL (a scratch database is made)")
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--plans", type=int, default=2, help="plans shown per read")
    parser.add_argument("--events", choices=("open", "all"), default="open")
    parser.add_argument("--seed", type=int, default=20261030)
    parser.add_argument("--markdown", type=Path, help="also write the Markdown here")
    parser.add_argument(
        "--sqlite-file",
        type=Path,
        help="keep the SQLite database here; if it exists, reuse its rows (to iterate on reads)",
    )
    parser.add_argument("--only", default="", help="measure only the reads whose label has this")
    args = parser.parse_args()
    if args.postgres:
        with scratch_postgres(args.postgres) as url:
            os.environ["DATABASE_URL"] = url
            text = run(args, "postgresql")
    else:
        tmp = tempfile.mkdtemp(prefix="xn_scale_")
        os.environ.pop("DATABASE_URL", None)
        path = args.sqlite_file or Path(tmp) / "scale.sqlite3"
        os.environ["XIAONENG_SQLITE_PATH"] = str(path)
        try:
            text = run(args, "sqlite")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

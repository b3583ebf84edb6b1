"""Public resource trading (issue 14): sealed bids submitted and opened through
the real actions, and the OCDS export, on a throwaway SQLite file or
PostgreSQL database.

    uv run python bench/bench_trading.py
    uv run python bench/bench_trading.py --postgres postgres://postgres@127.0.0.1:5432/test
    uv run python bench/bench_trading.py --quick        # 100 rounds, about a minute

Setup (not timed): migrate, the demo city and its trading world
(`load_trading_world`), `--bids` bidder parties each with a bidder account
(the demo's ten, more made if asked), then `--rounds` projects through the
actions: `register_project` by the tenderer (市交通运输局) entrusting the
agency, `accept_project` by the centre, `announce` and `clarify` by the agency
— each on its own day, `--per-day` projects a working day from 2026-08-03 so
that the tender periods cross National Day; the deadline of each is the law's
earliest (`tendering.earliest_deadline`) at 09:30. Kinds in tens: five
construction, three procurement, one land-use right, one state property.

Timed: the rounds in the order of their deadlines. For each deadline day, on
the working day before it each bidder of each round closing that day calls
`submit_bid` (its 解密码 kept by the bench as a bidder would); on the day, for
each round, the centre's `start_opening` at 09:31, every bidder's
`decrypt_bid` at 09:35, the centre's `close_opening` at 09:50 (the opening
record and its OCDS release). Then the OCDS export: every page of
`/trading/ocds/records.json` (the public view, following `links.next`), and
of `releases.json`, through Django's test client.

Then, on `--split-rounds` more rounds made the same way, the cost of one bid
split into its parts by timing the functions the actions call (the seal
`envelope.seal_bid`, the row `Bid.save`, the audit `event`, the unseal
`envelope.open_bid`), and the SQL statements of each action
(`CaptureQueriesContext`). `--profile` prints the top of a cProfile of that
batch to stderr. `--markdown FILE` writes the report there too."""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import cpu_name, load_text
from bench_cases import setup_django, throwaway_database
from bench_openness import logged_in

FIRST_DAY = date(2026, 8, 3)  # Mon; the tender periods of Sept. run across National Day
DEADLINE_TIME = (9, 30)
TARGET_BIDS_S = 60.0  # 10,000 bids submitted and opened
TARGET_EXPORT_S = 5.0  # the records of 1,000 projects
# (kind, criteria, speciality) in tens: 5 construction, 3 procurement, 1 land, 1 property
KINDS = (
    *[("construction", "comprehensive", "road")] * 5,
    *[("procurement", "lowest_price", "equipment")] * 3,
    ("land", "highest_price", "land"),
    ("property", "highest_price", "asset"),
)
TIMES: dict[str, float] = {}


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """`timesource.now()` at `moment` (then running with the wall clock) and
    `today()` its day in Beijing: `travel_to` to the minute, since an
    opening must start after 09:30 whatever the real time of day is. Sets
    the thread's shift the way `travel_to` does; checked, so a change in
    timesource makes the bench fail rather than measure the wrong day."""
    from xiaoneng.core import timesource

    state = timesource._state
    previous = getattr(state, "moved", None)
    day = moment.astimezone(timesource.SHANGHAI).date()
    state.moved = (day, moment - datetime.now(tz=UTC))
    try:
        assert abs((timesource.now() - moment).total_seconds()) < 1, "timesource changed"
        assert timesource.today() == day
        yield
    finally:
        state.moved = previous


def beijing(day: date, hour: int, minute: int) -> datetime:
    from xiaoneng.core.timesource import SHANGHAI

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


# --- setup ---------------------------------------------------------------------------


def setup_world(bidders: int) -> dict[str, Any]:
    """Migrate, the demo city and trading world; the actors and `bidders` bidder accounts."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
    from django.core.management import call_command

    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.demo.trading import credit_code, load_trading_world
    from xiaoneng.org import actions as org_actions
    from xiaoneng.org.models import Role, User
    from xiaoneng.trading.models import Party

    call_command("migrate", interactive=False, verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()  # type: ignore[attr-defined]
    get_hashers_by_algorithm.cache_clear()  # type: ignore[attr-defined]
    load_demo_city()
    load_trading_world()
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["admin", "zhaobiao", "daili", "jiaoyi"])
    }
    role = Role.objects.get(code="bidder")
    parties = list(Party.objects.filter(is_bidder=True).order_by("id"))
    for k in range(len(parties), bidders):
        parties.append(
            Party.objects.create(
                name=f"张掖市第{k + 1}建设工程有限公司",
                credit_code=credit_code(f"3{k:08d}"),
                legal_representative="王建设",
                contact_name="李投标",
                contact_phone=f"1389361{k:04d}",
                address="甘肃省张掖市甘州区",
            )
        )
    bench_bidders = []
    for k, party in enumerate(parties[:bidders]):
        user = org_actions.create_user(
            actor=users["admin"],
            username=f"bench_bidder{k + 1}",
            password=f"Xn-{secrets.token_hex(8)}-7a",  # never signed in with
            real_name=f"{party.name}（投标专员）",
            roles=[role],
        )
        party.members.add(user)
        bench_bidders.append(user)
    users["bidders"] = bench_bidders
    users["agency_id"] = Party.objects.get(is_agency=True).pk
    return users


def prepare_rounds(users: dict[str, Any], count: int, first_day: date, per_day: int) -> list[Any]:
    """`count` projects registered, accepted, announced and clarified through the
    actions, `per_day` a working day from `first_day`; their open rounds."""
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.core.clock.procedures import tendering
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.trading.actions.announce import announce, clarify
    from xiaoneng.trading.actions.projects import accept_project, register_project
    from xiaoneng.trading.models import Round

    cal = current_calendar()
    ids = []
    for k in range(count):
        day = cal.add_workdays(first_day, k // per_day) if k // per_day else first_day
        kind, criteria, speciality = KINDS[k % len(KINDS)]
        deadline_on = tendering.earliest_deadline(kind, day, cal)
        with travel_to(day):
            project = register_project(
                users["zhaobiao"],
                kind=kind,
                title=f"张掖市2026年第{k + 1}批公共资源交易项目（{kind}）",
                description="G227线张掖段路面改造、学校设备采购、土地使用权出让等，基准测试项目",
                criteria=criteria,
                speciality=speciality,
                estimate=str(8_600_000 + 1000 * k),
                approval_document=f"张发改交运〔2026〕{k + 1}号",
                funding="市级财政资金",
                location="张掖市甘州区",
                agency_id=users["agency_id"],
            )
            accept_project(users["jiaoyi"], project.pk)
            announce(
                users["daili"],
                project.pk,
                documents_from=day,
                bid_deadline=beijing(deadline_on, *DEADLINE_TIME),
                announcement=f"{project.title}已具备招标条件，现公开招标，欢迎潜在投标人参加。",
                documents="第一章 招标公告；第二章 投标人须知；第三章 评标办法；第四章 合同条款。",
            )
        with travel_to(day + timedelta(days=1)):  # ≥ 15 days before the deadline (art. 23)
            clarify(users["daili"], project.pk, text="招标文件第三章评分标准第2.1条更正如下。")
        ids.append(project.pk)
        if (k + 1) % 100 == 0:
            print(f"--- {k + 1} projects announced", file=sys.stderr, flush=True)
    rounds = Round.objects.filter(project_id__in=ids).select_related("project")
    return list(rounds.order_by("bid_deadline", "id"))


# --- the bids ------------------------------------------------------------------------


def lap(name: str, started: float, observe: Callable[[str], None] | None) -> float:
    now = time.perf_counter()
    TIMES[name] = TIMES.get(name, 0.0) + now - started
    if observe is not None:
        observe(name)
        return time.perf_counter()
    return now


def bid_days(
    users: dict[str, Any], rounds: list[Any], observe: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Submit, open, decrypt and close every round, deadline day by deadline day;
    `observe(action)` after each action's batch (untimed)."""
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.core.timesource import SHANGHAI
    from xiaoneng.trading.actions.bids import submit_bid
    from xiaoneng.trading.actions.opening import close_opening, decrypt_bid, start_opening

    cal = current_calendar()
    by_day: dict[date, list[Any]] = {}
    for row in rounds:
        by_day.setdefault(row.bid_deadline.astimezone(SHANGHAI).date(), []).append(row)
    bidders, counts = users["bidders"], {"bids": 0, "opened": 0, "days": len(by_day)}
    for day, today in sorted(by_day.items()):
        eve = cal.add_workdays(day, -1)
        codes: list[tuple[Any, int, str]] = []
        mark = time.perf_counter()
        for row in today:
            for j, bidder in enumerate(bidders):
                with clock_at(beijing(eve, 9, 0) + timedelta(minutes=2 * j)):
                    price = row.project.estimate * (Decimal("0.85") + Decimal(j) / 100)
                    bid, code = submit_bid(
                        bidder,
                        row.pk,
                        price=f"{price:.2f}",
                        period_days=180 + j,
                        summary=f"{bidder.real_name}投标文件：技术标、商务标、资格审查资料",
                    )
                    codes.append((bidder, bid.pk, code))
        mark = lap("submit_bid", mark, observe)
        counts["bids"] += len(codes)
        for row in today:
            with clock_at(row.bid_deadline + timedelta(minutes=1)):
                start_opening(users["jiaoyi"], row.pk)
        mark = lap("start_opening", mark, observe)
        with clock_at(beijing(day, 9, 35)):
            for bidder, bid_id, code in codes:
                decrypt_bid(bidder, bid_id, code)
        mark = lap("decrypt_bid", mark, observe)
        for row in today:
            with clock_at(row.bid_deadline + timedelta(minutes=20)):
                close_opening(users["jiaoyi"], row.pk)
        lap("close_opening", mark, observe)
    return counts


def check_opened(rounds: list[Any], bids: int) -> int:
    from xiaoneng.trading.models import Bid, Round

    ids = [r.pk for r in rounds]
    opened = Bid.objects.filter(round_id__in=ids, status="opened", price__isnull=False).count()
    assert opened == bids, (opened, bids)
    assert Round.objects.filter(pk__in=ids, status="opened").count() == len(ids)
    return opened


# --- the OCDS export -----------------------------------------------------------------


def export(path: str) -> dict[str, Any]:
    """Every page of the package at `path`, following links.next."""
    client = logged_in(None)
    url, pages, size, items, releases = path, 0, 0, 0, 0
    started = time.perf_counter()
    while url:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        package = json.loads(response.content)
        pages, size = pages + 1, size + len(response.content)
        key = "records" if "records" in package else "releases"
        items += len(package[key])
        if key == "records":
            releases += sum(len(r["releases"]) for r in package["records"])
        url = package.get("links", {}).get("next", "")
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": pages, "bytes": size, "items": items, "releases": releases}


def bench_export(repeat: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, path in (
        ("records", "/trading/ocds/records.json"),
        ("releases", "/trading/ocds/releases.json"),
    ):
        runs = [export(path) for _ in range(repeat)]
        out[name] = {
            **runs[0],
            "first": runs[0]["seconds"],
            "best": min(r["seconds"] for r in runs),
        }
    return out


# --- one bid's cost, split -----------------------------------------------------------


@contextmanager
def timed_parts(totals: dict[str, float]) -> Iterator[None]:
    """Add the time spent in the seal, the bid row, the audit event, the unseal
    and COMMIT to `totals`, by wrapping those functions (restored after)."""
    from django.db import connections

    from xiaoneng.trading import envelope
    from xiaoneng.trading.actions import bids, opening
    from xiaoneng.trading.models import Bid

    def timer(label: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

        return timed

    wrapped: list[tuple[Any, str, str]] = [
        (envelope, "seal_bid", "seal"),
        (envelope, "open_bid", "unseal"),
        (Bid, "save", "row"),
        (bids, "event", "audit"),
        (opening, "event", "audit"),
        (connections["default"], "commit", "commit"),
    ]
    saved = [(owner, name, vars(owner).get(name)) for owner, name, _ in wrapped]
    for owner, name, label in wrapped:
        setattr(owner, name, timer(label, getattr(owner, name)))
    try:
        yield
    finally:
        for owner, name, original in saved:
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


TRANSACTION_SQL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def statements_of(users: dict[str, Any], row: Any, show: bool = False) -> dict[str, int]:
    """SQL statements of each action's batch on one round (BEGIN/COMMIT not
    counted); `show` prints those of the batch's first call to stderr."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out: dict[str, int] = {}
    with CaptureQueriesContext(connection) as ctx:
        seen = [0]

        def observe(name: str) -> None:
            sqls = [
                q["sql"]
                for q in ctx.captured_queries[seen[0] :]
                if not q["sql"].lstrip().upper().startswith(TRANSACTION_SQL)
            ]
            seen[0] = len(ctx.captured_queries)
            out[name] = len(sqls)
            if show:
                calls = len(users["bidders"]) if name in ("submit_bid", "decrypt_bid") else 1
                first = sqls[: len(sqls) // calls]
                print(f"--- {name}: {len(first)} statements", file=sys.stderr)
                for sql in first:
                    print(f"    {sql[:300]}", file=sys.stderr)

        bid_days(users, [row], observe)
    return out


def split_bid_cost(
    users: dict[str, Any], rounds: list[Any], profile: bool, show: bool = False
) -> dict[str, Any]:
    """One round's statements, then the other rounds timed with their parts."""
    statements = statements_of(users, rounds[0], show)
    TIMES.clear()
    parts: dict[str, dict[str, float]] = {}
    running: dict[str, float] = {}

    def observe(name: str) -> None:
        for label, seconds in running.items():
            parts.setdefault(name, {})[label] = parts.get(name, {}).get(label, 0.0) + seconds
        running.clear()

    profiler = cProfile.Profile() if profile else None
    with timed_parts(running):
        if profiler is not None:
            profiler.enable()
        counts = bid_days(users, rounds[1:], observe)
        if profiler is not None:
            profiler.disable()
    if profiler is not None:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(45)
        print(text.getvalue(), file=sys.stderr)
    return {"bids": counts["bids"], "times": dict(TIMES), "parts": parts, "statements": statements}


# --- run ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    setup_django()
    from django.db import connection

    from xiaoneng.calendar.selectors import current_calendar

    started = time.perf_counter()
    users = setup_world(args.bids)
    out: dict[str, Any] = {"vendor": connection.vendor}
    rounds = prepare_rounds(users, args.rounds, FIRST_DAY, args.per_day)
    out["setup"] = time.perf_counter() - started
    out["load_before"] = os.getloadavg()
    cpu, wall = time.process_time(), time.perf_counter()
    counts = bid_days(users, rounds)
    out["bids_wall"], out["bids_cpu"] = time.perf_counter() - wall, time.process_time() - cpu
    out["times"], out["counts"] = dict(TIMES), counts
    out["opened"] = check_opened(rounds, counts["bids"])
    out["load_after_bids"] = os.getloadavg()
    out["export"] = bench_export(args.repeat)
    out["load_after_export"] = os.getloadavg()
    last = max(r.bid_deadline for r in rounds).date()
    more = prepare_rounds(
        users, args.split_rounds + 1, current_calendar().add_workdays(last, 1), args.per_day
    )
    out["split"] = split_bid_cost(users, more, args.profile, args.sql)
    out["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out["load"] = os.getloadavg()
    return out


# --- report ---------------------------------------------------------------------------

ACTIONS = ("submit_bid", "start_opening", "decrypt_bid", "close_opening")
PARTS = ("seal", "unseal", "row", "audit", "commit")
PART_LABELS = {
    "seal": "seal (`envelope.seal_bid`: SM4-GCM, key check, SM3)",
    "unseal": "unseal (`envelope.open_bid`)",
    "row": "the bid's row (`Bid.save`: INSERT / UPDATE)",
    "audit": "audit event (`event` → `record_event`, SM3 chain)",
    "commit": "COMMIT",
}


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _calls(name: str, counts: dict[str, int], rounds: int) -> int:
    return counts["bids"] if name in ("submit_bid", "decrypt_bid") else rounds


def report(r: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    counts, times = r["counts"], r["times"]
    total = r["bids_wall"]
    lines = [
        f"Command: `{command}` — {r['vendor']}; setup {r['setup']:.0f} s (not timed); "
        f"{cpu_name()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}; load average "
        f"before the bids {load_text(r['load_before'])}, after them "
        f"{load_text(r['load_after_bids'])}, after the export {load_text(r['load_after_export'])}; "
        f"peak RSS {r['maxrss'] // 1024} MiB.",
        "",
        f"**{counts['bids']:,} bids submitted and opened** ({args.rounds:,} rounds × "
        f"{args.bids} bidders, {counts['days']} deadline days): "
        f"**{total:.1f} s** wall, {r['bids_cpu']:.1f} s CPU — target < {TARGET_BIDS_S:g} s: "
        f"{_verdict(total < TARGET_BIDS_S)}.",
        "",
        "| action | calls | seconds | ms per call | share |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in ACTIONS:
        calls = _calls(name, counts, args.rounds)
        lines.append(
            f"| `{name}` | {calls:,} | {times[name]:.1f} | {times[name] * 1000 / calls:.2f} | "
            f"{times[name] / total:.0%} |"
        )
    lines.append(f"| all | | **{total:.1f}** | {total * 1000 / counts['bids']:.2f} a bid | |")
    lines += report_split(r["split"], args)
    lines += report_export(r["export"])
    return "\n".join(lines) + "\n"


def report_split(split: dict[str, Any], args: argparse.Namespace) -> list[str]:
    bids, rounds = split["bids"], args.split_rounds
    lines = [
        "",
        f"One bid's cost, split ({rounds} more rounds, {bids:,} bids, with timers around the "
        "parts; statements of one round, BEGIN/COMMIT not counted), ms per call:",
        "",
        "| action | statements | all | " + " | ".join(PARTS) + " | the rest |",
        "|---|---:|---:|" + "---:|" * (len(PARTS) + 1),
    ]
    for name in ACTIONS:
        calls = bids if name in ("submit_bid", "decrypt_bid") else rounds
        per = {k: v * 1000 / calls for k, v in split["parts"].get(name, {}).items()}
        whole = split["times"][name] * 1000 / calls
        cells = [f"{per[k]:.2f}" if k in per else "—" for k in PARTS]
        first = args.bids if name in ("submit_bid", "decrypt_bid") else 1
        lines.append(
            f"| `{name}` | {split['statements'][name] / first:.1f} | {whole:.2f} | "
            + " | ".join(cells)
            + f" | {whole - sum(per.values()):.2f} |"
        )
    lines += ["", "Parts: " + "; ".join(f"{k}: {v}" for k, v in PART_LABELS.items()) + "."]
    return lines


def report_export(export: dict[str, Any]) -> list[str]:
    rec, rel = export["records"], export["releases"]
    met = _verdict(rec["first"] < TARGET_EXPORT_S)
    return [
        "",
        "| OCDS export (public view, every page by `links.next`) | pages | items | MB | "
        "first run | best run | target | |",
        "|---|---:|---:|---:|---:|---:|---|---|",
        f"| `/trading/ocds/records.json` | {rec['pages']} | {rec['items']:,} records, "
        f"{rec['releases']:,} releases | {rec['bytes'] / 1e6:.1f} | {rec['first']:.2f} s | "
        f"{rec['best']:.2f} s | < {TARGET_EXPORT_S:g} s | {met} |",
        f"| `/trading/ocds/releases.json` | {rel['pages']} | {rel['items']:,} releases | "
        f"{rel['bytes'] / 1e6:.1f} | {rel['first']:.2f} s | {rel['best']:.2f} s | | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--postgres", default="", help="server URL (a scratch database is made)")
    parser.add_argument("--quick", action="store_true", help="100 rounds, about a minute")
    parser.add_argument("--rounds", type=int, default=1000, help="rounds (one project each)")
    parser.add_argument("--bids", type=int, default=10, help="bids a round (bidders)")
    parser.add_argument("--per-day", type=int, default=20, help="projects announced a day")
    parser.add_argument("--split-rounds", type=int, default=20, help="rounds for the split")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each export")
    parser.add_argument("--profile", action="store_true", help="cProfile the split (stderr)")
    parser.add_argument("--sql", action="store_true", help="print one call's statements (stderr)")
    parser.add_argument("--markdown", default="", help="also write the report to this file")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.split_rounds, args.repeat = 100, 5, 2
    with throwaway_database(args.postgres, "xn-bench-trading-"):
        result = run(args)
    text = report(result, " ".join(["uv run python", *sys.argv]), args)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

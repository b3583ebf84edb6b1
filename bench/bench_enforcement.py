"""Administrative enforcement (issue 15) at a city's scale, on a throwaway
SQLite file or PostgreSQL database: penalty cases through the real actions,
the desks and the public decisions page of a body holding 10,000 cases, the
daily sweep, the decision PDF.

    uv run python bench/bench_enforcement.py
    uv run python bench/bench_enforcement.py --postgres postgres://postgres@127.0.0.1:5432/test
    uv run python bench/bench_enforcement.py --quick        # under a minute

Setup (not timed): migrate, the demo city and its enforcement lists and
certificates (`load_demo_enforcement`). Then:

1. `--flow` cases of 市工商局 through the real actions, each step on its own
   day under `travel_to`: `open_clue` (two certified officers, the on-site
   record), `register_case`, `record_evidence` (an inquiry), the notice, the
   head's `decide` after the defence window, `serve_decision`, finance's
   `record_bank_payment`, `publish_decision`, `close_case` — 9 transitions a
   case; timed once on an empty body and once more after the bulk insert
   (the body then holds `--cases` cases: numbering and the repeat check
   read the body's rows).
2. `--cases` cases of 市工商局 **bulk-inserted** the way the actions leave
   them (statuses from clue to closed, numbers and decision numbers of the
   body's series, the clock columns `*_due`/`due_on`/`due_step`, two officers
   each, pending legality reviews, bank payments of the paid ones), first a
   hundredth of them to count each page's SQL statements at a small size,
   then the rest; then, as the desks' users through Django's test client:
   the officers' list (`enforcement:cases`), the head's desk, the legal
   office's review desk, the finance desk, a case page with 50 evidence
   rows, the public decisions page (first page and a search by decision
   number); p95 and the statement count of each at both sizes (a count that
   grows with the rows is an N+1).
3. `--open` open cases of 市环保局 bulk-inserted, a tenth past a deadline
   (registration, decision, service or publication); then
   `enforcement.tasks.enforcement_sweep` twice the same day (the second adds
   nothing).
4. The decision PDF (`enforcement:decision_document`, the head's copy) of a
   flow case: the first render and a repeat.

`--markdown FILE` writes the report there too.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import cpu_name, load_text
from bench_cases import throwaway_database
from bench_openness import logged_in, p95, repeat

GS, HB = "620700005", "620700013"  # 市工商局, 市环保局
FLOW_DAY = date(2026, 3, 2)  # Mon: clue, registration, inquiry, notice
DECIDE_DAY = date(2026, 3, 10)  # Tue: the 5 working days of defence are over (art. 64, 85)
PAY_DAY = date(2026, 3, 11)
CLOSE_DAY = date(2026, 3, 12)
TODAY = date(2026, 6, 15)  # Mon: the pages and the sweep
PHASES: dict[str, float] = {}  # seconds per action over both flows (stderr)
TARGETS = {"cases_s": 20.0, "page_ms": 150.0, "sweep_s": 10.0}
PAGES = ("list", "head", "review", "finance", "case", "public", "search")
PAGE_LABELS = {
    "list": "officers' list `enforcement:cases` (zhifa)",
    "head": "head's desk `enforcement:head_desk` (depthead)",
    "review": "legal office's review desk `enforcement:review_desk` (fazhi)",
    "finance": "finance desk `enforcement:money_desk` (caizheng)",
    "case": "case page `enforcement:case`, 50 evidence rows (zhifa)",
    "public": "public decisions `enforcement:public_decisions`, first page",
    "search": "public decisions, search by decision number",
}


# --- setup ---------------------------------------------------------------------------


def setup_world() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
    from django.core.management import call_command

    from xiaoneng.core.timesource import travel_to
    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.demo.enforcement import load_demo_enforcement
    from xiaoneng.org.models import User

    call_command("migrate", interactive=False, verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()  # type: ignore[attr-defined]
    get_hashers_by_algorithm.cache_clear()  # type: ignore[attr-defined]
    load_demo_city()
    names = ["admin", "zhifa", "zhifa2", "depthead", "fazhi", "caizheng"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    with travel_to(date(2026, 1, 5)):  # certificates valid 2024–2029
        load_demo_enforcement(users["admin"])
    return users


def item_of(body: str) -> tuple[Any, str, Decimal]:
    """The body's first item, its lowest grade and a fine inside it."""
    from xiaoneng.enforcement.models import Benchmark, Item

    item = Item.objects.filter(body__code=body, active=True).order_by("code").first()
    assert item is not None, f"no enforcement item of {body}"
    mark = Benchmark.objects.filter(item=item).order_by("fine_min").first()
    assert mark is not None
    fine = min(max(mark.fine_min, Decimal(100)) + Decimal(100), mark.fine_max)
    return item, mark.grade, fine


# --- 1. the flow through the actions -------------------------------------------------


def flow(users: dict[str, Any], n: int, tag: str) -> tuple[float, int, list[int]]:
    """n cases from clue to closing; (seconds, transitions, the case ids)."""
    from xiaoneng.core.timesource import SHANGHAI, travel_to
    from xiaoneng.demo.history.enforcement_cast import credit_code
    from xiaoneng.enforcement import actions
    from xiaoneng.enforcement.actions.closing import close_case
    from xiaoneng.enforcement.actions.money import record_bank_payment
    from xiaoneng.enforcement.actions.publication import publish_decision
    from xiaoneng.enforcement.models import PenaltyCase, Status
    from xiaoneng.enforcement.selectors.money import amount_due

    item, grade, fine = item_of(GS)
    zhifa, head, finance = users["zhifa"], users["depthead"], users["caizheng"]
    officers = [zhifa.pk, users["zhifa2"].pk]
    taken = datetime(2026, 3, 2, 10, tzinfo=SHANGHAI)
    ids: list[int] = []
    started = time.perf_counter()
    mark = [started]

    def lap(name: str) -> None:
        now = time.perf_counter()
        PHASES[name] = PHASES.get(name, 0.0) + now - mark[0]
        mark[0] = now

    with travel_to(FLOW_DAY):
        for k in range(n):
            case = actions.open_clue(
                actor=zhifa,
                item_id=item.pk,
                party_kind="organisation",
                party_name=f"张掖市{tag}商贸有限公司{k}",
                party_code=credit_code(k + (0 if tag == "A" else 50_000)),
                facts="未取得营业执照，在县府街从事日用百货经营",
                place="张掖市甘州区县府街12号",
                violated_on=FLOW_DAY - timedelta(days=3),
                found_on=FLOW_DAY,
                source="inspection",
                officer_ids=officers,
                evidence={
                    "kind": "onsite",
                    "description": "现场检查：店内陈列商品约200件，正在营业，未悬挂营业执照",
                    "taken_at": taken,
                    "place": "张掖市甘州区县府街12号",
                    "latitude": "38.932412",
                    "longitude": "100.451237",
                    "officer_ids": officers,
                },
            )
            ids.append(case.pk)
        lap("open_clue")
        for pk in ids:
            actions.register_case(actor=head, case_id=pk)
        lap("register_case")
        for pk in ids:
            actions.record_evidence(
                actor=zhifa,
                case_id=pk,
                kind="inquiry",
                description="询问笔录：当事人承认未办理营业执照即开始经营",
                taken_at=taken + timedelta(hours=4),
                place="市工商局询问室",
                officer_ids=officers,
            )
        lap("record_evidence")
        for pk in ids:
            actions.notify_intended_penalty(
                actor=zhifa, case_id=pk, penalties=["fine"], grade=grade, fine=str(fine)
            )
        lap("notify_intended_penalty")
    with travel_to(DECIDE_DAY):
        for pk in ids:
            actions.decide(
                actor=head,
                case_id=pk,
                outcome="penalty",
                penalties=["fine"],
                grade=grade,
                fine=str(fine),
                decision_text=f"决定：罚款人民币{fine}元。",
            )
        lap("decide")
        for pk in ids:
            actions.serve_decision(actor=zhifa, case_id=pk, how="直接送达")
        lap("serve_decision")
    with travel_to(PAY_DAY):
        for k, pk in enumerate(ids):
            case = PenaltyCase.objects.get(pk=pk)
            record_bank_payment(
                actor=finance,
                decision_no=case.decision_no,
                amount=str(amount_due(case, PAY_DAY).total),
                paid_on=None,
                bank_serial=f"ZYNH{tag}{k:06d}",
            )
        lap("record_bank_payment")
        for pk in ids:
            publish_decision(actor=head, case_id=pk)
        lap("publish_decision")
    with travel_to(CLOSE_DAY):
        for pk in ids:
            close_case(actor=head, case_id=pk, note="罚款已缴清，决定已公示，案卷归档。")
        lap("close_case")
    steps = 9 * n
    elapsed = time.perf_counter() - started
    closed = PenaltyCase.objects.filter(pk__in=ids, status=Status.CLOSED).count()
    assert closed == n, (closed, n)
    return elapsed, steps, ids


# --- 2. a body of 10,000 cases ---------------------------------------------------------

# (status, share in a thousand) of the body's cases: most closed, the rest on the desks.
MIX = (
    ("clue", 50),
    ("investigating", 100),
    ("notified", 40),
    ("review", 30),
    ("deciding", 30),
    ("decided", 20),
    ("served", 100),
    ("closed", 630),
)


def _status(k: int, mix: tuple[tuple[str, int], ...]) -> str:
    slot = (k * 7919) % 1000
    for status, share in mix:
        if slot < share:
            return status
        slot -= share
    return "closed"


def case_rows(
    body: Any,
    item: Any,
    grade: str,
    fine: Decimal,
    users: dict[str, Any],
    start: int,
    count: int,
    *,
    due_shift: Callable[[int], int] | None = None,
    mix: tuple[tuple[str, int], ...] = MIX,
) -> list[Any]:
    """`count` cases of `body` numbered from `start`, their dates as the
    actions leave them and their deadlines stamped by the clock adapter
    (`enforcement.clock.stamp`, as every action does); not saved. With
    `due_shift`, the running deadline is moved to TODAY + due_shift(k) days."""
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.demo.history.enforcement_cast import credit_code
    from xiaoneng.enforcement.clock import stamp
    from xiaoneng.enforcement.models import PenaltyCase
    from xiaoneng.enforcement.numbering import prefix

    cal = current_calendar()
    opened = ("investigating", "notified", "review", "deciding")
    rows = []
    for n, k in enumerate(range(start, start + count), start=1):
        status = _status(k, mix)
        days = k % 10 if status == "clue" else 60 + k % 300 if status == "closed" else 20 + k % 40
        found = TODAY - timedelta(days=days)
        case = PenaltyCase(
            body=body,
            item=item,
            status=status,
            party_kind="organisation",
            party_name=f"张掖市甘州区第{k}号商贸有限公司",
            party_code=credit_code(10_000 + k % 90_000),
            facts="未取得营业执照，在县府街擅自从事日用百货批发经营活动",
            place="张掖市甘州区县府街88号",
            violated_on=found - timedelta(days=5),
            source="inspection",
            found_on=found,
            created_by=users["zhifa"],
        )
        if status != "clue":
            reg = found + timedelta(days=2)
            case.number = f"{prefix(body, '立', reg.year)}{n + start}号"
            case.registered_on, case.registered_by = reg, users["depthead"]
        if status not in ("clue", "investigating"):
            case.notified_on, case.notice_no = found + timedelta(days=9), 1
            case.intended_grade, case.intended_fine, case.intended_penalties = grade, fine, ["fine"]
            case.major = status == "review"
        if status not in ("clue", *opened):
            decided = found + timedelta(days=16)
            case.outcome, case.grade, case.fine, case.penalties = "penalty", grade, fine, ["fine"]
            case.decision_text = f"决定：罚款人民币{fine}元。"
            case.decision_no = f"{prefix(body, '罚', decided.year)}{n + start}号"
            case.decided_on, case.decided_by = decided, users["depthead"]
        if status in ("served", "closed"):
            case.served_on, case.served_how = found + timedelta(days=18), "直接送达"
            if k % 2 == 0 or status == "closed":
                case.published_on = found + timedelta(days=19)
        if status == "closed":
            case.paid_on, case.closed_on = found + timedelta(days=23), found + timedelta(days=26)
            case.closing_note = "罚款已缴清，决定已公示，案卷归档。"
        stamp(case, cal)
        if due_shift is not None and case.due_step:
            due = TODAY + timedelta(days=due_shift(k))
            for step in {case.due_step, "publish" if case.publish_due else case.due_step}:
                setattr(case, f"{step}_due", due)
            case.due_on = due
        rows.append(case)
    return rows


def insert_cases(users: dict[str, Any], body_code: str, start: int, count: int, **kw: Any) -> None:
    """Bulk-insert the cases with their officers, pending reviews and payments."""
    from xiaoneng.enforcement.models import LegalityReview, Payment, PenaltyCase
    from xiaoneng.org.models import Department

    body = Department.objects.get(code=body_code)
    item, grade, fine = item_of(body_code)
    for at in range(start, start + count, 2000):
        rows = case_rows(body, item, grade, fine, users, at, min(2000, start + count - at), **kw)
        PenaltyCase.objects.bulk_create(rows, batch_size=1000)
        through = PenaltyCase.officers.through
        through.objects.bulk_create(
            (
                through(penaltycase_id=c.pk, user_id=u.pk)
                for c in rows
                for u in (users["zhifa"], users["zhifa2"])
            ),
            batch_size=2000,
        )
        LegalityReview.objects.bulk_create(
            LegalityReview(
                case_id=c.pk,
                notice_no=1,
                submitted_on=c.defence_until,
                submitted_by=users["zhifa"],
            )
            for c in rows
            if c.status == "review"
        )
        Payment.objects.bulk_create(
            Payment(
                case_id=c.pk,
                channel="bank",
                amount=c.fine,
                paid_on=c.paid_on,
                bank_serial=f"ZYNHB{c.pk:08d}",
                recorded_by=users["caizheng"],
            )
            for c in rows
            if c.paid_on
        )


def add_evidence(case_id: int, n: int, officers: list[int], by: Any) -> None:
    from xiaoneng.core.timesource import SHANGHAI
    from xiaoneng.enforcement.models import Evidence

    rows = Evidence.objects.bulk_create(
        Evidence(
            case_id=case_id,
            kind="inquiry" if k % 2 else "onsite",
            description=f"第{k + 1}份证据：现场检查笔录及询问笔录",
            taken_at=datetime(2026, 5, 1, 9, tzinfo=SHANGHAI) + timedelta(hours=k),
            place="张掖市甘州区县府街88号",
            recorded_by=by,
        )
        for k in range(n)
    )
    through = Evidence.officers.through
    through.objects.bulk_create(
        through(evidence_id=e.pk, user_id=u) for e in rows for u in officers
    )


def page_calls(users: dict[str, Any], case_pk: int, decision_no: str) -> dict[str, Callable]:
    from urllib.parse import quote

    clients = {name: logged_in(users[name]) for name in ("zhifa", "depthead", "fazhi", "caizheng")}
    public = logged_in(None)

    def get(client: Any, url: str) -> Callable[[], None]:
        def call() -> None:
            r = client.get(url)
            assert r.status_code == 200, (url, r.status_code)

        return call

    return {
        "list": get(clients["zhifa"], "/enforcement/"),
        "head": get(clients["depthead"], "/enforcement/head/"),
        "review": get(clients["fazhi"], "/enforcement/review/"),
        "finance": get(clients["caizheng"], "/enforcement/money/"),
        "case": get(clients["zhifa"], f"/enforcement/{case_pk}/"),
        "public": get(public, "/enforcement/public/decisions/"),
        "search": get(public, f"/enforcement/public/decisions/?q={quote(decision_no)}"),
    }


def count_queries(calls: dict[str, Callable]) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    out = {}
    for name, call in calls.items():
        call()  # warm: the first request imports the URLconf and templates
        with CaptureQueriesContext(connection) as ctx:
            call()
        out[name] = len(ctx.captured_queries)
    return out


def bench_pages(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.enforcement.models import PenaltyCase

    small = max(100, args.cases // 100)
    insert_cases(users, GS, 1_000, small)
    officers = [users["zhifa"].pk, users["zhifa2"].pk]
    gs = PenaltyCase.objects.filter(body__code=GS, status="served", number__contains="〔")
    first = gs.order_by("id").first()
    assert first is not None
    add_evidence(first.pk, 5, officers, users["zhifa"])
    with travel_to(TODAY):
        out["queries_small"] = count_queries(page_calls(users, first.pk, first.decision_no))
    insert_cases(users, GS, 1_000 + small, args.cases - small)
    big = gs.exclude(pk=first.pk).order_by("-id").first()
    assert big is not None
    add_evidence(big.pk, 50, officers, users["zhifa"])
    out["body_cases"] = PenaltyCase.objects.filter(body__code=GS).count()
    out["evidence_rows"] = big.evidence.count()
    with travel_to(TODAY):
        out["published"] = PenaltyCase.objects.filter(
            published_on__lte=TODAY, decided_on__isnull=False
        ).count()
        calls = page_calls(users, big.pk, big.decision_no)
        out["queries_big"] = count_queries(calls)
        for name, call in calls.items():
            s = repeat(lambda k, call=call: call(), args.requests)
            out[f"{name}_p50"], out[f"{name}_p95"] = sorted(s)[len(s) // 2], p95(s)


# --- 3. the sweep ---------------------------------------------------------------------


def bench_sweep(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.enforcement.models import PenaltyCase
    from xiaoneng.enforcement.tasks import enforcement_sweep

    # Open only (the mix's closed share becomes clues), one in ten past its day.
    def shift(k: int) -> int:
        return -(1 + k % 15) if k % 10 == 0 else 5 + k % 60

    mix = (*((s, n) for s, n in MIX if s != "closed"), ("clue", 630))
    insert_cases(users, HB, 500_000, args.open, due_shift=shift, mix=mix)
    open_cases = PenaltyCase.objects.exclude(status__in=("closed", "not_registered"))
    out["open_cases"] = open_cases.count()
    out["overdue"] = (
        open_cases.filter(due_on__lt=TODAY).count()
        + open_cases.filter(status="served", published_on=None, publish_due__lt=TODAY).count()
    )
    run = getattr(enforcement_sweep, "call", None) or enforcement_sweep
    with travel_to(TODAY):
        started = time.perf_counter()
        out["sweep_result"] = run()
        out["sweep"] = time.perf_counter() - started
        started = time.perf_counter()
        out["sweep_again_result"] = run()
        out["sweep_again"] = time.perf_counter() - started
    again = out["sweep_again_result"]
    assert again["yellow"] + again["red"] == 0 or again == out["sweep_result"], again


# --- 4. the PDF -----------------------------------------------------------------------


def bench_pdf(users: dict[str, Any], case_id: int, out: dict[str, Any]) -> None:
    from xiaoneng.core.timesource import travel_to

    client = logged_in(users["depthead"])
    with travel_to(TODAY):
        for key in ("pdf_first", "pdf_again"):
            started = time.perf_counter()
            r = client.get(f"/enforcement/papers/{case_id}/decision/")
            out[key] = time.perf_counter() - started
            assert r.status_code == 200, r.status_code
            assert r["Content-Type"] == "application/pdf", r["Content-Type"]
            out["pdf_bytes"] = len(r.content)


# --- run ------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench_cases import setup_django

    setup_django()
    from django.db import connection

    started = time.perf_counter()
    users = setup_world()
    out: dict[str, Any] = {"vendor": connection.vendor, "setup": time.perf_counter() - started}
    out["flow_empty"], out["flow_steps"], ids = flow(users, args.flow, "A")
    bench_pages(args, users, out)
    out["flow_full"], _, _ = flow(users, args.flow, "B")
    for name, seconds in PHASES.items():
        print(f"--- {name}: {seconds * 1000 / (2 * args.flow):.1f} ms a case", file=sys.stderr)
    bench_sweep(args, users, out)
    bench_pdf(users, ids[0], out)
    out["load"] = os.getloadavg()
    return out


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def report(r: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    lines = [
        f"Command: `{command}` — {r['vendor']}, setup {r['setup']:.0f} s, load average at the "
        f"end {load_text(r['load'])}; {cpu_name()}, {os.cpu_count()} cores.",
        "",
        "| what | scale | time | target | |",
        "|---|---|---:|---|---|",
    ]
    n, steps = args.flow, r["flow_steps"]
    for key, scale in (("flow_empty", "empty body"), ("flow_full", f"{r['body_cases']:,} cases")):
        rate = n / r[key]
        lines.append(
            f"| clue → closing through the actions, {n} cases | {scale} | {rate:.1f} cases/s, "
            f"{steps / r[key]:.0f} transitions/s ({r[key] * 1000 / steps:.1f} ms each) | "
            f"≥ {TARGETS['cases_s']:g} cases/s | {_verdict(rate >= TARGETS['cases_s'])} |"
        )
    small, big = r["queries_small"], r["queries_big"]
    for name in PAGES:
        grows = " — **statements grow with rows**" if big[name] > small[name] + 1 else ""
        scale = f"{r['body_cases']:,} cases" + (
            f", {r['published']:,} published" if name in ("public", "search") else ""
        )
        lines.append(
            f"| {PAGE_LABELS[name]} | {scale}; SQL {small[name]} → {big[name]}{grows} | "
            f"p50 {r[name + '_p50'] * 1000:.0f} ms, p95 {r[name + '_p95'] * 1000:.0f} ms | "
            f"p95 ≤ {TARGETS['page_ms']:.0f} ms | "
            f"{_verdict(r[name + '_p95'] * 1000 <= TARGETS['page_ms'])} |"
        )
    sweep_scale = f"{r['open_cases']:,} open cases, {r['overdue']:,} past a deadline"
    lines.append(
        f"| `enforcement_sweep` | {sweep_scale} → {r['sweep_result']} | {r['sweep']:.2f} s | "
        f"≤ {TARGETS['sweep_s']:g} s | {_verdict(r['sweep'] <= TARGETS['sweep_s'])} |"
    )
    lines.append(
        f"| `enforcement_sweep` again, same day | → {r['sweep_again_result']} | "
        f"{r['sweep_again']:.2f} s | adds nothing | "
        f"{_verdict(r['sweep_again_result']['fine_not_remitted'] == 0)} |"
    )
    lines.append(
        f"| decision PDF (head's copy), first / repeat | {r['pdf_bytes']:,} bytes | "
        f"{r['pdf_first'] * 1000:.0f} / {r['pdf_again'] * 1000:.0f} ms | measured | |"
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="", help="server URL (a scratch database is made)")
    parser.add_argument("--quick", action="store_true", help="a small run, under a minute")
    parser.add_argument("--flow", type=int, default=100, help="cases through the actions")
    parser.add_argument("--cases", type=int, default=10000, help="cases of the body")
    parser.add_argument("--open", type=int, default=10000, help="open cases for the sweep")
    parser.add_argument("--requests", type=int, default=30, help="timed requests of each page")
    parser.add_argument("--markdown", default="", help="also write the report to this file")
    args = parser.parse_args()
    if args.quick:
        args.flow, args.cases, args.open, args.requests = 10, 1000, 1000, 5
    with throwaway_database(args.postgres, "xn-bench-enforcement-") as _vendor:
        result = run(args)
    text = report(result, " ".join(["uv run python", *sys.argv]), args)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

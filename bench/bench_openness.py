"""Major decisions and proactive disclosure (issue 12) at a city's scale, on a
throwaway SQLite file or PostgreSQL database: the public 政府信息公开 page and
its API, the annual report, the late sweep, a decision's page and its gate
actions, the open consultations.

    uv run python bench/bench_openness.py
    uv run python bench/bench_openness.py --postgres postgres://postgres@127.0.0.1:5432/test
    uv run python bench/bench_openness.py --small        # a quick run

Setup (not timed): migrate, the demo city and catalog; bulk-inserted: the
closed cases (bench_scale's generator, the clock columns as the clock computes
them; about two thirds decided in YEAR), the year's charges on them, the
disclosure requests (received in YEAR, most closed with their closing event),
the catalogue items of `--units` units (`--items` published, `--late` pending
past their due day, as many pending not yet due), `--decisions` decisions with
their consultations and `--comments` public comments (one hot consultation
holds a fifth of them). Timed, through the real pages and actions:

1. `openinfo:public` (the catalogue and the computed feeds) and the public API
   `/api/v1/disclosure/proactive/entries` (pages, filters), p95;
2. `openinfo.actions.generate_report` for YEAR as the government office, twice
   (the second replaces the first);
3. `openinfo.actions.sweep_late_items`, twice (the second raises nothing);
4. the decision page (`decisions:decision`) as the sponsor unit's head,
   `record_expert_opinion` and `submit_for_review` on decisions at that gate,
   the public consultations page; p95 each.

`--profile` prints the top of a cProfile of each one-off phase; `--queries`
prints the query count of one request of each page; `--markdown FILE` writes
the report there too.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from _report import cpu_name, load_text
from bench_cases import throwaway_database

YEAR = 2026
TODAY = date(YEAR + 1, 6, 21)  # the generator's closed cases end ~120 working days before
TARGETS = {
    "public_ms": 300.0,
    "api_ms": 300.0,
    "report_s": 2.0,
    "sweep_s": 2.0,
    "decision_ms": 100.0,
    "gate_ms": 100.0,
    "consultations_ms": 300.0,
}


def timed(name: str, run: Callable[[], Any], profile: bool, out: dict[str, Any]) -> Any:
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    result = run()
    if profiler:
        profiler.disable()
    out[name] = time.perf_counter() - started
    if profiler:
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(30)
        print(f"--- profile: {name}\n{text.getvalue()}", file=sys.stderr)
    return result


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def repeat(fn: Callable[[int], Any], n: int) -> list[float]:
    """n timed calls fn(k), after one untimed warm-up."""
    fn(-1)
    out = []
    for k in range(n):
        started = time.perf_counter()
        fn(k)
        out.append(time.perf_counter() - started)
    return out


def queries(label: str, fn: Callable[[], Any], show: bool, profile: bool = False) -> None:
    """The query count of one call (and its cProfile, `profile`)."""
    if profile:
        fn()  # warm: the first request imports the URLconf
        timed(label, fn, True, {})
    if not show:
        return
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
    print(f"--- queries: {label}: {len(ctx.captured_queries)}", file=sys.stderr)
    for q in slow:
        print(f"  {q['time']}s {q['sql'][:300]}", file=sys.stderr)


def logged_in(user: Any) -> Any:
    from django.test import Client

    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# --- setup ---------------------------------------------------------------------------


def setup_world() -> dict[str, Any]:
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm
    from django.core.management import call_command

    from xiaoneng.demo.catalog import load_demo_catalog
    from xiaoneng.demo.city import load_demo_city
    from xiaoneng.org.models import User

    call_command("migrate", interactive=False, verbosity=0)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()  # type: ignore[attr-defined]
    get_hashers_by_algorithm.cache_clear()  # type: ignore[attr-defined]
    load_demo_city()
    names = ["admin", "depthead", "fagai", "fazhi", "zhengfuban"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    load_demo_catalog(users["admin"])
    return users


def insert_cases(n: int) -> list[tuple[int, int, date]]:
    """n closed cases (bench_scale's generator); (id, department, decided_on) of
    those decided in YEAR."""
    from django.db import connection

    from _scale_rows import Generator, ItemInfo
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.cases.models import Case
    from xiaoneng.catalog.models import ApprovalItem, ItemStatus

    items = [
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
    ]
    gen = Generator(current_calendar(), items, TODAY, seed=12)
    out = []
    batch: list[Case] = []
    for g in gen.cases(n, 0, first_id=1_000_001):
        row = Case(**g.values)
        batch.append(row)
        if row.decided_on is not None and row.decided_on.year == YEAR and row.decision:
            out.append((row.pk, row.department_id, row.decided_on))
        if len(batch) == 5000:
            Case.objects.bulk_create(batch, batch_size=1000)
            batch = []
    Case.objects.bulk_create(batch, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
                "(SELECT MAX(id) FROM cases_case))"
            )
    return out


def insert_charges(cases: list[tuple[int, int, date]], n: int, by: Any) -> None:
    from xiaoneng.fees.models import Charge

    rows = []
    for k, (case_id, dept_id, day) in enumerate(cases[:n]):
        amount = Decimal(10 * (1 + k % 30))
        rows.append(
            Charge(
                case_id=case_id,
                department_id=dept_id,
                fee_code=f"BF-{k % 200:05d}",
                fee_name="证照工本费",
                quantity=Decimal(1),
                unit_amount=amount,
                amount=amount,
                notice_no=f"TZ{k:08d}",
                receipt_no=f"PJ{k:08d}",
                charged_on=day,
                refunded=Decimal(10) if k % 50 == 0 else Decimal(0),
                recorded_by=by,
            )
        )
    Charge.objects.bulk_create(rows, batch_size=2000)


def insert_requests(n: int, units: list[int], by: Any) -> None:
    """n disclosure requests received over YEAR (a few the year before); 9 in 10
    closed (answered of each type, withdrawn, abandoned) with their closing event."""
    from xiaoneng.disclosure.models import DisclosureEvent, DisclosureRequest

    answers = ("disclose", "partial", "refuse", "not_exist", "needs_processing", "duplicate")
    rows = []
    for k in range(n):
        received = date(YEAR, 1, 1) + timedelta(days=(k * 7) % 365 - (15 if k % 20 == 0 else 0))
        closed = k % 10 != 9
        status = "answered" if k % 15 else ("withdrawn" if k % 2 else "abandoned")
        rows.append(
            DisclosureRequest(
                tracking_no=f"GK{k:010d}",
                query_digest="0" * 64,
                department_id=units[k % len(units)],
                channel="online",
                requester_kind="person" if k % 3 else "organisation",
                requester_name="申请人",
                description="某项政府信息",
                form="electronic",
                status=status if closed else "processing",
                submitted_on=received,
                received_on=received,
                base_on=received,
                due_on=received + timedelta(days=28),
                answered_on=received + timedelta(days=14) if closed else None,
                answer_type=answers[k % len(answers)] if closed and status == "answered" else "",
                is_open=not closed,
            )
        )
    DisclosureRequest.objects.bulk_create(rows, batch_size=1000)
    ids = dict(
        DisclosureRequest.objects.filter(tracking_no__startswith="GK").values_list(
            "tracking_no", "pk"
        )
    )
    events = []
    for r in rows:
        pk = ids[r.tracking_no]
        assert r.received_on is not None
        events.append(DisclosureEvent(request_id=pk, seq=1, kind="received", on=r.received_on))
        if r.answered_on:
            events.append(
                DisclosureEvent(request_id=pk, seq=2, kind=r.status, on=r.answered_on, actor=by)
            )
    DisclosureEvent.objects.bulk_create(events, batch_size=2000)


def insert_items(args: argparse.Namespace, units: list[int], by: Any) -> None:
    """The catalogue: published items formed over YEAR and the year after (one in
    30 late, policy documents with interpretations), `late` pending items past
    due, as many pending not yet due."""
    from xiaoneng.calendar.selectors import current_calendar
    from xiaoneng.openinfo import clock
    from xiaoneng.openinfo.models import Category, DisclosureItem, ItemStatus

    cal = current_calendar()
    cats = [c for c in Category.values if c != Category.INTERPRETATION]
    span = (TODAY - date(YEAR, 1, 1)).days - 40
    rows = []
    due_cache: dict[date, date] = {}

    def due(d: date) -> date:
        if d not in due_cache:
            due_cache[d] = clock.due_on(d, cal)
        return due_cache[d]

    for k in range(args.items):
        formed = date(YEAR, 1, 1) + timedelta(days=(k * 13) % span)
        late = k % 30 == 0
        published = due(formed) + timedelta(days=3) if late else formed + timedelta(days=k % 20)
        rows.append(
            DisclosureItem(
                number=f"GKB{k:08d}",
                department_id=units[k % len(units)],
                category=cats[k % len(cats)],
                title=f"第{k}号主动公开信息",
                document_number=f"张政发〔{formed.year}〕{k}号" if k % 3 == 0 else "",
                body="一、总体要求。二、主要任务。三、保障措施。" * 5,
                formed_on=formed,
                due_on=due(formed),
                status=ItemStatus.PUBLISHED,
                registered_by=by,
                registered_on=formed,
                published_on=published,
                published_by=by,
                late=late,
                repealed_on=published + timedelta(days=90)
                if k % 97 == 0 and cats[k % len(cats)] in ("policy", "rules")
                else None,
            )
        )
    for k in range(2 * args.late):
        overdue = k < args.late
        formed = TODAY - timedelta(days=(40 + k % 60) if overdue else k % 20)
        rows.append(
            DisclosureItem(
                number=f"GKP{k:08d}",
                department_id=units[k % len(units)],
                category=cats[k % len(cats)],
                title=f"待公开信息{k}",
                body="内容",
                formed_on=formed,
                due_on=due(formed),
                registered_by=by,
                registered_on=formed,
            )
        )
    DisclosureItem.objects.bulk_create(rows, batch_size=2000)
    # Interpretations of one policy document in 10 (published, linked).
    docs = list(
        DisclosureItem.objects.filter(category="policy", status="published")
        .order_by("id")
        .values_list("pk", "department_id", "formed_on", "published_on")[::10]
    )
    DisclosureItem.objects.bulk_create(
        (
            DisclosureItem(
                number=f"GKI{k:08d}",
                department_id=dept,
                category=Category.INTERPRETATION,
                title=f"政策解读{k}",
                body="解读",
                formed_on=formed,
                due_on=due(formed),
                status=ItemStatus.PUBLISHED,
                interprets_id=pk,
                registered_by=by,
                registered_on=formed,
                published_on=published,
                published_by=by,
            )
            for k, (pk, dept, formed, published) in enumerate(docs)
        ),
        batch_size=2000,
    )


def insert_decisions(
    args: argparse.Namespace, users: dict[str, Any], units: list[int]
) -> dict[str, Any]:
    """`decisions` decisions over the units (a tenth the sponsor head's unit), half
    with a consultation (a tenth of those open today), published ones; the timed
    ones: `gates` at 专家论证 and `gates` at 合法性审查 of depthead's unit."""
    from xiaoneng.decisions.models import (
        Channel,
        Comment,
        Consultation,
        Decision,
        ExpertOpinion,
        RiskAssessment,
        Stage,
    )

    head = users["depthead"]
    mine = head.department_id
    n, g = args.decisions, args.gates
    stages = [Stage.LISTED, Stage.REGISTERED, Stage.CONSULTING, Stage.PUBLISHED, Stage.ARCHIVED]
    rows = []
    for k in range(n):
        timed_gate = k < 2 * g
        stage = Stage.CONSULTING if timed_gate else stages[k % len(stages)]
        published = stage in (Stage.PUBLISHED, Stage.ARCHIVED)
        day = TODAY - timedelta(days=30 + k % 600)
        rows.append(
            Decision(
                year=day.year,
                title=f"重大行政决策事项{k}",
                sponsor_id=mine if timed_gate or k % 10 == 0 else units[k % len(units)],
                legal_basis="《重大行政决策程序暂行条例》",
                category="policy",
                in_catalogue=True,
                stage=stage,
                draft=f"决策草案{k}：一、……二、……",
                explanation="起草说明",
                registered_by=head,
                registered_on=day,
                decided_on=day + timedelta(days=20) if published else None,
                published_on=day + timedelta(days=25) if published else None,
                published_text="决策内容" if published else "",
            )
        )
    Decision.objects.bulk_create(rows, batch_size=1000)
    ids = list(Decision.objects.order_by("id").values_list("pk", flat=True))
    consulted = [pk for k, pk in enumerate(ids) if k < 2 * g or k % 2 == 0]
    opened = set(consulted[2 * g :: 10])
    cons = []
    for pk in consulted:
        is_open = pk in opened
        opens = TODAY - timedelta(days=10 if is_open else 120)
        cons.append(
            Consultation(
                decision_id=pk,
                draft="征求意见稿",
                explanation="起草说明",
                opens_on=opens,
                closes_on=opens + timedelta(days=30),
                closed_on=None if is_open else opens + timedelta(days=30),
                adoption="" if is_open else "采纳意见若干条",
                adoption_published_on=None if is_open else opens + timedelta(days=35),
                published_by=head,
            )
        )
    Consultation.objects.bulk_create(cons, batch_size=1000)
    hot = ids[0]  # the first timed decision holds a fifth of the comments
    rest = args.comments - args.comments // 5
    comments = [
        Comment(
            decision_id=hot if k < args.comments // 5 else consulted[k % len(consulted)],
            channel=Channel.ONLINE if k % 4 else Channel.OFFLINE,
            content=f"意见{k}：建议进一步听取群众意见，完善配套措施。",
            received_on=TODAY - timedelta(days=k % 100),
        )
        for k in range(args.comments // 5 + rest)
    ]
    Comment.objects.bulk_create(comments, batch_size=2000)
    experts_gate, review_gate = ids[:g], ids[g : 2 * g]
    ExpertOpinion.objects.bulk_create(
        ExpertOpinion(
            decision_id=pk,
            expert="赵明",
            affiliation="兰州大学 教授",
            signed_on=TODAY - timedelta(days=5),
            opinion="方案可行",
            recorded_by=head,
            recorded_on=TODAY - timedelta(days=5),
        )
        for pk in review_gate
    )
    RiskAssessment.objects.bulk_create(
        RiskAssessment(
            decision_id=pk,
            level="low",
            controllable=True,
            report="风险可控",
            assessed_on=TODAY - timedelta(days=3),
            recorded_by=head,
        )
        for pk in review_gate
    )
    return {"experts": experts_gate, "review": review_gate, "hot": hot, "open": len(opened)}


# --- timed -----------------------------------------------------------------------------


def bench_public(args: argparse.Namespace, depts: list[str], out: dict[str, Any]) -> None:
    client = logged_in(None)
    cats = ["", "", "policy", "plans", "licensing"]

    def page(k: int) -> None:
        q = "" if k % 3 else f"?dept={depts[k % len(depts)]}"
        if k % 5 == 4:
            q = f"?category={cats[k % len(cats)] or 'policy'}"
        r = client.get(f"/openinfo/public/{q}")
        assert r.status_code == 200, r.status_code

    def api(k: int) -> None:
        q = f"?limit=20&offset={(max(k, 0) * 40) % 2000}"
        if k % 4 == 1:
            q += f"&category={cats[k % len(cats)] or 'policy'}"
        if k % 4 == 2:
            q += f"&department={depts[k % len(depts)]}"
        r = client.get(f"/api/v1/disclosure/proactive/entries{q}")
        assert r.status_code == 200, r.status_code

    if args.queries:
        from xiaoneng.cases.models import Case

        feed = (
            Case.objects.filter(decided_on__isnull=False)
            .exclude(decision="")
            .order_by("-decided_on", "-id")[:20]
        )
        print(f"--- EXPLAIN decided_cases feed\n{feed.explain()}", file=sys.stderr)
    queries("openinfo:public", lambda: page(0), args.queries, args.profile)
    queries("entries API", lambda: api(0), args.queries, args.profile)
    s = repeat(page, args.requests)
    out["public_p50"], out["public_p95"] = sorted(s)[len(s) // 2], p95(s)
    s = repeat(api, args.requests)
    out["api_p50"], out["api_p95"] = sorted(s)[len(s) // 2], p95(s)


def bench_report(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.openinfo import actions, tables

    office = users["zhengfuban"]
    row = timed(
        "report",
        lambda: actions.generate_report(actor=office, year=YEAR),
        args.profile,
        out,
    )
    again = timed(
        "report_again",
        lambda: actions.generate_report(actor=office, year=YEAR),
        False,
        out,
    )
    assert again.pk == row.pk
    assert again.tables == row.tables
    out["report_licensing"] = tables.cell(
        row.tables, "第二十条第（五）项、第（六）项", "行政许可", "本年处理决定数量"
    )
    out["report_new"] = tables.cell(
        row.tables,
        "三、收到和处理政府信息公开申请情况",
        "一、本年新收政府信息公开申请数量",
        "总计",
    )


def bench_sweep(args: argparse.Namespace, out: dict[str, Any]) -> None:
    from xiaoneng.openinfo.actions import sweep_late_items
    from xiaoneng.openinfo.models import DisclosureItem

    first = timed("sweep", sweep_late_items, args.profile, out)
    second = timed("sweep_again", sweep_late_items, False, out)
    assert first == {"overdue": args.late, "raised": args.late}, first
    assert second == {"overdue": args.late, "raised": 0}, second
    out["sweep_items"] = DisclosureItem.objects.count()


def bench_decisions(
    args: argparse.Namespace, users: dict[str, Any], made: dict[str, Any], out: dict[str, Any]
) -> None:
    from xiaoneng.decisions import actions
    from xiaoneng.decisions.models import Comment, Decision

    head = users["depthead"]
    client = logged_in(head)
    pages = made["experts"] + made["review"]
    hot = made["hot"]

    def page(k: int) -> None:
        pk = pages[1 + k % (len(pages) - 1)] if k >= 0 else pages[1]
        r = client.get(f"/decisions/{pk}/")
        assert r.status_code == 200, r.status_code

    queries("decision page", lambda: page(0), args.queries)
    s = repeat(page, args.requests)
    out["decision_p50"], out["decision_p95"] = sorted(s)[len(s) // 2], p95(s)
    out["decision_comments"] = Comment.objects.filter(decision_id=pages[1]).count()
    queries("hot decision page", lambda: client.get(f"/decisions/{hot}/"), False, args.profile)
    s = repeat(lambda k: client.get(f"/decisions/{hot}/"), max(5, args.requests // 5))
    out["hot_p50"], out["hot_p95"] = sorted(s)[len(s) // 2], p95(s)
    out["hot_comments"] = Comment.objects.filter(decision_id=hot).count()

    experts = iter(made["experts"])

    def opinion(k: int) -> None:
        actions.record_expert_opinion(
            actor=head,
            decision_id=next(experts),
            expert="钱学者",
            affiliation="兰州大学 教授",
            signed_on=TODAY,
            opinion="同意",
        )

    review = iter(made["review"])

    def submit(k: int) -> None:
        actions.submit_for_review(actor=head, decision_id=next(review))

    n = len(made["experts"]) - 1
    s = repeat(opinion, n)
    out["opinion_p50"], out["opinion_p95"] = sorted(s)[len(s) // 2], p95(s)
    s = repeat(submit, n)
    out["submit_p50"], out["submit_p95"] = sorted(s)[len(s) // 2], p95(s)
    public = logged_in(None)
    queries(
        "consultations page", lambda: public.get("/decisions/public/consultations/"), args.queries
    )
    s = repeat(lambda k: public.get("/decisions/public/consultations/"), args.requests)
    out["consult_p50"], out["consult_p95"] = sorted(s)[len(s) // 2], p95(s)
    out["decisions"] = Decision.objects.count()
    out["comments"] = Comment.objects.count()
    out["open_consultations"] = made["open"]


# --- run -------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench_cases import setup_django

    setup_django()
    from django.db import connection

    from xiaoneng.core.timesource import travel_to
    from xiaoneng.inspections.selectors import UNIT_KINDS
    from xiaoneng.org.models import Department

    started = time.perf_counter()
    users = setup_world()
    office = users["zhengfuban"]
    units = list(
        Department.objects.filter(kind__in=UNIT_KINDS, active=True)
        .order_by("id")
        .values_list("pk", "code")[: args.units]
    )
    unit_ids = [u for u, _ in units]
    cases = insert_cases(args.cases)
    random.Random(12).shuffle(cases)
    insert_charges(cases, args.charges, office)
    insert_requests(args.requests_made, unit_ids, office)
    insert_items(args, unit_ids, office)
    made = insert_decisions(args, users, unit_ids)
    out: dict[str, Any] = {
        "vendor": connection.vendor,
        "setup": time.perf_counter() - started,
        "units": len(units),
        "decided": len(cases),
        "charges": min(args.charges, len(cases)),
    }
    with travel_to(TODAY):
        bench_public(args, [c for _, c in units], out)
        bench_report(args, users, out)
        bench_sweep(args, out)
        bench_decisions(args, users, made, out)
    out["load"] = os.getloadavg()
    return out


def _verdict(value: float, key: str) -> str:
    return "met" if value <= TARGETS[key] else "**not met**"


def report(r: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    lines = [
        f"Command: `{command}` — {r['vendor']}, setup {r['setup']:.0f} s, load average at the "
        f"end {load_text(r['load'])}; {cpu_name()}, {os.cpu_count()} cores.",
        "",
        "| what | scale | time | target | |",
        "|---|---|---:|---|---|",
    ]

    def ms(what: str, scale: str, key: str, target: str) -> None:
        lines.append(
            f"| {what} | {scale} | p50 {r[key + '_p50'] * 1000:.0f} ms, p95 "
            f"{r[key + '_p95'] * 1000:.0f} ms | p95 ≤ {TARGETS[target]:.0f} ms | "
            f"{_verdict(r[key + '_p95'] * 1000, target)} |"
        )

    def s(what: str, scale: str, key: str, target: str) -> None:
        lines.append(
            f"| {what} | {scale} | {r[key]:.2f} s | ≤ {TARGETS[target]:g} s | "
            f"{_verdict(r[key], target)} |"
        )

    feeds = f"{args.items:,} published items, {r['units']} units, {r['decided']:,} cases decided"
    ms("`openinfo:public`", feeds, "public", "public_ms")
    ms("API `proactive/entries`", feeds, "api", "api_ms")
    s(
        "`generate_report`",
        f"{r['report_licensing']:,} decisions, {r['report_new']:,} requests new in the year, "
        f"{r['charges']:,} charges",
        "report",
        "report_s",
    )
    s("`generate_report` again (replaces)", "same", "report_again", "report_s")
    s("`sweep_late_items`", f"{r['sweep_items']:,} items, {args.late} late", "sweep", "sweep_s")
    s("`sweep_late_items` again (raises 0)", "same", "sweep_again", "sweep_s")
    scale = f"{r['decisions']:,} decisions, {r['comments']:,} comments"
    ms(
        "decision page",
        f"{scale}; {r['decision_comments']} comments on the page",
        "decision",
        "decision_ms",
    )
    ms("decision page, the hot one", f"{r['hot_comments']:,} comments", "hot", "decision_ms")
    ms("`record_expert_opinion`", scale, "opinion", "gate_ms")
    ms("`submit_for_review`", scale, "submit", "gate_ms")
    ms(
        "public consultations page",
        f"{r['open_consultations']} open consultations",
        "consult",
        "consultations_ms",
    )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="", help="server URL (a scratch database is made)")
    parser.add_argument("--small", action="store_true", help="a tenth of the scale")
    parser.add_argument("--cases", type=int, default=82000, help="closed cases generated")
    parser.add_argument("--charges", type=int, default=20000)
    parser.add_argument("--requests-made", type=int, default=2000, help="disclosure requests")
    parser.add_argument("--items", type=int, default=20000, help="published catalogue items")
    parser.add_argument("--late", type=int, default=500, help="pending items past due")
    parser.add_argument("--units", type=int, default=30)
    parser.add_argument("--decisions", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=50000)
    parser.add_argument("--gates", type=int, default=31, help="decisions timed at each gate")
    parser.add_argument("--requests", type=int, default=40, help="timed requests of each page")
    parser.add_argument("--profile", action="store_true", help="cProfile each phase (stderr)")
    parser.add_argument("--queries", action="store_true", help="query counts (stderr)")
    parser.add_argument("--markdown", default="", help="also write the report to this file")
    args = parser.parse_args()
    if args.small:
        args.cases, args.charges, args.requests_made, args.items = 7500, 2000, 200, 2000
        args.late, args.decisions, args.comments, args.gates = 50, 200, 5000, 11
        args.requests = 10
    with throwaway_database(args.postgres, "xn-bench-openness-") as _vendor:
        result = run(args)
    text = report(result, " ".join(["uv run python", *sys.argv]), args)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

"""Fees, inspections and frugality (issue 10) at a city's scale, on a throwaway
SQLite file or PostgreSQL database: the fee catalog's .xlsx import, charges on
cases, the month's reconciliation and the safety sweep; registration with
overlap detection among thousands of activities and a 双随机 draw over the
enterprise register; the 三公经费 year report and its .xlsx.

    uv run python bench/bench_discipline.py
    uv run python bench/bench_discipline.py --postgres postgres://postgres@127.0.0.1:5432/postgres
    uv run python bench/bench_discipline.py --small        # a quick run

Setup (not timed): migrate, the demo city and catalog, a window account per
department with items; the decided cases are bulk-inserted (the clock columns
generated as bench_scale does), and so are the background registers the timed
actions run against — the enterprises, the activities already on the books,
the receptions, vehicles, their use logs and trips. Timed, through the real
actions and pages (each action its own transaction, as it runs):

1. `fees.actions.import_fees` (as 财政局 `caizheng`) of a 2,000-row .xlsx, then
   of a 2,000-row file with every 10th row bad: the time until the refusal that
   lists every bad row;
2. `fees.actions.record_charge` (each department's window) on decided cases,
   every 25th off the catalog and confirmed (flagged to supervision in the same
   transaction); then for one month `reconcile_month` for every department
   charging and the reconciliation page, and `fees.supervise.sweep` over the year;
3. `inspections.actions.register_activity` (as `office`) with the overlap list the
   activity's page shows (`selectors.overlaps`) when `--activities` live
   activities are on the books; `draw_targets` over `--enterprises` enterprises
   and `draws.replay` of the stored draw;
4. `frugality.selectors.year_figures`, the report page and its .xlsx export as
   `caizheng` over the year's receptions, vehicle logs and trips.

`--profile` prints the top of a cProfile of each phase; `--markdown FILE`
writes the report there too.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
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
TODAY = date(YEAR + 1, 6, 1)  # the fee year: closed cases decided all through YEAR
MONTH = date(YEAR, 6, 1)  # the reconciled month
PASSWORD = "bench-Passw0rd!"  # noqa: S105 - accounts of a throwaway database
INDUSTRIES = ("食品", "药品", "特种设备", "建筑", "餐饮", "零售", "物流", "化工", "旅游", "农业")
TOPICS = (
    "食品安全",
    "安全生产",
    "消防安全",
    "环境保护",
    "价格行为",
    "特种设备",
    "建筑质量",
    "药品质量",
    "广告发布",
    "计量器具",
)
# Defensible targets: a user action answers in well under a second; a desk's batch in a few.
TARGETS = {
    "import_s": 10.0,  # 2,000 catalog rows, all or nothing
    "import_bad_s": 10.0,  # every bad row listed
    "charge_ms": 100.0,  # one charge, p95
    "reconcile_s": 2.0,  # a month, every department
    "reconcile_page_s": 2.0,
    "sweep_s": 10.0,  # a year of charges
    "register_ms": 200.0,  # registration + its overlap list, p95
    "draw_s": 2.0,
    "replay_s": 2.0,
    "report_s": 2.0,
    "report_page_s": 2.0,
    "export_s": 2.0,
}


# --- timing --------------------------------------------------------------------------


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


# --- setup ---------------------------------------------------------------------------


def setup_world() -> dict[str, Any]:
    """Migrate, the demo city and catalog; the accounts by name."""
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
    names = ["admin", "caizheng", "office", "supervisor"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    load_demo_catalog(users["admin"])
    return users


def fee_sheet(departments: list[tuple[str, list[str]]], n: int, prefix: str, bad: int) -> bytes:
    """n catalog rows over the departments (their items' codes); every `bad`-th wrong."""
    from xiaoneng.fees.sheet import write_xlsx

    rows: list[list[object]] = []
    for k in range(n):
        dept, items = departments[k % len(departments)]
        ranged = k % 3 == 0
        row: list[object] = [
            f"{prefix}-{k:05d}",
            f"第{k}项行政事业性收费（{'证照工本费' if ranged else '登记费'}）",
            dept,
            "《中华人民共和国行政许可法》第五十九条",
            f"甘价费〔2019〕{k}号",
            f"甘财综〔2019〕{k}号",
            "区间" if ranged else "固定",
            "80" if ranged else "10",
            "550" if ranged else "",
            "件",
            date(2020, 1, 1),
            None,
            "、".join(items),
            "保留",
            None,
        ]
        if bad and k % bad == bad - 1:
            fault = (k // bad) % 4
            if fault == 0:
                row[3] = ""  # no legal basis
            elif fault == 1:
                row[2] = "999999999"  # no such department
            elif fault == 2:
                row[6], row[7], row[8] = "区间", "600", "550"  # lower above upper
            else:
                row[0] = f"{prefix}-{k - 1:05d}"  # code twice in the file
        rows.append(row)
    return write_xlsx(rows)


def make_windows(admin: Any, dept_ids: list[int]) -> dict[int, Any]:
    """A window account per department (through org.actions.create_user)."""
    from xiaoneng.org import actions
    from xiaoneng.org.models import Department, Role

    role = Role.objects.get(code="window")
    out = {}
    for dept in Department.objects.filter(pk__in=dept_ids):
        out[dept.pk] = actions.create_user(
            actor=admin,
            username=f"bw{dept.code}",
            password=PASSWORD,
            real_name=f"窗口{dept.code}",
            department=dept,
            roles=[role],
        )
    return out


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
        for i in ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED, charges_fee=True)
    ]
    gen = Generator(current_calendar(), items, TODAY, seed=10)
    first = 1_000_001
    rows = [Case(**g.values) for g in gen.cases(n, 0, first_id=first)]
    Case.objects.bulk_create(rows, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT setval(pg_get_serial_sequence('cases_case', 'id'), "
                "(SELECT MAX(id) FROM cases_case))"
            )
    return [
        (r.pk, r.department_id, r.decided_on)
        for r in rows
        if r.decided_on is not None and r.decided_on.year == YEAR and r.status == "delivered"
    ]


# --- 1. + 2. fees ----------------------------------------------------------------------


def bench_import(args: argparse.Namespace, finance: Any, out: dict[str, Any]) -> list[Any]:
    """The two imports (timed); the published items, now charging their department's fees."""
    from xiaoneng.catalog.models import ApprovalItem, ItemStatus
    from xiaoneng.core.errors import InvalidInput
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.fees import actions
    from xiaoneng.fees.models import FeeItem
    from xiaoneng.org.models import Department

    items = list(ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED).order_by("code"))
    by_dept: dict[int, list[str]] = {}
    for i in items:
        by_dept.setdefault(i.department_id, []).append(i.code)
    codes = dict(Department.objects.values_list("pk", "code"))
    depts = [(codes[d], c) for d, c in sorted(by_dept.items())]
    good = fee_sheet(depts, args.fees, "BF", 0)
    bad = fee_sheet(depts, args.fees, "BX", 10)
    with travel_to(date(2020, 1, 1)):
        counts = timed(
            "import", lambda: actions.import_fees(actor=finance, data=good), args.profile, out
        )
        assert counts == {"created": args.fees, "changed": 0}, counts

        def refused() -> list[Any]:
            try:
                actions.import_fees(actor=finance, data=bad)
            except InvalidInput as exc:
                return list(exc.detail)
            raise AssertionError("the bad file was imported")

        errors = timed("import_bad", refused, args.profile, out)
    out["import_bad_rows"] = len(errors)
    assert len(errors) == args.fees // 10, len(errors)
    assert not FeeItem.objects.filter(code__startswith="BX").exists()
    # Each item charges its department's catalog fees (setup: the items' own editing is
    # the catalog app's, not measured here).
    fees_of: dict[int, list[str]] = {}
    for code, dept_id in FeeItem.objects.filter(code__startswith="BF").values_list(
        "code", "department_id"
    ):
        fees_of.setdefault(dept_id, []).append(code)
    for i in items:
        i.charges_fee, i.fee_codes = True, sorted(fees_of.get(i.department_id, []))[:3]
    ApprovalItem.objects.bulk_update(items, ["charges_fee", "fee_codes"])
    return items


def bench_fees(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.cases.models import Case
    from xiaoneng.catalog.models import ApprovalItem
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.fees import actions
    from xiaoneng.fees.models import Charge, Reconciliation
    from xiaoneng.fees.selectors import departments_charging, month_sums
    from xiaoneng.fees.supervise import sweep
    from xiaoneng.supervision.models import Anomaly

    finance = users["caizheng"]
    items = bench_import(args, finance, out)
    cases = insert_cases(args.charges * 3)
    random.Random(10).shuffle(cases)
    cases = cases[: args.charges]
    assert len(cases) == args.charges, len(cases)
    windows = make_windows(users["admin"], sorted({d for _, d, _ in cases}))
    item_fees = dict(
        ApprovalItem.objects.filter(pk__in=[i.pk for i in items]).values_list("pk", "fee_codes")
    )
    case_item = dict(
        Case.objects.filter(pk__in=[c for c, _, _ in cases]).values_list("pk", "item_id")
    )
    durations: list[float] = []

    def charge_all() -> int:
        for n, (case_id, dept_id, day) in enumerate(cases):
            outside = n % 25 == 24
            fee = "BF-99999" if outside else item_fees[case_item[case_id]][n % 2 if n % 7 else 0]
            started = time.perf_counter()
            actions.record_charge(
                actor=windows[dept_id],
                case_id=case_id,
                fee_code=fee,
                quantity=1 + n % 3,
                unit_amount="120" if outside else None,
                notice_no=f"TZ{n:08d}",
                receipt_no=f"PJ{n:08d}",
                charged_on=day,
                confirm=outside,
            )
            durations.append(time.perf_counter() - started)
        return len(cases)

    with travel_to(TODAY):
        timed("charges", charge_all, args.profile, out)
        out["charge_p50"] = statistics.median(durations)
        out["charge_p95"] = p95(durations)
        out["charge_count"] = Charge.objects.count()
        out["flagged"] = Anomaly.objects.filter(kind="fee_outside_catalog").count()
        month_depts = departments_charging(MONTH)
        for k, dept_id in enumerate(month_depts):  # remittances: setup, a few short
            sums = month_sums(dept_id, MONTH)
            actions.record_remittance(
                actor=finance,
                department_id=dept_id,
                month=MONTH,
                amount=sums["charged"] - (Decimal(10) if k % 4 == 0 else 0),
                document=f"JK{YEAR}06{k:04d}",
            )

        def reconcile_all() -> int:
            for dept_id in month_depts:
                actions.reconcile_month(actor=finance, department_id=dept_id, month=MONTH)
            return len(month_depts)

        out["reconciled"] = timed("reconcile", reconcile_all, args.profile, out)
        assert Reconciliation.objects.filter(month=MONTH).count() == len(month_depts)
        client = logged_in(finance)
        page = timed(
            "reconcile_page",
            lambda: client.get(f"/fees/reconciliation/?month={MONTH:%Y-%m}"),
            args.profile,
            out,
        )
        assert page.status_code == 200, page.status_code
        out["swept_charges"] = Charge.objects.filter(charged_on__year=YEAR).count()
        out["swept_flagged"] = timed(
            "sweep", lambda: sweep(since=date(YEAR, 1, 1)), args.profile, out
        )


def logged_in(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# --- 3. inspections ------------------------------------------------------------------


def credit_code(n: int) -> str:
    from xiaoneng.inspections.creditcode import check_char

    body = f"91620700{n:09d}"
    return body + check_char(body)


def background_activities(args: argparse.Namespace, office: Any, rng: random.Random) -> list[int]:
    """The enterprise register and the activities already on the books (bulk);
    the units' ids."""
    from xiaoneng.inspections.models import Activity, Enterprise, Status
    from xiaoneng.inspections.selectors import UNIT_KINDS
    from xiaoneng.org.models import Department

    Enterprise.objects.bulk_create(
        (
            Enterprise(
                credit_code=credit_code(n),
                name=f"张掖市第{n}号企业有限公司",
                industry=INDUSTRIES[n % len(INDUSTRIES)],
                query_digest="0" * 64,
            )
            for n in range(args.enterprises)
        ),
        batch_size=2000,
    )
    firm_ids = list(Enterprise.objects.values_list("pk", flat=True))
    units = list(Department.objects.filter(kind__in=UNIT_KINDS, active=True))
    unit_ids = [u.pk for u in units]
    start = date(YEAR, 1, 15)
    background = []
    for n in range(args.activities):
        topic = TOPICS[n % len(TOPICS)]
        first = start + timedelta(days=rng.randrange(340))
        background.append(
            Activity(
                number=f"BG{n:08d}",
                organiser=rng.choice(units),
                kind="inspect",
                title=f"{topic}专项检查（第{n}批）",
                basis="依据年度检查计划",
                items=[f"{topic}制度落实", f"{TOPICS[(n + 3) % len(TOPICS)]}台账"],
                start_on=first,
                end_on=first + timedelta(days=rng.randrange(5)),
                status=Status.APPROVED if n % 2 else Status.PENDING,
                registered_by=office,
                registered_on=start,
                overlap_reason="基准：已说明",
            )
        )
    Activity.objects.bulk_create(background, batch_size=2000)
    stored = list(Activity.objects.filter(number__startswith="BG").values_list("pk", flat=True))
    through_u = Activity.target_units.through
    through_e = Activity.target_enterprises.through
    through_u.objects.bulk_create(
        (
            through_u(activity_id=a, department_id=d)
            for a in stored
            for d in rng.sample(unit_ids, 2)
        ),
        batch_size=5000,
    )
    through_e.objects.bulk_create(
        (
            through_e(activity_id=a, enterprise_id=e)
            for a in stored
            for e in rng.sample(firm_ids, 3)
        ),
        batch_size=5000,
    )
    return unit_ids


def bench_inspections(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.inspections import draws
    from xiaoneng.inspections.actions import draw_targets, register_activity
    from xiaoneng.inspections.models import Activity, Draw, Inspector
    from xiaoneng.inspections.selectors import overlaps
    from xiaoneng.org.authority import unit_of

    office = users["office"]
    rng = random.Random(10)
    unit_ids = background_activities(args, office, rng)
    start = date(YEAR, 1, 15)
    organiser = unit_of(office)
    assert organiser is not None
    Inspector.objects.bulk_create(
        Inspector(department=organiser, name=f"执法员{k}", certificate_no=f"ZF{k:06d}")
        for k in range(40)
    )
    firms = [credit_code(n) for n in range(0, args.enterprises, max(1, args.enterprises // 97))]
    register_s: list[float] = []
    overlap_s: list[float] = []
    found: list[int] = []
    with travel_to(start - timedelta(days=5)):
        warm = register_activity(  # untimed: the first call's caches (params, compiled SQL)
            actor=office,
            kind="survey",
            title="预热：营商环境考察调研",
            basis="预热",
            items=["预热"],
            start_on=start + timedelta(days=400),
            end_on=start + timedelta(days=400),
            unit_ids=unit_ids[:1],
        )
        overlaps(warm)
        for k in range(args.registrations):
            first = start + timedelta(days=10 + k * 300 // max(1, args.registrations))
            topic = TOPICS[k % len(TOPICS)]
            t0 = time.perf_counter()
            row = register_activity(
                actor=office,
                kind="inspect",
                title=f"{topic}专项检查（第{k}批）",
                basis="依据年度检查计划和上级部署",
                items=[f"{topic}制度落实", "证照公示"],
                start_on=first,
                end_on=first + timedelta(days=2),
                unit_ids=rng.sample(unit_ids, 2),
                credit_codes=firms[k * 3 % len(firms) : k * 3 % len(firms) + 3],
            )
            t1 = time.perf_counter()
            found.append(len(overlaps(row)))
            t2 = time.perf_counter()
            register_s.append(t1 - t0)
            overlap_s.append(t2 - t1)
        if args.profile:
            timed("overlaps_profile", lambda: overlaps(row), True, {})
        both = [a + b for a, b in zip(register_s, overlap_s, strict=True)]
        out |= {
            "register_p50": statistics.median(register_s),
            "overlaps_p50": statistics.median(overlap_s),
            "register_total_p50": statistics.median(both),
            "register_total_p95": p95(both),
            "overlaps_found": statistics.median(found),
            "live_activities": Activity.objects.filter(status__in=("pending", "approved")).count(),
        }
        target = register_activity(
            actor=office,
            kind="inspect",
            title="双随机一公开抽查（基准）",
            basis="双随机一公开年度抽查计划",
            items=["证照公示", "经营范围"],
            start_on=start + timedelta(days=20),
            end_on=start + timedelta(days=22),
        )
        drawn = timed(
            "draw",
            lambda: draw_targets(
                actor=office, activity_id=target.pk, enterprise_count=50, inspector_count=4
            ),
            args.profile,
            out,
        )
    again = timed("replay", lambda: draws.replay(Draw.objects.get(pk=drawn.pk)), args.profile, out)
    assert again.matches
    out["draw_pool"] = len(drawn.enterprise_snapshot)


# --- 4. frugality --------------------------------------------------------------------


def bench_frugality(args: argparse.Namespace, users: dict[str, Any], out: dict[str, Any]) -> None:
    from xiaoneng.core.timesource import travel_to
    from xiaoneng.frugality.models import Reception, Status, Trip, Vehicle, VehicleUse
    from xiaoneng.frugality.selectors import year_figures
    from xiaoneng.inspections.selectors import UNIT_KINDS
    from xiaoneng.org.models import Department

    office, finance = users["office"], users["caizheng"]
    rng = random.Random(13)
    depts = list(Department.objects.filter(kind__in=UNIT_KINDS, active=True).values_list("pk"))
    ids = [d for (d,) in depts]
    n = args.frugal

    def day() -> date:
        return date(YEAR, 1, 1) + timedelta(days=rng.randrange(365))

    receptions = []
    for k in range(n):
        d = day()
        receptions.append(
            Reception(
                number=f"JD{k:08d}",
                department_id=ids[k % len(ids)],
                sending_unit="省某厅",
                letter_number=f"函〔{YEAR}〕{k}号",
                letter_date=d,
                guest_level="province",
                guests=3,
                purpose="工作调研",
                start_on=d,
                end_on=d,
                companions=2,
                meals=1,
                planned_cost=Decimal(600),
                status=Status.DONE,
                registered_by=office,
                registered_on=d,
                actual_guests=3,
                actual_companions=2,
                actual_meals=1,
                actual_nights=0,
                meal_cost=Decimal(500),
                lodging_cost=Decimal(0),
                other_cost=Decimal(0),
                actual_cost=Decimal(500 + k % 100),
                alcohol=False,
                actuals_on=d,
            )
        )
    Reception.objects.bulk_create(receptions, batch_size=2000)
    vehicles = Vehicle.objects.bulk_create(
        Vehicle(
            department_id=ids[k % len(ids)],
            plate=f"甘G{k:05d}",
            model_name="国产轿车",
            kind="sedan",
            origin="purchase" if k % 5 == 0 else "existing",
            acquired_on=day() if k % 5 == 0 else date(2018, 1, 1),
            price=Decimal(150000) if k % 5 == 0 else Decimal(0),
            registered_by=office,
            registered_on=date(YEAR, 1, 1),
        )
        for k in range(max(10, n // 50))
    )
    if vehicles[0].pk is None:
        vehicles = list(Vehicle.objects.all())
    VehicleUse.objects.bulk_create(
        (
            VehicleUse(
                vehicle=vehicles[k % len(vehicles)],
                used_on=day(),
                driver="驾驶员",
                purpose="公务出行",
                start_km=k,
                end_km=k + 30,
                distance=30,
                cost=Decimal(45),
                recorded_by=office,
            )
            for k in range(n)
        ),
        batch_size=2000,
    )
    Trip.objects.bulk_create(
        (
            Trip(
                number=f"CG{k:08d}",
                department_id=ids[k % len(ids)],
                purpose="经贸洽谈",
                destination="哈萨克斯坦",
                start_on=(d := day()),
                end_on=d + timedelta(days=5),
                budget=Decimal(60000),
                status=Status.DONE,
                requested_by=office,
                requested_on=d,
                actual_cost=Decimal(55000),
                actuals_on=d,
            )
            for k in range(max(10, n // 10))
        ),
        batch_size=2000,
    )
    out["frugal_rows"] = (
        Reception.objects.count()
        + VehicleUse.objects.count()
        + Trip.objects.count()
        + Vehicle.objects.count()
    )
    with travel_to(date(YEAR + 1, 1, 20)):
        rows = timed("report", lambda: year_figures(finance, YEAR), args.profile, out)
        out["report_departments"] = len(rows)
        client = logged_in(finance)
        page = timed(
            "report_page",
            lambda: client.get(f"/frugality/report/?year={YEAR}"),
            args.profile,
            out,
        )
        assert page.status_code == 200, page.status_code
        sheet = timed(
            "export",
            lambda: client.get(f"/frugality/report/export/?year={YEAR}"),
            args.profile,
            out,
        )
        assert sheet.status_code == 200, sheet.status_code
        out["export_bytes"] = len(sheet.content)


# --- run -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench_cases import setup_django

    setup_django()
    from django.db import connection

    started = time.perf_counter()
    users = setup_world()
    out: dict[str, Any] = {"vendor": connection.vendor, "setup": time.perf_counter() - started}
    for part in args.parts.split(","):
        {"fees": bench_fees, "inspections": bench_inspections, "frugality": bench_frugality}[part](
            args, users, out
        )
    out["load"] = os.getloadavg()
    return out


def _verdict(value: float, key: str) -> str:
    return "met" if value < TARGETS[key] else "**not met**"


def report(r: dict[str, Any], command: str, args: argparse.Namespace) -> str:
    lines = [
        f"Command: `{command}` — {r['vendor']}, load average at the end "
        f"{load_text(r['load'])}; {cpu_name()}, {os.cpu_count()} cores.",
        "",
        "| what | scale | time | target | |",
        "|---|---|---:|---|---|",
    ]

    def row(what: str, scale: str, value: float, key: str, ms: bool = False) -> None:
        shown = f"{value * 1000:.0f} ms" if ms else f"{value:.2f} s"
        goal = f"< {TARGETS[key]:.0f} ms" if ms else f"< {TARGETS[key]:g} s"
        lines.append(
            f"| {what} | {scale} | {shown} | {goal} | "
            f"{_verdict(value * 1000 if ms else value, key)} |"
        )

    if "import" in r:
        row("catalog .xlsx import", f"{args.fees:,} rows", r["import"], "import_s")
        row(
            "import refused, every bad row listed",
            f"{args.fees:,} rows, {r['import_bad_rows']} bad",
            r["import_bad"],
            "import_bad_s",
        )
        rate = r["charge_count"] / r["charges"]
        lines.append(
            f"| `record_charge` | {r['charge_count']:,} charges, {r['flagged']} flagged | "
            f"{r['charges']:.1f} s = **{rate:.0f} charges/s**, p50 "
            f"{r['charge_p50'] * 1000:.1f} ms | p95 < {TARGETS['charge_ms']:.0f} ms | "
            f"{_verdict(r['charge_p95'] * 1000, 'charge_ms')} (p95 "
            f"{r['charge_p95'] * 1000:.1f} ms) |"
        )
        row("`reconcile_month` × departments", f"{r['reconciled']} depts", r["reconcile"],
            "reconcile_s")  # fmt: skip
        row("reconciliation page", "one month", r["reconcile_page"], "reconcile_page_s")
        row(
            "`supervise.sweep` (a year)",
            f"{r['swept_charges']:,} charges, {r['swept_flagged']} flagged",
            r["sweep"],
            "sweep_s",
        )
    if "register_total_p50" in r:
        lines.append(
            f"| `register_activity` + `overlaps` | {r['live_activities']:,} live activities, "
            f"median {r['overlaps_found']:.0f} overlaps found | p50 "
            f"{r['register_total_p50'] * 1000:.0f} ms (register "
            f"{r['register_p50'] * 1000:.0f} + overlaps {r['overlaps_p50'] * 1000:.0f}), p95 "
            f"{r['register_total_p95'] * 1000:.0f} ms | p95 < {TARGETS['register_ms']:.0f} ms | "
            f"{_verdict(r['register_total_p95'] * 1000, 'register_ms')} |"
        )
        row("`draw_targets` (双随机)", f"{r['draw_pool']:,} enterprises", r["draw"], "draw_s")
        row("`draws.replay`", f"{r['draw_pool']:,} enterprises", r["replay"], "replay_s")
    if "report" in r:
        scale = f"{r['frugal_rows']:,} rows, {r['report_departments']} depts"
        row("三公经费 `year_figures`", scale, r["report"], "report_s")
        row("report page", scale, r["report_page"], "report_page_s")
        row("report .xlsx export", f"{r['export_bytes']:,} bytes", r["export"], "export_s")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", default="", help="server URL (a scratch database is made)")
    parser.add_argument("--small", action="store_true", help="a tenth of the scale")
    parser.add_argument("--parts", default="fees,inspections,frugality")
    parser.add_argument("--fees", type=int, default=2000, help="catalog rows imported")
    parser.add_argument("--charges", type=int, default=5000)
    parser.add_argument("--activities", type=int, default=5000, help="live activities on the books")
    parser.add_argument("--registrations", type=int, default=30, help="timed registrations")
    parser.add_argument("--enterprises", type=int, default=50000)
    parser.add_argument("--frugal", type=int, default=10000, help="receptions and use logs each")
    parser.add_argument("--profile", action="store_true", help="cProfile each phase (stderr)")
    parser.add_argument("--markdown", default="", help="also write the report to this file")
    args = parser.parse_args()
    if args.small:
        args.fees, args.charges, args.activities = 200, 500, 500
        args.registrations, args.enterprises, args.frugal = 10, 5000, 1000
    with throwaway_database(args.postgres, "xn-bench-discipline-") as _vendor:
        result = run(args)
    text = report(result, " ".join(["uv run python", *sys.argv]), args)
    print(text)
    if args.markdown:
        Path(args.markdown).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()

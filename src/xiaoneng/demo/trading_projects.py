"""The trading projects `xiaoneng demo` holds, walked through the trading
actions with the clock moved to each step's day (`demo/history/trading_walk`),
as of the real today:

- a SIGNED contract: 市教育局's purchase of school laboratory equipment
  (政府采购, 综合评估法), its contract signed a week after the award;
- an AWARDED construction project: 市交通运输局's G227 road section, run by
  its agency, the award made days ago and the contract not yet due;
- an OPEN tender: 市交通运输局's G312 maintenance, announced about five days ago,
  one sealed bid in, the deadline two weeks or more ahead.

The two finished ones had their committees drawn from the pool (the seed
recorded, the exclusions with their reasons) and scored. Idempotent: a
project whose title is there is not walked again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org.models import User
from xiaoneng.trading.models import Criteria, Kind, Project, Speciality

from .history.days import DayActs
from .history.trading_cast import ROADS, SCHOOLS, load_cast
from .history.trading_walk import Spec, Walk, plan_days, schedule

D = Decimal
SCHOOL_PURCHASE = Spec(
    kind=Kind.PROCUREMENT,
    title="张掖市2026年中小学理化生实验室仪器设备采购项目",
    description="为全市28所中小学配备物理、化学、生物实验室仪器设备和实验台，含安装调试和培训",
    tenderer=SCHOOLS,
    criteria=Criteria.COMPREHENSIVE,
    speciality=Speciality.EQUIPMENT,
    estimate=D("3860000"),
    approval="张财采计〔2026〕056号",
    funding="义务教育薄弱环节改善资金",
)
ROAD_SECTION = Spec(
    kind=Kind.CONSTRUCTION,
    title="G227线张掖段公路路面改造工程第一合同段",
    description="沥青混凝土路面改造12.6公里，含排水和交通安全设施",
    tenderer=ROADS,
    criteria=Criteria.COMPREHENSIVE,
    speciality=Speciality.ROAD,
    estimate=D("8600000"),
    approval="张发改交运〔2026〕118号",
    funding="中央车购税资金及市级配套",
    agency=True,
)
MAINTENANCE = Spec(
    kind=Kind.CONSTRUCTION,
    title="G312线张掖过境段路面养护维修工程",
    description="路面病害处治和罩面9.4公里，桥涵伸缩缝更换",
    tenderer=ROADS,
    criteria=Criteria.LOWEST_PRICE,
    speciality=Speciality.ROAD,
    estimate=D("4250000"),
    approval="张交建〔2026〕203号",
    funding="公路养护专项资金",
    location="张掖市甘州区、临泽县",
)
PUPILS = ["甘肃智慧校园科技有限公司", "兰州教学仪器设备有限公司", "张掖市丹霞建筑安装工程有限公司"]
ROADS_FIRMS = [
    "张掖市路桥建设有限责任公司",
    "甘肃祁连建工集团有限公司",
    "张掖市交通建设工程有限公司",
    "甘肃陇原路桥工程有限公司",
]


def _bids(firms: list[str], estimate: Decimal, ratios: list[str]) -> list[tuple[str, Decimal]]:
    return [(f, (estimate * D(r)).quantize(D(1))) for f, r in zip(firms, ratios, strict=True)]


def walks(today: date) -> list[Walk]:
    """The three projects, placed so that as of `today` they stand where the demo wants them."""
    calendar = current_calendar()
    signed = Walk(
        spec=SCHOOL_PURCHASE,
        start=calendar.next_workday_on_or_after(today - timedelta(days=80)),
        rounds=[_bids(PUPILS, SCHOOL_PURCHASE.estimate, ["0.942", "0.965", "0.978"])],
        extra_days=4,
        period_days=60,
        contract_after=7,
    )
    awarded = Walk(
        spec=ROAD_SECTION,
        start=today,
        rounds=[_bids(ROADS_FIRMS, ROAD_SECTION.estimate, ["0.944", "0.971", "0.987", "0.958"])],
        extra_days=3,
    )
    # The award two working days ago (the contract's 30 days still running).
    awarded.start = _shifted(
        awarded, _workday_before(today - timedelta(days=3), calendar), calendar
    )
    first_bid = _bids(ROADS_FIRMS[:1], MAINTENANCE.estimate, ["0.951"])
    opened = Walk(
        spec=MAINTENANCE,
        start=_workday_before(today - timedelta(days=6), calendar),
        rounds=[first_bid],
        stop="bids",
    )
    return [signed, awarded, opened]


def _workday_before(day: date, calendar: WorkCalendar) -> date:
    """`day`, or the last working day before it."""
    while not calendar.is_workday(day):
        day -= timedelta(days=1)
    return day


def _shifted(walk: Walk, award_by: date, calendar: WorkCalendar) -> date:
    """The registration day (a working day) that puts the walk's award on or
    just before `award_by`."""
    start = _workday_before(award_by - timedelta(days=30), calendar)
    while True:
        walk.start = start
        if plan_days(walk, calendar)["award"] <= award_by:
            return start
        start = _workday_before(start - timedelta(days=1), calendar)


def load_demo_trading(admin: User, say: Callable[[str], None] | None = None) -> dict[str, int]:
    """Walk the demo's projects not yet there, day by day up to today (each
    step's clock moved to its day); what was played, by step."""
    today = timesource.today()
    with timesource.travel_to(today - timedelta(days=90)):
        cast = load_cast(admin)
    if cast is None:
        return {}
    calendar = current_calendar()
    acts = DayActs()
    for walk in walks(today):
        if not Project.objects.filter(title=walk.spec.title).exists():
            schedule(walk, acts, cast, calendar)
    for day in sorted(d for d in acts.acts if d <= today):
        with timesource.travel_to(day):
            acts.play(day)
    if say is not None and acts.counts:
        say("交易项目：" + "，".join(f"{k} {v}" for k, v in sorted(acts.counts.items())))
    return dict(acts.counts)

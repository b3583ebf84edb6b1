"""The 公共资源交易 part of the demo history (issue 14): a year of Zhangye
projects of each kind walked through the trading actions
(`trading_walk`), each step its own transaction under `timesource.travel_to`,
and after every working day the daily trading sweep
(`trading.supervise.sweep`, the body of the scheduler's `trading_sweep`), so
the cards and red flags are what the product wrote.

The story, placed at fractions of the span:
- road sections (construction, 市交通运输局 through its agency, 综合评估法):
  one re-tendered for lack of bids (two came: 流标), one with an objection
  to the result answered, one whose contract is signed after its 30 days
  (`late_contract`), one with its tender period at the legal minimum;
- school equipment purchases (procurement, 市教育局): one with a challenge
  (质疑) answered within its 7 working days;
- land-use rights sold by 挂牌 (land, 市国土资源局, 价高者得 over the reserve):
  one with a single bidder (`single_bid`);
- state asset transfers (property, 20 working days of announcement).
Projects started late in the span are still under way at its end.

`trading_days(*, seed, start, end, say)` is a day part (`days.interleave`);
the seed picks the prices and the bidders. The experts' draw takes its own
fresh seed (`committee.draw_experts`, recorded and replayable), so which
experts sit — and the `expert_overused` flag — is left out of the tallies."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly
from xiaoneng.trading import supervise
from xiaoneng.trading.models import (
    Contract,
    Criteria,
    Kind,
    Objection,
    Project,
    Round,
    RoundStatus,
    Speciality,
)

from .days import DayActs
from .trading_cast import LAND, ROADS, SCHOOLS, Cast, load_cast
from .trading_walk import Spec, Walk, schedule

MIN_DAYS = 120
D = Decimal
ROAD_FIRMS = (
    "张掖市路桥建设有限责任公司",
    "甘肃祁连建工集团有限公司",
    "张掖市交通建设工程有限公司",
    "甘肃陇原路桥工程有限公司",
    "张掖市丹霞建筑安装工程有限公司",
)
SCHOOL_FIRMS = (
    "甘肃智慧校园科技有限公司",
    "兰州教学仪器设备有限公司",
    "张掖市丹霞建筑安装工程有限公司",
)
LAND_FIRMS = ("张掖市黑河置业有限公司", "甘肃河西投资发展有限公司", "张掖市甘州区农业发展有限公司")
ROADS_NAMED = ("G227线", "G312线", "S213线", "G30连霍高速张掖连接线")
PLOTS = ("甘州区滨河新区G-07", "甘州区南环路东段C-12", "临泽县城北工业园B-03")
ASSETS = ("原市公路管理段办公楼及附属用房", "报废公路养护机械设备一批", "原交通稽查站营业用房")
SCHOOL_BUYS = (
    "中小学理化生实验室仪器设备",
    "中小学多媒体教室交互式一体机",
    "农村学校图书和音体美器材",
)


def road(n: int, rng: random.Random) -> Spec:
    km = rng.randint(60, 180) / 10
    return Spec(
        kind=Kind.CONSTRUCTION,
        title=f"{ROADS_NAMED[n % len(ROADS_NAMED)]}张掖段路面改造工程第{n + 2}合同段",
        description=f"沥青混凝土路面改造{km}公里，含排水和交通安全设施",
        tenderer=ROADS,
        criteria=Criteria.COMPREHENSIVE,
        speciality=Speciality.ROAD,
        estimate=D(int(km * 680000)),
        approval=f"张发改交运〔{2025 + n // 3}〕{120 + 7 * n}号",
        funding="中央车购税资金及市级配套",
        agency=True,
    )


def school(n: int, rng: random.Random) -> Spec:
    what = SCHOOL_BUYS[n % len(SCHOOL_BUYS)]
    return Spec(
        kind=Kind.PROCUREMENT,
        title=f"张掖市{what}采购项目（第{n + 1}批）",
        description=f"为全市{rng.randint(12, 40)}所中小学配备{what}，含安装调试和培训",
        tenderer=SCHOOLS,
        criteria=Criteria.COMPREHENSIVE,
        speciality=Speciality.EQUIPMENT,
        estimate=D(rng.randint(120, 480) * 10000),
        approval=f"张财采计〔2026〕{30 + 11 * n:03d}号",
        funding="义务教育薄弱环节改善资金",
    )


def plot(n: int, rng: random.Random) -> Spec:
    mu = rng.randint(40, 160)
    return Spec(
        kind=Kind.LAND,
        title=f"{PLOTS[n % len(PLOTS)]}地块国有建设用地使用权挂牌出让",
        description=f"出让面积{mu}亩，商住用地，容积率不大于2.5，出让年限70年",
        tenderer=LAND,
        criteria=Criteria.HIGHEST_PRICE,
        speciality=Speciality.LAND,
        estimate=D(mu * rng.randint(18, 30) * 10000),
        approval=f"张政地〔2026〕{10 + 3 * n}号",
    )


def asset(n: int, rng: random.Random) -> Spec:
    return Spec(
        kind=Kind.PROPERTY,
        title=f"{ASSETS[n % len(ASSETS)]}转让",
        description=f"{ASSETS[n % len(ASSETS)]}，经评估备案，公开挂牌转让",
        tenderer=ROADS,
        criteria=Criteria.HIGHEST_PRICE,
        speciality=Speciality.ASSET,
        estimate=D(rng.randint(60, 400) * 10000),
        approval=f"张国资产权〔2026〕{5 + 2 * n}号",
    )


def priced(
    rng: random.Random, spec: Spec, firms: tuple[str, ...], count: int, low: float, high: float
) -> list[tuple[str, Decimal]]:
    chosen = rng.sample(firms, count)
    return [(f, (spec.estimate * D(str(rng.uniform(low, high)))).quantize(D(1))) for f in chosen]


def plan(rng: random.Random, days: list[date]) -> list[Walk]:
    """The year's walks (see the module's docstring)."""
    n = len(days)

    def at(fraction: float) -> date:
        return days[min(int(n * fraction), n - 1)]

    walks: list[Walk] = []
    for k, fraction in enumerate((0.03, 0.22, 0.42, 0.62, 0.8)):
        spec = road(k, rng)
        rounds = [priced(rng, spec, ROAD_FIRMS, rng.randint(3, 5), 0.92, 0.99)]
        walk = Walk(spec, at(fraction), rounds, extra_days=rng.randint(2, 8))
        walks.append(walk)
    walks[0].rounds.insert(0, priced(rng, walks[0].spec, ROAD_FIRMS, 2, 0.93, 0.99))  # 流标
    walks[1].objection = True
    walks[2].late_contract = True
    walks[3].extra_days = 0  # the law's minimum, to the day
    for k, fraction in enumerate((0.08, 0.35, 0.7)):
        spec = school(k, rng)
        rounds = [priced(rng, spec, SCHOOL_FIRMS, 3, 0.9, 0.99)]
        walks.append(Walk(spec, at(fraction), rounds, extra_days=rng.randint(2, 6), period_days=60))
    walks[6].objection = True  # a challenge (质疑)
    for k, fraction in enumerate((0.12, 0.48, 0.75)):
        spec = plot(k, rng)
        count = 1 if k == 1 else rng.randint(2, 3)
        rounds = [priced(rng, spec, LAND_FIRMS, count, 1.0, 1.3)]
        walks.append(Walk(spec, at(fraction), rounds, extra_days=rng.randint(1, 5), period_days=30))
    for k, fraction in enumerate((0.18, 0.55, 0.88)):
        spec = asset(k, rng)
        rounds = [priced(rng, spec, LAND_FIRMS, rng.randint(1, 3), 1.0, 1.2)]
        walks.append(Walk(spec, at(fraction), rounds, extra_days=rng.randint(1, 4), period_days=30))
    return walks


def _workdays(start: date, end: date) -> list[date]:
    calendar = current_calendar()
    days = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return [d for d in days if calendar.is_workday(d)]


def trading_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    admin = User.objects.filter(username="admin").first()
    cast: Cast | None = None
    if admin is not None and (end - start).days >= MIN_DAYS:
        with timesource.travel_to(start):
            cast = load_cast(admin)
    if cast is None:
        say(f"公共资源交易：时间跨度不足 {MIN_DAYS} 日或没有交易主体、演示账号，未生成")
        return {}
    acts = DayActs()
    walks = plan(random.Random(seed), _workdays(start, end))  # noqa: S311 - demo data
    for walk in walks:
        schedule(walk, acts, cast, calendar)
    day = start
    while day <= end:
        yield day
        with timesource.travel_to(day):
            acts.play(day)
            if calendar.is_workday(day):
                supervise.sweep(day)
                acts.counts["sweeps"] += 1
        day += timedelta(days=1)
    ids = [w.rows["project"] for w in walks if "project" in w.rows]
    counts = tally(dict(acts.counts), ids)
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"公共资源交易：项目 {counts['projects']} 个（签订合同 {counts['contracted']} 个），"
        f"流标 {counts['rounds_failed']} 次，异议（质疑） {counts['objections']} 件，"
        f"逾期签约 {counts['contracts_late']} 份，红旗 "
        f"{sum(v for k, v in counts.items() if k.startswith('anomaly_'))} 项，失败 {failed} 步"
    )
    return counts


def tally(played: dict[str, int], ids: list[int]) -> dict[str, int]:
    """The acts played, and what the rows of the part's projects say."""
    projects = Project.objects.filter(pk__in=ids).order_by()
    contracts = Contract.objects.filter(award__round__project__in=ids)
    by_status = projects.values("status").annotate(n=Count("pk"))
    counts = (
        dict(played)
        | {
            "projects": projects.count(),
            "rounds_failed": Round.objects.filter(
                project__in=ids, status=RoundStatus.FAILED
            ).count(),
            "objections": Objection.objects.filter(round__project__in=ids).count(),
            "contracts_late": sum(
                1 for c in contracts.select_related("award") if c.signed_on > c.award.contract_due
            ),
        }
        | {f"status_{row['status']}": row["n"] for row in by_status}
    )
    counts["contracted"] = counts.get("status_contracted", 0)
    found = (
        Anomaly.objects.filter(subject_kind=supervise.KIND, subject_ref__in=ids)
        .exclude(kind=supervise.EXPERT_OVERUSED)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    return counts | {f"anomaly_{row['kind']}": row["n"] for row in found}

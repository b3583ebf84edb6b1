"""The 目标责任 part of the demo history, played through the real actions
under `timesource.travel_to`, each action its own transaction (as a desk
would call it), the card sweep on every working day as the scheduler would.

The story: every calendar year the span touches has its target books (a
2012-style Zhangye book) for the six counties and eight city departments:
固定资产投资（亿元）, 新开工项目（个）, 招商引资到位资金（亿元）, 审批时限压缩（%）,
and practical things for the people (城区集中供热改造, 农村安全饮水 …); two
milestones, 40 % by April and 70 % by August. The year the span starts in is
carried in: its books imported on the span's first working day (signed in
January in the older system), the months reported before the span recorded
through the bulk path (verified, a few late). The rest of that year and every
later year (books imported and signed on January's first working day) are
played month by month: the lead units report on the reporting day (some
late); the 督查室 verifies, returns a few (resubmitted the next day). Two
units lag: their milestones go red and one is urged. In the year most of the
span is played in, one adjustment is approved (the task stays due until
then) and one rejected, each on a task still open.

`play_targets(*, seed, start, end, say) -> dict[str, int]`; the seed picks
who runs ahead a little, who reports late and which reports are returned.
Needs the demo city (accounts inspector, leader, mayor, admin; heads are
found or created per unit as the efficiency history does)."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.targets import actions
from xiaoneng.targets.actions.common import report_due
from xiaoneng.targets.models import Milestone, ProgressReport, TargetBook, Task
from xiaoneng.targets.standard import completion

from .days import drain

COUNTIES = ("620702", "620721", "620722", "620723", "620724", "620725")
CITY = (
    "620700002",  # 发改委
    "620700004",  # 招商局
    "620700005",  # 工商局
    "620700011",  # 国土资源局
    "620700014",  # 交通运输局
    "620700015",  # 水务局
    "620700018",  # 商务局
    "620700029",  # 规划局
)
HEADS = {"620700005": "depthead", "620700002": "fagai", "620722": "minle"}
LAGGARDS = ("620723", "620700014")  # their first milestone goes red
PRACTICAL = (
    ("城区集中供热改造", "完成城区集中供热管网改造，新增供热面积 50 万平方米，按期供暖"),
    ("农村安全饮水", "解决农村 3 万人安全饮水问题，水质达标"),
    ("城乡低保提标", "城乡低保标准提高 15%，按月足额发放"),
    ("农村危房改造", "完成农村危房改造 1200 户，当年入住"),
)
PROGRESS = (
    "已召开专题会议研究部署，分解到责任科室，按月调度推进。",
    "项目前期手续已办结，施工单位进场，形象进度符合计划。",
    "本月完成阶段任务，正在整理佐证材料。",
    "对照节点逐项督促，存在的问题已报请分管领导协调。",
)


def _county_rows(
    code: str, name: str, deadline: date, marks: tuple[date, date]
) -> list[dict[str, Any]]:
    seq = int(code[-1])
    title, standard = PRACTICAL[seq % len(PRACTICAL)]
    quantitative = [
        ("固定资产投资", "亿元", Decimal(40 + 5 * seq), Decimal(55 + 6 * seq), 30),
        ("新开工项目", "个", Decimal(0), Decimal(20 + seq), 20),
        ("招商引资到位资金", "亿元", Decimal(0), Decimal(30 + 3 * seq), 20),
    ]
    table: list[dict[str, Any]] = [
        {"code": "1", "title": "经济发展目标", "category": "政府工作报告"}
    ]
    for n, (indicator, measure, base, target, weight) in enumerate(quantitative, start=1):
        table.append(
            {
                "code": f"1.{n}",
                "title": f"完成{indicator} {target} {measure}",
                "category": "key_project" if n == 2 else "work_report",
                "is_key": "是" if n == 1 else "",
                "lead": code,
                "leader": "分管副县（区）长",
                "person": f"{name}发改局局长",
                "deadline": deadline,
                "indicator": indicator,
                "measure_unit": measure,
                "baseline": base,
                "target_value": target,
                "weight": weight,
                "m1": "完成年度目标的 40%",
                "m1_due": marks[0],
                "m2": "完成年度目标的 70%",
                "m2_due": marks[1],
            }
        )
    table += [
        {"code": "2", "title": "为民办实事", "category": "为民办实事"},
        {
            "code": "2.1",
            "title": title,
            "category": "practical",
            "is_key": "是",
            "lead": code,
            "leader": "分管副县（区）长",
            "person": f"{name}住建局局长",
            "deadline": deadline,
            "standard": standard,
            "weight": 30,
            "m1": "完成前期工作和招标",
            "m1_due": marks[0],
        },
    ]
    return table


def _city_rows(
    code: str, name: str, deadline: date, marks: tuple[date, date]
) -> list[dict[str, Any]]:
    return [
        {
            "code": "1",
            "title": "审批时限压缩",
            "category": "reform",
            "lead": code,
            "cooperating": "620700005" if code != "620700005" else "",
            "leader": "分管副市长",
            "person": f"{name}局长",
            "deadline": deadline,
            "indicator": "行政审批事项承诺时限压缩",
            "measure_unit": "%",
            "baseline": 0,
            "target_value": 30,
            "weight": 50,
            "m1": "完成事项清理，压缩 15%",
            "m1_due": marks[0],
        },
        {
            "code": "2",
            "title": "重点工作任务",
            "category": "work_report",
            "is_key": "是" if code in ("620700002", "620700004") else "",
            "lead": code,
            "leader": "分管副市长",
            "person": f"{name}副局长",
            "deadline": deadline,
            "standard": "按政府工作报告分工，全面完成本部门承担的年度重点工作",
            "weight": 50,
            "m1": "完成年度工作的 70%",
            "m1_due": marks[1],
        },
    ]


@dataclass
class Story:
    rng: random.Random
    calendar: WorkCalendar
    days: list[date]
    users: dict[str, User]
    counts: Counter[str]
    plan: dict[date, list[tuple[str, Callable[[], Any]]]]
    factors: dict[str, float]

    def on(self, day: date, name: str, run: Callable[[], Any]) -> None:
        self.plan.setdefault(day, []).append((name, run))

    def later(self, day: date, workdays: int) -> date:
        return self.calendar.add_workdays(day, workdays)

    def opening(self, year: int) -> date | None:
        """The day a year's books are imported: the span's first working day
        for the year the span starts in (carried in), else January's first."""
        return next((d for d in self.days if d.year == year), None)


def _head(admin: User, unit: Department, role: Role) -> User:
    """The unit's head: the demo account, or one made as the efficiency history makes them."""
    username = HEADS.get(unit.code) or f"head_{unit.code[-3:]}"
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    return org_actions.create_user(
        actor=admin,
        username=username,
        password=DEMO_PASSWORD,
        real_name=f"{unit.short_name or unit.name}负责人",
        department=unit,
        roles=[role],
        title="负责人",
    )


def _workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def _months(first: date, last: date) -> list[tuple[int, int]]:
    months, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        months.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def _books(s: Story, start: date, end: date) -> None:
    """Every calendar year the span touches gets its books, imported and
    signed on its opening day; the first year's are carried in (signed in
    January in the older system, its earlier months recorded in bulk)."""
    units = {d.code: d for d in Department.objects.filter(code__in=COUNTIES + CITY)}
    role = Role.objects.get(code="dept_head")
    with timesource.travel_to(start):  # the heads exist from the span's first day
        for code in COUNTIES + CITY:
            if code in units:
                s.users[code] = _head(s.users["admin"], units[code], role)
    for year in range(start.year, end.year + 1):
        day = s.opening(year)
        if day is None:
            continue
        deadline = date(year, 12, 31)
        marks = (date(year, 4, 30), date(year, 8, 31))  # 40% by April, 70% by August
        january = s.calendar.add_workdays(date(year, 1, 1) - timedelta(days=1), 1)
        signed_on = min(january, day)
        for code in COUNTIES + CITY:
            unit = units.get(code)
            if unit is None:
                continue
            make = _county_rows if code in COUNTIES else _city_rows
            table = make(code, unit.short_name or unit.name, deadline, marks)

            def run(
                unit: Department = unit,
                table: list[dict[str, Any]] = table,
                year: int = year,
                signed_on: date = signed_on,
            ) -> None:
                book = actions.import_book(
                    actor=s.users["inspector"],
                    year=year,
                    department_id=unit.pk,
                    rows=table,
                    title=f"{unit.name}{year}年度目标管理责任书",
                )
                actions.sign_book(
                    actor=s.users["inspector"],
                    book_id=book.pk,
                    signed_by=f"{unit.short_name or unit.name}主要负责人",
                    signed_for="市长",
                    signed_on=signed_on,
                )

            s.on(day, "book", run)


def _progress(task: Task, month_index: int, factor: float) -> dict[str, Any]:
    share = min(1.0, (month_index / 12) * factor)
    if task.standard_kind == "quantitative":
        base = task.baseline or Decimal(0)
        value = base + ((task.target_value or Decimal(0)) - base) * Decimal(str(round(share, 3)))
        return {"value": value.quantize(Decimal("0.01"))}
    return {"percent": int(share * 100)}


def _carry_in(s: Story, year: int, months: list[int]) -> Callable[[], Any]:
    """The months of the first year before the span, as the older system
    holds them: recorded through the bulk path (verified, a few late); the
    milestones the punctual units met marked done on the carry-in day."""

    def run() -> None:
        rows = []
        tasks = Task.objects.filter(book__year=year, is_leaf=True).select_related("lead_department")
        for task in tasks:
            code = task.lead_department.code if task.lead_department else ""
            factor = s.factors.get(code, 1.0)
            for m in months:
                due = report_due(year, m)
                late = s.rng.random() < 0.1
                progress = _progress(task, m, factor)
                value = progress.get("value")
                share = completion(
                    task.standard_kind,
                    task.baseline,
                    task.target_value,
                    value,
                    progress.get("percent"),
                )
                rows.append(
                    actions.ReportRow(
                        task_id=task.pk,
                        year=year,
                        month=m,
                        text=s.rng.choice(PROGRESS),
                        value=value,
                        percent=int(share * 100),
                        submitted_on=s.later(due, 3) if late else s.later(due, -1),
                    )
                )
        s.counts["carried_reports"] += actions.record_reports_bulk(
            actor=s.users["inspector"], rows=rows
        )
        today = timesource.today()
        for milestone in Milestone.objects.filter(
            task__book__year=year, done_on__isnull=True, due_on__lt=today
        ).select_related("task__lead_department"):
            code = milestone.task.lead_department.code if milestone.task.lead_department else ""
            if code not in LAGGARDS:
                actions.complete_milestone(actor=s.users[code], milestone_id=milestone.pk)
                s.counts["carried_milestones"] += 1

    return run


def _monthly(s: Story, start: date, end: date) -> None:
    """Every month's report on every open leaf: the first year's months
    reported before the span are carried in; the rest are played live,
    verified (a few returned and resubmitted)."""
    carried: list[int] = []
    for y, m in _months(date(start.year, 1, 1), end):
        due = report_due(y, m)
        if due > end:
            break
        if due < s.days[0]:
            if y == start.year:
                carried.append(m)
            continue
        day_of = {"on_time": max(s.later(due, -1), s.days[0]), "late": s.later(due, 3)}

        def plan_month(y: int = y, m: int = m, day_of: dict[str, date] = day_of) -> None:
            # Open leaves still running in that month (an approved adjustment
            # may carry a task into the next year: its months are reported too).
            for task in Task.objects.filter(
                book__status="signed",
                book__year__lte=y,
                is_leaf=True,
                status="open",
                deadline__gte=date(y, m, 1),
            ).select_related("lead_department", "book"):
                code = task.lead_department.code if task.lead_department else ""
                late = s.rng.random() < 0.1
                when = day_of["late" if late else "on_time"]
                if when > end:
                    continue
                factor = s.factors.get(code, 1.0)
                month_index = (y - task.book.year) * 12 + m
                progress = _progress(task, month_index, factor)
                s.on(when, "report", _report(s, task, y, m, code, progress, factor))

        # Reports are planned two working days before the reporting day (tasks exist by then).
        s.on(max(s.later(due, -2), s.days[0]), "plan", plan_month)
    if carried:
        s.on(s.days[0], "carry_in", _carry_in(s, start.year, carried))


def _report(
    s: Story, task: Task, y: int, m: int, code: str, progress: dict[str, Any], factor: float
) -> Callable[[], Any]:
    def run() -> None:
        today = timesource.today()
        marks = (
            []
            if factor < 0.9
            else list(
                Milestone.objects.filter(
                    task=task, done_on__isnull=True, due_on__lte=s.later(today, 25)
                ).values_list("pk", flat=True)
            )
        )
        report = actions.submit_report(
            actor=s.users[code],
            task_id=task.pk,
            year=y,
            month=m,
            text_=s.rng.choice(PROGRESS),
            milestone_ids=marks,
            **progress,
        )
        s.counts["late" if report.late else "on_time"] += 1
        if s.rng.random() < 0.06:
            s.on(
                s.later(today, 1),
                "return",
                lambda: actions.return_report(
                    actor=s.users["inspector"],
                    report_id=report.pk,
                    reason="佐证材料不全，请补充后重新报送",
                ),
            )
            s.on(
                s.later(today, 2),
                "resubmit",
                lambda: actions.submit_report(
                    actor=s.users[code],
                    task_id=task.pk,
                    year=y,
                    month=m,
                    text_="已补充佐证材料。" + s.rng.choice(PROGRESS),
                    **progress,
                ),
            )
            s.on(
                s.later(today, 3),
                "verify",
                lambda: actions.verify_report(actor=s.users["inspector"], report_id=report.pk),
            )
        else:
            s.on(
                s.later(today, 2),
                "verify",
                lambda: actions.verify_report(actor=s.users["inspector"], report_id=report.pk),
            )

    return run


def _open_task(code: str, year: int, prefer: str = "") -> Task | None:
    """The unit's task to act on: the preferred one if still open, else its first open leaf."""
    tasks = Task.objects.filter(
        book__year=year, book__department__code=code, is_leaf=True, status="open"
    ).order_by("code")
    return tasks.filter(code=prefer).first() or tasks.first()


def _episodes(s: Story, start: date, end: date) -> None:
    """In the year most of the span is played live in: one urge on a
    laggard's red milestone; one adjustment approved, one rejected (each on
    a task still open, decided a week later; pending, the task stays due)."""
    year = max(range(start.year, end.year + 1), key=lambda y: sum(d.year == y for d in s.days))
    days = [d for d in s.days if d.year == year]
    if len(days) < 15:
        return

    def urge() -> None:
        task = (
            Task.objects.filter(
                lead_department__code=LAGGARDS[0],
                is_leaf=True,
                status="open",
                book__year__lte=year,
                milestones__done_on__isnull=True,
                milestones__due_on__lt=timesource.today(),
            )
            .order_by("-book__year", "code")
            .first()
        )
        if task is None:
            raise KeyError("no red milestone")
        actions.urge_task(
            actor=s.users["inspector"],
            task_id=task.pk,
            text_="节点已超期，请加快推进并书面说明原因",
        )

    def adjust(
        code: str, task_code: str, approve: bool, by: str
    ) -> tuple[Callable[[], Any], Callable[[], Any]]:
        held: dict[str, int] = {}

        def ask() -> None:
            task = _open_task(code, year, task_code)
            if task is None:
                raise KeyError("no open task")
            held["id"] = actions.request_adjustment(
                actor=s.users[code],
                task_id=task.pk,
                reason="受上级资金下达时间影响，申请调整完成时限",
                new_deadline=date(year + 1, 3, 31),
            ).pk

        def decide() -> None:
            actions.decide_adjustment(
                actor=s.users[by],
                adjustment_id=held["id"],
                approve=approve,
                note="同意调整，按新的时限完成" if approve else "年度任务不得推迟，按原时限完成",
            )

        return ask, decide

    # The urge a week or two after the first red milestone (end of April), else late in the span.
    urge_on = next((d for d in days if d >= s.later(date(year, 4, 30), 8)), days[-3])
    s.on(urge_on, "urge", urge)
    n = len(days)
    ask, decide = adjust(LAGGARDS[0], "2.1", True, "mayor")  # a county: the mayor decides
    s.on(days[n // 3], "adjust", ask)
    s.on(days[min(n - 1, n // 3 + 5)], "decided", decide)
    ask2, decide2 = adjust("620700002", "2", False, "leader")  # 发改委: the leader's portfolio
    s.on(days[n // 2], "adjust", ask2)
    s.on(days[min(n - 1, n // 2 + 5)], "decided", decide2)


def play_targets(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> dict[str, int]:
    counts: dict[str, int] = drain(target_days(seed=seed, start=start, end=end, say=say))
    return counts


def target_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    started = time.perf_counter()
    calendar = current_calendar()
    days = _workdays(calendar, start, end)
    if len(days) < 10:
        say("目标责任：时间跨度不足 10 个工作日，未生成")
        return {}
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["inspector", "leader", "mayor", "admin"])
    }
    rng = random.Random(seed)  # noqa: S311 - demo wording
    # Who lags (never meets a milestone), who runs ahead; 发改委 exactly on plan
    # (its task stays open until December: the rejected adjustment is asked on it).
    factors = {code: rng.uniform(0.95, 1.2) for code in COUNTIES + CITY}
    factors.update(dict.fromkeys(LAGGARDS, 0.6) | {"620700002": 1.0})
    story = Story(rng, calendar, days, users, Counter(), {}, factors)
    _books(story, start, end)
    _monthly(story, start, end)
    _episodes(story, start, end)
    day = start
    while day <= end:
        yield day
        with timesource.travel_to(day):
            done = 0
            while done < len(story.plan.get(day, [])):  # acts may plan more acts for the same day
                name, run = story.plan[day][done]
                done += 1
                try:
                    run()
                except (DomainError, KeyError) as exc:
                    story.counts[f"failed:{name}:{getattr(exc, 'code', 'missing')}"] += 1
                else:
                    story.counts[name] += 1
            if calendar.is_workday(day):
                actions.sweep_target_cards()
                story.counts["sweeps"] += 1
        day += timedelta(days=1)
    return _summary(story, start, end, say, round(time.perf_counter() - started))


def _summary(
    story: Story, start: date, end: date, say: Callable[[str], None], seconds: int
) -> dict[str, int]:
    counts = dict(story.counts)
    years = range(start.year, end.year + 1)
    counts["books"] = TargetBook.objects.filter(year__in=years).count()
    counts["tasks"] = Task.objects.filter(book__year__in=years, is_leaf=True).count()
    counts["reports"] = ProgressReport.objects.filter(task__book__year__in=years).count()
    counts["red_milestones"] = Milestone.objects.filter(
        task__book__year__in=years, done_on__isnull=True, due_on__lt=timesource.today()
    ).count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    by_year = "、".join(f"{y} 年 {TargetBook.objects.filter(year=y).count()} 份" for y in years)
    carried = counts.get("carried_reports", 0)
    bulk = f"，此前月份 {carried} 份进度批量导入" if carried else ""
    say(
        f"目标责任：{counts['books']} 份目标责任书（{by_year}；{start.year} 年转入{bulk}）、"
        f"{counts['tasks']} 项任务、"
        f"{counts['reports']} 份月度进度（迟报 {counts.get('late', 0)} 份），失败 {failed} 步，"
        f"{seconds} 秒"
    )
    return counts

"""The proactive-disclosure part of the demo history (政府信息主动公开),
played through the openinfo app's actions under `timesource.travel_to`,
each action its own transaction.

The story: every month of the span 市工商局 (depthead), 市发改委 (fagai)
and 市政府办 (zhengfuban) each register an item of information in their
catalogue a few days after it was formed and publish it within the 20
working days — except every fourth month's 市发改委 item, published five
weeks late, and one 市工商局 item in the span's fifth month that waits
past its due day (the weekly sweep raises both as `disclosure_late`). Every
third month a unit issues a policy document (规范性文件) with its
interpretation (政策解读), published together; the first is repealed
later in the span. The government office registers two 复议/诉讼 records and the
result of one. In January it generates the annual report of the year
before and publishes it in February (if the span holds them); a span with
no January generates the last finished year's on its last day (not
published). A report is only ever of a finished year.

`openinfo_days(*, seed, start, end, say)` is a day part (`days.interleave`);
the seed picks the titles' order. Needs the demo city (accounts depthead,
fagai, zhengfuban)."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import date, timedelta

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.openinfo import actions
from xiaoneng.openinfo.models import AnnualReport, DisclosureItem, ReviewRecord
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

from .days import DayActs

USERS = ("depthead", "fagai", "zhengfuban")
TOPICS: dict[str, tuple[tuple[str, str], ...]] = {
    "depthead": (
        ("plans", "市场主体年报公示工作安排"),
        ("licensing", "个体工商户登记办理指南（修订）"),
        ("fees", "企业登记收费项目及标准"),
        ("functions", "市工商局内设机构及职责调整"),
        ("personnel", "市工商局公开遴选工作人员公告"),
    ),
    "fagai": (
        ("plans", "张掖市国民经济和社会发展计划执行情况"),
        ("decisions", "城区供水价格调整听证公告"),
        ("plans", "重点项目建设年度计划"),
        ("fees", "行政事业性收费目录清单调整"),
        ("budget", "市发改委部门预算公开"),
    ),
    "zhengfuban": (
        ("functions", "市政府领导分工调整"),
        ("decisions", "市政府常务会议议定事项"),
        ("budget", "市本级财政预决算公开"),
        ("plans", "政务公开工作要点"),
        ("personnel", "市政府任免工作人员通知"),
    ),
}
POLICIES = (
    ("depthead", "张掖市个体工商户登记管理办法", "张工商发"),
    ("fagai", "张掖市政府定价成本监审办法", "张发改发"),
    ("zhengfuban", "张掖市政府信息主动公开工作规定", "张政办发"),
    ("depthead", "张掖市市场主体信用监管实施办法", "张工商发"),
)
LATE_EVERY = 4  # every fourth month's 市发改委 item is published late
WAITING = 4  # the span's fifth month: a 市工商局 item left past its due day


class OpeninfoStory(DayActs):
    def __init__(self, rng: random.Random, calendar: WorkCalendar) -> None:
        super().__init__()
        self.rng, self.calendar = rng, calendar
        self.users = {u.username: u for u in User.objects.filter(username__in=USERS)}
        self.rows: dict[str, int] = {}

    def _register(self, key: str, user: str, on: date, **terms: object) -> None:
        def run() -> None:
            row = actions.register_item(actor=self.users[user], **terms)
            self.rows[key] = row.pk

        self.act(on, "item_registered", run)

    def _publish(self, key: str, user: str, on: date) -> None:
        self.act(
            on,
            "item_published",
            lambda: actions.publish_item(actor=self.users[user], item_id=self.rows[key]),
        )

    def item(self, n: int, user: str, formed: date) -> None:
        """Formed on `formed`, registered two working days later, published
        five to twelve working days after it (late or never, for the story)."""
        add = self.calendar.add_workdays
        category, title = TOPICS[user][(n + self.rng.randrange(5)) % 5]
        key = f"{user}-{n}"
        self._register(
            key,
            user,
            add(formed, 2),
            category=category,
            title=f"{title}（{formed:%Y年%-m月}）",
            body=f"{title}。本信息自形成之日起二十个工作日内通过政府网站主动公开。",
            formed_on=formed,
        )
        if user == "depthead" and n == WAITING:
            self._publish(key, user, add(formed, 26))  # after the sweep found it
        elif user == "fagai" and n % LATE_EVERY == LATE_EVERY - 1:
            self._publish(key, user, add(formed, 25))
        else:
            self._publish(key, user, add(formed, self.rng.randint(5, 12)))

    def policy(self, n: int, formed: date) -> None:
        user, title, prefix = POLICIES[n % len(POLICIES)]
        add = self.calendar.add_workdays
        doc, note = f"policy-{n}", f"interpretation-{n}"
        self._register(
            doc,
            user,
            add(formed, 1),
            category="policy",
            title=title,
            document_number=f"{prefix}〔{formed:%Y}〕{n + 3}号",
            body=f"第一条 为规范有关工作，制定《{title}》。……",
            formed_on=formed,
        )

        def interpretation() -> None:
            row = actions.register_item(
                actor=self.users[user],
                category="interpretation",
                title=f"《{title}》政策解读",
                body="一、制定背景。二、主要内容。三、施行时间。",
                formed_on=add(formed, 2),
                interprets_id=self.rows[doc],
            )
            self.rows[note] = row.pk

        self.act(add(formed, 2), "item_registered", interpretation)
        self._publish(doc, user, add(formed, 4))
        self._publish(note, user, add(formed, 4))

    def repeal(self, n: int, on: date) -> None:
        user = POLICIES[n % len(POLICIES)][0]
        self.act(
            on,
            "item_repealed",
            lambda: actions.repeal_item(actor=self.users[user], item_id=self.rows[f"policy-{n}"]),
        )

    def reviews(self, first: date, second: date) -> None:
        office = self.users["zhengfuban"]
        dept = self.users["depthead"].department_id

        def register(number: str, kind: str, key: str) -> Callable[[], None]:
            def run() -> None:
                row = actions.register_review(
                    actor=office,
                    number=number,
                    kind=kind,
                    department_id=dept,
                    subject="不服政府信息公开申请答复",
                    filed_on=timesource.today(),
                )
                self.rows[key] = row.pk

            return run

        self.act(
            first,
            "review_registered",
            register(f"张政复〔{first:%Y}〕7号", "reconsideration", "r1"),
        )
        self.act(
            self.calendar.add_workdays(first, 40),
            "review_decided",
            lambda: actions.decide_review(
                actor=office,
                review_id=self.rows["r1"],
                result="upheld",
                decided_on=timesource.today(),
            ),
        )
        self.act(
            second, "review_registered", register(f"({second:%Y})甘07行初12号", "lawsuit", "r2")
        )

    def report(self, day: date, year: int, *, publish_on: date | None) -> None:
        office = self.users["zhengfuban"]
        self.act(day, "report_generated", lambda: actions.generate_report(actor=office, year=year))
        if publish_on is not None:
            self.act(
                publish_on,
                "report_published",
                lambda: actions.publish_report(actor=office, year=year),
            )


def _months(days: list[date]) -> list[list[date]]:
    months: dict[tuple[int, int], list[date]] = {}
    for d in days:
        months.setdefault((d.year, d.month), []).append(d)
    return [months[k] for k in sorted(months)]


def write_story(s: OpeninfoStory, days: list[date], end: date) -> None:
    def fits(day: date, workdays: int) -> bool:
        return s.calendar.add_workdays(day, workdays) <= end

    months = _months(days)
    reported: set[int] = set()
    for n, month in enumerate(months):
        for i, user in enumerate(USERS):
            formed = month[min(len(month) - 1, 2 + 5 * i)]
            if fits(formed, 14):
                s.item(n, user, formed)
        if n % 3 == 1 and fits(month[8 % len(month)], 5):
            s.policy(n // 3, month[8 % len(month)])
        if month[0].month == 1 and n > 0:
            feb = next((m for m in months if m[0] > month[0] and m[0].month == 2), None)
            s.report(month[9 % len(month)], month[0].year - 1, publish_on=feb[4] if feb else None)
            reported.add(month[0].year - 1)
    if len(months) > 8:
        s.repeal(0, months[8][3])
        s.reviews(months[2][6], months[6][6])
    if days[-1].year - 1 not in reported:
        s.report(days[-1], days[-1].year - 1, publish_on=None)
    sweep = days[0]
    while sweep <= end:
        s.act(sweep, "swept", actions.sweep_late_items)
        sweep += timedelta(days=7)


def _workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    out, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def openinfo_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    days = _workdays(calendar, start, end)
    if len(days) < 40 or User.objects.filter(username__in=USERS).count() < len(USERS):
        say("主动公开：时间跨度不足 40 个工作日或没有演示账号，未生成")
        return {}
    story = OpeninfoStory(random.Random(seed), calendar)  # noqa: S311 - demo data
    write_story(story, days, end)
    day = start
    while day <= end:
        yield day
        if day in story.acts:
            with timesource.travel_to(day):
                story.play(day)
        day += timedelta(days=1)
    counts = dict(story.counts)
    counts["items"] = DisclosureItem.objects.count()
    counts["late"] = DisclosureItem.objects.filter(late=True).count()
    counts["reviews"] = ReviewRecord.objects.count()
    counts["reports"] = AnnualReport.objects.count()
    counts["anomalies"] = Anomaly.objects.filter(subject_kind="disclosure_item").count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"主动公开：信息 {counts['items']} 条（超期公开 {counts['late']} 条，异常 "
        f"{counts['anomalies']} 项），复议诉讼 {counts['reviews']} 件，年度报告 "
        f"{counts['reports']} 份，失败 {failed} 步"
    )
    return counts

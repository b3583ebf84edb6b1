"""Plays a demo history (`plan.py`) through the real actions, day by day under
`travel_to`: every case event, clock field, opinion, card and audit link is
what the product itself wrote on that day. Each day's steps share one
transaction (each action a savepoint inside it); on every working day the
card sweep runs as the scheduler would, and the deemed-acceptance task on
every day. Afterwards the scores rollup of every month, if the scores app
offers one.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AuditEvent
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.authority import UNIFIED_MODES
from xiaoneng.cases.models import Case, CaseEvent, CaseOpinion
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, DepartmentKind, Role, User
from xiaoneng.ratings import actions as rating_actions
from xiaoneng.scores import actions as score_actions
from xiaoneng.scores.models import MonthlyMetric
from xiaoneng.supervision import actions as supervision_actions
from xiaoneng.supervision.models import SupervisionCard

from .days import DayPart, interleave
from .efficiency import EfficiencyPlayer, describe_efficiency, tally
from .efficiency_plan import plan_efficiency
from .plan import ORDER, CasePlan, ItemSpec, Step, plan_history
from .sides import describe_sides, side_parts, side_tallies

MARKER = "demo.history_loaded"
# The demo city's own accounts, where it has them (工商局 and two co-departments).
EXISTING = {
    ("window", "620700005"): "window",
    ("reviewer", "620700005"): "reviewer",
    ("dept_head", "620700005"): "depthead",
    ("reviewer", "620700024"): "zhijian",
    ("reviewer", "620700023"): "gongan",
}
ROLE_TITLES = {"window": "窗口工作人员", "reviewer": "科员", "dept_head": "局长"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = (
    "建华",
    "秀英",
    "志强",
    "海燕",
    "国庆",
    "丽娟",
    "永红",
    "晓东",
    "春梅",
    "文斌",
    "玉兰",
    "德明",
    "桂芳",
    "立军",
    "雪峰",
    "慧敏",
)


class QuickArgon2Hasher(Argon2PasswordHasher):
    """Argon2 with light parameters for the generated staff accounts (their
    password is the published demo password): still an `argon2$` hash that
    the standard hasher verifies, and Django rehashes it with the standard
    parameters at the account's first login (`must_update`). Default Argon2
    costs ~0.1–0.4 s a hash here; 50-odd accounts would dominate a small run."""

    time_cost = 1
    memory_cost = 1024
    parallelism = 1


def quick_hashers() -> list[str]:
    return [
        "xiaoneng.demo.history.generator.QuickArgon2Hasher",
        *(h for h in settings.PASSWORD_HASHERS if not h.endswith("Argon2PasswordHasher")),
    ]


class HistoryRefused(Exception):
    """Production mode, no demo city, or history already loaded."""


@dataclass
class Summary:
    cases: int = 0
    transitions: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    ratings: int | str = "skipped"
    rollup: int | str = "skipped"
    card_sweeps: int = 0
    seconds: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)
    by_on_time: dict[str, int] = field(default_factory=dict)
    scenarios: Counter[str] = field(default_factory=Counter)
    efficiency: dict[str, Any] = field(default_factory=dict)  # complaints, checks, measures
    # targets, directives and requests, appraisal: each part's tallies
    targets: dict[str, dict[str, int]] = field(default_factory=dict)
    # fees, inspections, frugality (三公经费): each part's tallies
    discipline: dict[str, dict[str, int]] = field(default_factory=dict)
    # major decisions, proactive disclosure: each part's tallies
    openness: dict[str, dict[str, int]] = field(default_factory=dict)
    # administrative enforcement: its part's tallies
    enforcement: dict[str, dict[str, int]] = field(default_factory=dict)
    # public resource trading: its part's tallies
    trading: dict[str, dict[str, int]] = field(default_factory=dict)
    # daily government work (documents, reports, meetings, duty …): its part's tallies
    office: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self) -> dict[str, Any]:
        """What a seed determines (for the determinism check)."""
        return {
            "by_status": self.by_status,
            "by_on_time": self.by_on_time,
            "transitions": self.transitions,
            "scenarios": dict(self.scenarios),
            "efficiency": self.efficiency,
            "targets": self.targets,
            "discipline": self.discipline,
            "openness": self.openness,
            "enforcement": self.enforcement,
            "trading": self.trading,
            "office": self.office,
        }


def already_loaded() -> bool:
    return AuditEvent.objects.filter(event_type=MARKER).exists()


def check_allowed(*, force: bool) -> None:
    if not settings.DEMO_MODE:
        raise HistoryRefused("生产模式不能生成演示历史数据（演示数据只用于演示模式）")
    if not Department.objects.filter(code="620700005").exists():
        raise HistoryRefused("请先载入演示城市（xiaoneng demo）")
    if not force and already_loaded():
        raise HistoryRefused("演示历史数据已生成过；确需再次生成请加 --force")


# --- staff ---------------------------------------------------------------------------


class Staff:
    """Who acts for each department: the demo accounts where they exist, new
    deterministic ones (through org.actions.create_user) elsewhere."""

    def __init__(self, admin: User) -> None:
        self.admin = admin
        self.roles = {r.code: r for r in Role.objects.all()}
        self.by_code = {d.code: d for d in Department.objects.all()}
        self.users: dict[tuple[str, str], User] = {}
        self.created = 0

    def get(self, role: str, dept_code: str) -> User:
        key = (role, dept_code)
        if key not in self.users:
            self.users[key] = self._find_or_create(role, dept_code)
        return self.users[key]

    def _find_or_create(self, role: str, dept_code: str) -> User:
        short = role.replace("dept_", "")
        username = EXISTING.get((role, dept_code)) or f"{short}_{dept_code[-3:]}"
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user
        dept = self.by_code[dept_code]
        unit = dept
        if role == "window":
            unit = self.by_code.get(f"{dept_code}W", dept)
        seq = int(dept_code[-3:]) * 3 + ("window", "reviewer", "dept_head").index(role)
        name = SURNAMES[seq % len(SURNAMES)] + GIVEN[(seq * 7) % len(GIVEN)]
        self.created += 1
        return org_actions.create_user(
            actor=self.admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name=name,
            department=unit,
            roles=[self.roles[role]],
            title=ROLE_TITLES[role],
        )


# --- the catalog ---------------------------------------------------------------------


def catalog_specs() -> list[ItemSpec]:
    items = (
        ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED)
        .select_related("department")
        .prefetch_related("co_departments__department")
        .order_by("code")
    )
    return [
        ItemSpec(
            code=i.code,
            department=i.department.code,
            instant=i.is_instant,
            committed_days=i.committed_limit_days,
            max_extension_days=i.extension_max_days,
            co_departments=tuple(
                (c.department.code, c.opinion_limit_days)
                for c in sorted(i.co_departments.all(), key=lambda c: c.department.code)
            ),
        )
        for i in items
        if i.department.kind != DepartmentKind.COUNTY
    ]


def publication_days(start: date, end: date, calendar: Any) -> dict[date, date]:
    """{day: month}: the bureau publishes each month's ranking on the 5th
    working day of the next month (晒成绩单); the last month over by `end` is
    left as a draft to publish."""
    finished = [m for m in _month_ends(start, end) if m < date(end.year, end.month, 1)]
    days = {}
    for month in finished[:-1]:
        following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        days[calendar.add_workdays(following - timedelta(days=1), 5)] = month
    return days


# --- playing the plan ----------------------------------------------------------------


class Player:
    def __init__(self, staff: Staff, summary: Summary, rate: Callable[..., Any] | None) -> None:
        self.staff = staff
        self.summary = summary
        self.rate = rate
        self.mayor = User.objects.get(username="mayor")
        self.case_ids: dict[int, int] = {}
        self.query_codes: dict[int, str] = {}
        self.broken: set[int] = set()
        self.ratings = 0

    def play(self, plan: CasePlan, step: Step) -> None:
        if plan.index in self.broken:
            return
        try:
            with transaction.atomic():  # a savepoint: a refused step leaves the day intact
                self._do(plan, step)
        except DomainError as exc:
            self.summary.failures[f"{step.op}:{exc.code}"] += 1
            self.broken.add(plan.index)
            return
        if step.op != "rate":
            self.summary.transitions += 1

    def _do(self, plan: CasePlan, step: Step) -> None:  # noqa: PLR0912 - one branch per step
        dept = plan.item.department
        window = self.staff.get("window", dept)
        args = step.args
        if step.op == "submit":
            case, code = case_actions.submit_application(
                actor=window,
                item_code=plan.item.code,
                applicant_name=plan.applicant,
                summary=f"申请办理：{plan.item.code}",
            )
            self.case_ids[plan.index], self.query_codes[plan.index] = case.pk, code
            return
        case_id = self.case_ids[plan.index]
        if step.op == "notice":
            case_actions.issue_supplement_notice(
                actor=window, case_id=case_id, missing=list(args["missing"])
            )
        elif step.op == "supplement":
            case_actions.record_supplement(actor=window, case_id=case_id)
        elif step.op == "accept":
            case_actions.accept_case(actor=window, case_id=case_id)
        elif step.op == "refuse":
            case_actions.refuse_case(actor=window, case_id=case_id, reason=args["reason"])
        elif step.op == "withdraw":
            case_actions.withdraw_case(actor=window, case_id=case_id, reason=args["reason"])
        elif step.op == "suspend":
            case_actions.suspend_case(
                actor=self.staff.get("reviewer", dept),
                case_id=case_id,
                procedure=args["procedure"],
                expected_days=args["expected_days"],
                reason="申请人已书面告知预计所需时间",
            )
        elif step.op == "resume":
            case_actions.resume_case(actor=self.staff.get("reviewer", dept), case_id=case_id)
        elif step.op == "request_extension":
            case_actions.request_extension(
                actor=self.staff.get("reviewer", dept),
                case_id=case_id,
                days=args["days"],
                reason="情况复杂，需进一步核查，已书面告知申请人延期理由",
            )
        elif step.op == "approve_extension":
            head = self.mayor if self._joint(case_id) else self.staff.get("dept_head", dept)
            case_actions.approve_extension(actor=head, case_id=case_id)
        elif step.op == "opinion":
            case_actions.give_opinion(
                actor=self.staff.get("reviewer", args["department"]),
                case_id=case_id,
                agrees=args["agrees"],
                opinion="同意" if args["agrees"] else "不同意：需补充论证材料",
            )
        elif step.op == "decide":
            case_actions.decide_case(
                actor=self.staff.get("dept_head", dept),
                case_id=case_id,
                decision=args["decision"],
                reason=args.get("reason", ""),
            )
        elif step.op == "deliver":
            case_actions.deliver_case(actor=window, case_id=case_id)
        elif step.op == "rate" and self.rate is not None:
            case = Case.objects.only("tracking_no").get(pk=case_id)
            bad = args["level"] >= 4
            self.rate(
                tracking_no=case.tracking_no,
                query_code=self.query_codes[plan.index],
                level=args["level"],
                criteria=["efficiency"] if bad else [],
                comment="办理时间偏长，多次往返" if bad else "",
            )
            self.ratings += 1

    def _joint(self, case_id: int) -> bool:
        # Joint and parallel handling both need the government's head (ALL art. 42 ¶2).
        return Case.objects.filter(pk=case_id, handling_mode__in=UNIFIED_MODES).exists()


def _month_ends(start: date, end: date) -> list[date]:
    out, d = [], date(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return out


def rollup_remaining(
    rollup: Callable[..., Any], start: date, end: date, published: set[date]
) -> int:
    """Roll up every month as of `end`, but those published (rolled up on
    their publication day); the number of rows of all months."""
    with timesource.travel_to(end):
        rows = sum(
            int(rollup(m, today=end) or 0) for m in _month_ends(start, end) if m not in published
        )
    if published:
        rows += MonthlyMetric.objects.filter(month__in=published).count()
    return rows


def generate(
    *,
    cases: int,
    months: int = 12,
    seed: int = 2012,
    end: date | None = None,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    efficiency: bool = True,
    targets: bool = True,
    discipline: bool = True,
    openness: bool = True,
    enforcement: bool = True,
    trading: bool = True,
    office: bool = True,
) -> Summary:
    """Generate the history; refuses in production mode or a second time. With
    `efficiency`: the year of complaints, checks and accountability; `targets`: the
    target books, directives and requests, and their appraisal (after the monthly
    scores, which the year-end result reads); `discipline`: fees charged on the decided
    cases and their monthly reconciliation, the inspection plans, and the receptions,
    vehicles and trip of the 三公经费 (issue 10); `openness`: three major decisions through
    their five steps (one stopped at legality review) and a year of proactive disclosure
    with its annual report (issue 12); `enforcement`, `trading`, `office`: a year of
    penalty cases (issue 15), of trading projects (issue 14), of daily work (issue 11)."""
    check_allowed(force=force)
    say = progress or (lambda _text: None)
    started = time.perf_counter()
    end = end or timesource.today()
    start = end - timedelta(days=round(months * 365.25 / 12))
    calendar = current_calendar()
    summary = Summary()
    items = catalog_specs()
    rate = rating_actions.rate_case_online
    plans = plan_history(
        seed=seed,
        cases=cases,
        start=start,
        end=end,
        items=items,
        calendar=calendar,
        rate=True,
    )
    summary.cases = len(plans)
    summary.scenarios = Counter(p.scenario.split(":")[0].split("+")[0] for p in plans)
    admin = User.objects.get(username="admin")
    staff = _department_staff(admin, items, start)
    say(f"经办人员：新建 {staff.created} 个部门账号（密码同演示账号）")
    player = Player(staff, summary, rate)
    acts = plan_efficiency(
        seed=seed, start=start, end=end, departments=_departments(items), calendar=calendar
    )
    acts = acts if efficiency else []
    parts: list[DayPart] = [
        _play_days(
            plans,
            player,
            summary,
            efficiency=EfficiencyPlayer(staff, summary.failures, acts),
            publisher=admin,
            span=(start, end),
            calendar=calendar,
            say=say,
            started=started,
        )
    ]
    chosen = {"targets": targets, "discipline": discipline, "openness": openness}
    chosen |= {"enforcement": enforcement, "trading": trading, "office": office}
    parts += side_parts(seed, (start, end), say, chosen)
    published, *played = interleave(parts)
    sides = side_tallies(played, chosen)
    for group, tallied in sides.items():  # targets, discipline, … trading
        setattr(summary, group, tallied)
    summary.ratings = player.ratings
    _roll_up(summary, start, end, published, say)
    summary.by_status, summary.by_on_time = tallies()
    summary.efficiency = tally()
    summary.seconds = time.perf_counter() - started
    _mark_loaded(admin, summary, months=months, seed=seed, end=end)
    return summary


def _departments(items: list[ItemSpec]) -> list[str]:
    """The departments complained about, checked and held to account: those
    handling items (each has a head to explain, report and answer)."""
    return sorted({i.department for i in items})


def _department_staff(admin: User, items: list[ItemSpec], start: date) -> Staff:
    """A window clerk, a reviewer and a head for every department that
    handles or co-signs an item, created as of the first day."""
    staff = Staff(admin)
    with timesource.travel_to(start), override_settings(PASSWORD_HASHERS=quick_hashers()):
        for dept in sorted(
            {i.department for i in items} | {c for i in items for c, _ in i.co_departments}
        ):
            for role in ("window", "reviewer", "dept_head"):
                staff.get(role, dept)
    return staff


def _play_days(
    plans: list[CasePlan],
    player: Player,
    summary: Summary,
    *,
    efficiency: EfficiencyPlayer | None = None,
    publisher: User,
    span: tuple[date, date],
    calendar: Any,
    say: Callable[[str], None],
    started: float,
) -> Generator[date, None, set[date]]:
    """Each day of `span` under a clock moved to it: deemed acceptances, the
    day's steps, the card sweep on workdays, the monthly ranking on its
    publication day (by the supervisor, else `publisher`). Returns the
    months published; `started` is when the whole run began (the progress
    lines count from it)."""
    start, end = span
    by_day: dict[date, list[tuple[CasePlan, Step]]] = {}
    for p in plans:
        for s in p.steps:
            by_day.setdefault(s.day, []).append((p, s))
    publishing = publication_days(start, end, calendar)
    publisher = User.objects.filter(username="supervisor").first() or publisher
    published: set[date] = set()
    day = start
    month_started, month_transitions = time.perf_counter(), 0
    while day <= end:
        yield day
        with timesource.travel_to(day):
            todo = sorted(by_day.get(day, []), key=lambda ps: (ps[0].index, ORDER[ps[1].op]))
            with transaction.atomic():
                case_actions.apply_deemed_acceptances()
                for p, s in todo:
                    player.play(p, s)
            if efficiency is not None:  # durable actions: each its own transaction
                efficiency.play_day(day, calendar.is_workday(day))
            if calendar.is_workday(day):
                supervision_actions.issue_cards()
                summary.card_sweeps += 1
            if day in publishing:
                score_actions.publish_ranking(
                    actor=publisher, month=publishing[day], note="演示：月度效能排名"
                )
                published.add(publishing[day])
        nxt = day + timedelta(days=1)
        if nxt.month != day.month or nxt > end:
            done = summary.transitions - month_transitions
            spent = time.perf_counter() - month_started
            say(
                f"{day:%Y-%m}：{done:,} 次办件环节，{spent:.1f} 秒"
                f"（累计 {summary.transitions:,}，{time.perf_counter() - started:.0f} 秒）"
            )
            month_started, month_transitions = time.perf_counter(), summary.transitions
        day = nxt
    return published


def _roll_up(
    summary: Summary, start: date, end: date, published: set[date], say: Callable[[str], None]
) -> None:
    """The monthly score rollup of the months no published ranking rolled up."""
    if published:
        say(f"已发布月度排名：{len(published)} 个月")
    summary.rollup = rollup_remaining(score_actions.rollup_month, start, end, published)
    say(f"月度考评汇总：{summary.rollup} 行")


def _mark_loaded(admin: User, summary: Summary, *, months: int, seed: int, end: date) -> None:
    """The audit event that says the history is there (`already_loaded`)."""
    with transaction.atomic():
        record_event(
            actor=admin,
            event_type=MARKER,
            object_type="system",
            object_id="demo_history",
            payload={
                "cases": summary.cases,
                "months": months,
                "seed": seed,
                "end": end,
                "transitions": summary.transitions,
                "failures": dict(summary.failures),
            },
        )


def tallies() -> tuple[dict[str, int], dict[str, int]]:
    """Cases by status and by on_time (None/True/False), as stored."""
    grouped = Case.objects.order_by().values("status", "on_time").annotate(n=Count("pk"))
    by_status: Counter[str] = Counter()
    by_on_time: Counter[str] = Counter()
    for row in grouped:
        by_status[row["status"]] += row["n"]
        by_on_time[str(row["on_time"])] += row["n"]
    return dict(by_status), dict(by_on_time)


def describe(summary: Summary) -> list[str]:
    """The summary as lines for the command's output."""
    rate = summary.transitions / max(summary.seconds, 0.001)
    lines = [
        f"办件 {summary.cases:,} 件，办件环节 {summary.transitions:,} 次，"
        f"用时 {summary.seconds:.1f} 秒（{rate:.0f} 次/秒）",
        "状态：" + "，".join(f"{k} {v}" for k, v in sorted(summary.by_status.items())),
        "按时办结：" + "，".join(f"{k} {v}" for k, v in sorted(summary.by_on_time.items())),
        f"事件 {CaseEvent.objects.count():,} 条，会签意见 {CaseOpinion.objects.count():,} 条，"
        f"黄牌红牌 {SupervisionCard.objects.count():,} 张（{summary.card_sweeps} 次巡检）",
        f"评价：{summary.ratings}；考评汇总：{summary.rollup}",
    ]
    lines += describe_efficiency(summary.efficiency)
    lines += describe_sides(
        {
            "targets": summary.targets,
            "discipline": summary.discipline,
            "openness": summary.openness,
            "enforcement": summary.enforcement,
            "trading": summary.trading,
            "office": summary.office,
        }
    )
    if summary.failures:
        failed = "，".join(f"{k} ×{v}" for k, v in summary.failures.items())
        lines.append(f"未能执行的环节：{failed}")
    return lines

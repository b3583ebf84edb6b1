"""The 日常政务 part of the demo history (issue 11): a year of daily
government work walked through the office actions, each step its own
transaction under `timesource.travel_to`, and after every working day the
office sweep (`office.supervise.sweep`, the body of the scheduler's
`office_sweep`), so every due, roster, card and finding is what the product
wrote.

The cast is the demo city's accounts (office and depthead of 市工商局,
leader, mayor, zhengfuban, supervisor, minle, fagai) and whoever else the
history made for a unit (head_0NN, window_0NN …): a unit acts only where it
has the people an action needs (a drafter and a second person for a
document, two people for a roster, a colleague to act during a leave).

- reports: the government office keeps its report kinds for the units that
  have someone to send them (`update_kind`); the sweep opens the dues every
  month; most are sent on or before their day, some late, a few never
  (cards, `report_late`); each due's fate is drawn from the seed and the due;
- holiday rosters: opened by the sweep, filled and sent by the units that
  can (one late, after the middle of the span); spot checks on the first
  day of each holiday, one unanswered (`duty_absent`);
- the rest (`office_story`): documents, meetings, leave, emergencies and
  leaders' visits placed at fractions of the span.

`office_days(*, seed, start, end, say)` is a day part (`days.interleave`)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import holiday_periods
from xiaoneng.core.errors import DomainError
from xiaoneng.demo.office import load_office_world
from xiaoneng.office import supervise
from xiaoneng.office.actions import duty as duty_actions
from xiaoneng.office.actions import reports as report_actions
from xiaoneng.office.models import (
    Dispatch,
    DispatchStatus,
    DutyRoster,
    Emergency,
    FieldVisit,
    LeaveRequest,
    Meeting,
    ReportDue,
    ReportKind,
    SpotCheck,
    VisitIssue,
)
from xiaoneng.office.models.duty import CheckResult, RosterStatus
from xiaoneng.org.authority import has_perm, unit_of
from xiaoneng.org.models import Department, DepartmentKind, User
from xiaoneng.supervision.models import Anomaly, SubjectCard

from .days import DayActs
from .office_story import Rows, plan_story

MIN_DAYS = 60
NAMES = ("office", "depthead", "leader", "mayor", "zhengfuban", "supervisor", "minle", "fagai")
UNIT_KINDS = (DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)
SUBJECTS = ("dispatch", "report_due", "meeting", "duty_roster", "leave", "emergency", "visit_issue")
NEVER, LATE = 0.04, 0.15  # a due never sent, sent late (the rest on or before its day)
DUTY_PHONE = "0936-82{:05d}"


@dataclass
class Cast:
    """The named accounts, and each unit's active members (by unit id)."""

    who: dict[str, User]
    members: dict[int, list[User]]
    units: dict[str, Department]
    seed: int
    days: list[date] = field(default_factory=list)  # the working days of the span
    held: dict[str, dict[int, User]] = field(default_factory=dict)

    def first(self, unit_id: int, permission: str) -> User | None:
        return next((u for u in self.members.get(unit_id, []) if has_perm(u, permission)), None)

    def with_perm(self, permission: str) -> dict[int, User]:
        """unit id → its first member holding the permission (read once: the
        accounts do not change while the history plays)."""
        if permission not in self.held:
            found = {pk: self.first(pk, permission) for pk in sorted(self.members)}
            self.held[permission] = {pk: u for pk, u in found.items() if u is not None}
        return self.held[permission]

    def roster_keepers(self) -> dict[int, User]:
        """The units that can keep a roster (a keeper, and two people for a day)."""
        keepers = self.with_perm(duty_actions.ROSTER).items()
        return {pk: u for pk, u in keepers if len(self.members[pk]) > 1}

    def at(self, fraction: float, plus: int = 0) -> date:
        n = len(self.days)
        return self.days[min(max(int(n * fraction) + plus, 0), n - 1)]

    def after(self, day: date, workdays: int) -> date:
        """The working day `workdays` after `day` (a working day itself or not);
        past the span's end, a day after it (an act there is never played)."""
        i = next((k for k, d in enumerate(self.days) if d >= day), len(self.days))
        if i + workdays < len(self.days):
            return self.days[max(i + workdays, 0)]
        return self.days[-1] + timedelta(days=1 + i + workdays - len(self.days))  # past the span


def load_cast(seed: int, start: date, end: date) -> Cast | None:
    who = {u.username: u for u in User.objects.filter(username__in=NAMES, is_active=True)}
    if len(who) < len(NAMES):
        return None
    units = {d.code: d for d in Department.objects.filter(kind__in=UNIT_KINDS, active=True)}
    members: dict[int, list[User]] = {}
    for user in (
        User.objects.filter(is_active=True, department__isnull=False)
        .select_related("department")
        .order_by("pk")
    ):
        unit = unit_of(user)
        if unit is not None and unit.code in units:
            members.setdefault(unit.pk, []).append(user)
    calendar = current_calendar()
    span = (start + timedelta(days=i) for i in range((end - start).days + 1))
    return Cast(who, members, units, seed, [d for d in span if calendar.is_workday(d)])


# --- reports --------------------------------------------------------------------------


def keep_kinds(cast: Cast) -> int:
    """The government office keeps each report kind for the units that have
    someone to send it (through `update_kind`); how many kinds."""
    senders = sorted(cast.with_perm(report_actions.SUBMIT))
    kinds = list(ReportKind.objects.filter(active=True).order_by("code"))
    for kind in kinds:
        report_actions.update_kind(
            actor=cast.who["zhengfuban"],
            kind_id=kind.pk,
            name=kind.name,
            cadence=kind.cadence,
            due_workdays=kind.due_workdays,
            unit_ids=senders,
            receiver_id=kind.receiver_id,
            requirement=kind.requirement,
        )
    return len(kinds)


def due_day(cast: Cast, due: ReportDue) -> date | None:
    """When the unit sends the due (None: never), from the seed and the due."""
    # Natural keys, not row ids: PostgreSQL's sequences move on across runs.
    rng = random.Random(f"{cast.seed}:{due.kind.code}:{due.unit.code}:{due.period_start}")  # noqa: S311
    roll = rng.random()
    if roll < NEVER:
        return None
    if roll < NEVER + LATE:
        return cast.after(due.due_on + timedelta(days=1), rng.randint(0, 3))
    early = [d for d in cast.days if due.period_end < d <= due.due_on][-4:]
    return early[rng.randrange(len(early))] if early else due.due_on


def send_reports(cast: Cast, counts: Counter[str], day: date) -> None:
    senders = cast.with_perm(report_actions.SUBMIT)
    open_dues = (
        ReportDue.objects.filter(submitted_at__isnull=True, unit_id__in=senders)
        .select_related("kind", "unit")
        .order_by("due_on", "pk")
    )
    for due in open_dues:
        when = due_day(cast, due)
        if when is None or when > day:
            continue
        try:
            sent = report_actions.submit_report(
                actor=senders[due.unit_id],
                due_id=due.pk,
                title=f"{due.unit.name}{due.period_label}{due.kind.name}",
                content=f"{due.period_label}{due.kind.name}，经单位负责人审核后报送。",
            )
        except DomainError as exc:
            counts[f"failed:report:{exc.code}"] += 1
        else:
            counts["reports_late" if sent.late else "reports_on_time"] += 1


# --- rosters and spot checks ----------------------------------------------------------


def fill_rosters(cast: Cast, counts: Counter[str], day: date, late_one: tuple[int, date]) -> None:
    """Each unit that can (a roster keeper and two people) fills and sends
    its open rosters two working days before their due day; `late_one`
    (unit, holiday start) the working day after it."""
    keepers = cast.roster_keepers()
    for roster in DutyRoster.objects.filter(
        status=RosterStatus.DRAFT, unit_id__in=keepers, ends_on__gte=day
    ).order_by("starts_on", "unit_id"):
        late = (roster.unit_id, roster.starts_on) == late_one
        when = cast.after(roster.due_on, 1) if late else cast.after(roster.due_on, -2)
        if when > day or day >= roster.starts_on:
            continue
        people = cast.members[roster.unit_id]
        span = (roster.ends_on - roster.starts_on).days + 1
        shifts = [
            {
                "day": roster.starts_on + timedelta(days=i),
                "leader": people[i % len(people)].pk,
                "staff": people[(i + 1) % len(people)].pk,
            }
            for i in range(span)
        ]
        try:
            duty_actions.save_roster(
                actor=keepers[roster.unit_id],
                roster_id=roster.pk,
                duty_phone=DUTY_PHONE.format(roster.unit_id * 7 % 100000),
                shifts=shifts,
            )
            done = duty_actions.submit_roster(actor=keepers[roster.unit_id], roster_id=roster.pk)
        except DomainError as exc:
            counts[f"failed:roster:{exc.code}"] += 1
        else:
            counts["rosters_late" if done.late else "rosters_on_time"] += 1


def spot_checks(cast: Cast, counts: Counter[str], day: date, failing: date) -> None:
    """On a holiday's first day the government office calls the units with a
    roster sent (present); on `failing` the supervision bureau's call to
    市发改委 goes unanswered (duty_absent)."""
    holiday = duty_actions.holiday_of(day)
    if holiday is None or holiday.start != day:
        return
    sent = DutyRoster.objects.filter(starts_on=day, status=RosterStatus.SUBMITTED)
    calls = [
        (cast.who["zhengfuban"], pk, CheckResult.PRESENT, "")
        for pk in sent.values_list("unit_id", flat=True).order_by("unit_id")[:3]
    ]
    if day == failing:
        fagai = cast.units["620700002"].pk
        calls.append((cast.who["supervisor"], fagai, CheckResult.NO_ANSWER, "值班电话三次无人接听"))
    for actor, unit_id, result, note in calls:
        try:
            duty_actions.record_check(actor=actor, unit_id=unit_id, result=result, note=note)
        except DomainError as exc:
            counts[f"failed:check:{exc.code}"] += 1
        else:
            counts[f"checks_{result}"] += 1


def holiday_starts(start: date, end: date) -> list[date]:
    calendar = current_calendar()
    runs = [r for y in range(start.year, end.year + 1) for r in holiday_periods(calendar, y)]
    return sorted({r.start for r in runs if start <= r.start <= end})


# --- the part -------------------------------------------------------------------------


def office_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    cast = None
    if (end - start).days >= MIN_DAYS:
        with timesource.travel_to(start):
            load_office_world()
            cast = load_cast(seed, start, end)
    if cast is None:
        say(f"日常政务：时间跨度不足 {MIN_DAYS} 日或缺少演示账号，未生成")
        return {}
    calendar = current_calendar()
    acts = DayActs()
    with timesource.travel_to(start):
        acts.counts["report_kinds"] = keep_kinds(cast)
    with timesource.travel_to(start):
        rows = plan_story(cast, acts, random.Random(seed))  # noqa: S311 - demo data
    holidays = holiday_starts(start, end)
    middle = start + (end - start) / 2
    later = [h for h in holidays if h >= middle] or holidays or [end]
    keepers = sorted(cast.roster_keepers())
    late_roster = (keepers[-1] if keepers else 0, later[0])
    day = start
    while day <= end:
        yield day
        with timesource.travel_to(day):
            acts.play(day)
            spot_checks(cast, acts.counts, day, later[0])
            if calendar.is_workday(day):
                send_reports(cast, acts.counts, day)
                fill_rosters(cast, acts.counts, day, late_roster)
                supervise.sweep(day)
                acts.counts["sweeps"] += 1
        day += timedelta(days=1)
    counts = tally(dict(acts.counts), rows, (start, end))
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"日常政务：公文 {counts['dispatches_issued']} 件，报送 {counts['dues']} 项"
        f"（逾期 {counts['dues_late']}，未报 {counts['dues_missing']}），"
        f"会议 {counts['meetings']} 个，值班表 {counts['rosters_submitted']} 份，"
        f"请假 {counts['leave']} 次，突发事件 {counts['emergencies']} 起，"
        f"调研 {counts['visits']} 次，发现问题 {counts['findings']} 项，"
        f"黄牌红牌 {counts['cards']} 张，失败 {failed} 步"
    )
    return counts


def tally(played: dict[str, int], refs: Rows, span: tuple[date, date]) -> dict[str, int]:
    """The acts played, and what the part's rows say."""
    _, end = span
    rows = {kind: [r.pk for r in made] for kind, made in refs.items()}
    dispatches = Dispatch.objects.filter(pk__in=rows["dispatch"])
    dues = ReportDue.objects.filter(due_on__range=span)
    rosters = DutyRoster.objects.filter(starts_on__range=span)
    found = (
        Anomaly.objects.filter(subject_kind__in=SUBJECTS, detected_on__range=span)
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    cards = (
        SubjectCard.objects.filter(subject_kind__in=SUBJECTS, issued_on__range=span)
        .order_by()
        .values("subject_kind", "colour")
        .annotate(n=Count("pk"))
    )
    counts = played | {
        "dispatches_issued": dispatches.filter(status=DispatchStatus.ISSUED).count(),
        "dispatches_to_counties": dispatches.filter(to_counties=True).count(),
        "dues": dues.count(),
        "dues_late": dues.filter(late=True).count(),
        "dues_missing": dues.filter(submitted_at__isnull=True, due_on__lt=end).count(),
        "meetings": Meeting.objects.filter(pk__in=rows["meeting"]).count(),
        "rosters": rosters.count(),
        "rosters_submitted": rosters.filter(status=RosterStatus.SUBMITTED).count(),
        "spot_checks": SpotCheck.objects.filter(checked_at__date__range=span).count(),
        "leave": LeaveRequest.objects.filter(pk__in=rows["leave"]).count(),
        "emergencies": Emergency.objects.filter(pk__in=rows["emergency"]).count(),
        "visits": FieldVisit.objects.filter(pk__in=rows["visit"]).count(),
        "visit_issues": VisitIssue.objects.filter(visit__in=rows["visit"]).count(),
        "visit_issues_open": VisitIssue.objects.filter(
            visit__in=rows["visit"], resolved_at__isnull=True
        ).count(),
    }
    counts |= {f"anomaly_{r['kind']}": r["n"] for r in found}
    counts |= {f"card_{r['subject_kind']}_{r['colour']}": r["n"] for r in cards}
    counts["findings"] = sum(r["n"] for r in found)
    counts["cards"] = sum(r["n"] for r in cards)
    return counts

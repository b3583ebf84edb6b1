"""The 考核评比 part of the demo history, played after the targets' history
through the real actions under `timesource.travel_to`, each its own
transaction (as the 督查室's desk would call it).

The story: a week or so after each month ends the 督查室 generates and issues
the monthly bulletin (月通报); after each quarter it computes the ranking,
publishes it and the board of key tasks and 为民办实事; in July its team
inspects the units (半年检查) and records a few findings; after a year end
within the span it computes the year-end evaluation, approves and publishes
it, and the organisation department records the rewards of the best unit of
each class and the penalty of a unit graded 不合格 (年终兑现).

`play_appraisal(*, seed, start, end, say) -> dict[str, int]`; the seed picks
the units inspected. Needs the demo city (accounts inspector, organisation)
and the targets' history (signed books with reports)."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Callable, Generator
from datetime import date, timedelta
from functools import partial
from typing import Any

from xiaoneng.appraisal import actions
from xiaoneng.appraisal.models import YearResult
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.models import User
from xiaoneng.scores.periods import Period
from xiaoneng.targets.models import BookStatus, TargetBook

from .days import drain

FINDINGS = (
    ("重点项目推进台账不完整，部分节点无佐证材料", "1.5"),
    ("月度进度报送内容空泛，未反映实际完成量", "1"),
    ("为民办实事项目进度滞后，未及时向督查室说明", "2"),
    ("目标任务分解不到科室和个人，责任不明确", "1"),
)


def _after(day: date, workdays: int) -> date:
    """The n-th working day after `day` (when the 督查室 gets to it)."""
    return current_calendar().add_workdays(day, workdays)


class _Player:
    def __init__(self, end: date, say: Callable[[str], None]) -> None:
        self.end = end
        self.say = say
        self.counts: Counter[str] = Counter()
        # The steps still to come, by day; `today` is the day being played.
        self.plan: dict[date, list[Callable[[], Any]]] = {}
        self.today: date | None = None
        self.inspector = User.objects.get(username="inspector")
        self.organisation = User.objects.get(username="organisation")

    def on(self, day: date, step: Callable[[], Any]) -> None:
        self.plan.setdefault(day, []).append(step)

    def days(self, start: date) -> Generator[date, None, None]:
        """The planned steps from `start` to the span's end, day by day,
        yielding each day before playing it (`days.interleave`)."""
        day = start
        while day <= self.end:
            if day in self.plan:
                yield day
                self.today = day
                steps = self.plan[day]
                while steps:  # a step may plan another for the same day
                    steps.pop(0)()
            day += timedelta(days=1)

    def act(self, on: date, what: str, fn: Callable[[], Any]) -> Any:
        """Run one action on `on` if that is the day being played, else plan it
        for that day (skipped past the span's end); a refusal is counted."""
        if on > self.end:
            return None
        if on != self.today:
            self.on(on, lambda: self.act(on, what, fn))
            return None
        try:
            with timesource.travel_to(on):
                result = fn()
        except DomainError as exc:
            self.counts["refused"] += 1
            self.say(f"  考核评比：{what}未完成（{exc.code}）")
            return None
        self.counts[what] += 1
        return result

    @staticmethod
    def has_books(year: int) -> bool:
        """A year is appraised once its books are signed (by the targets part)."""
        return TargetBook.objects.filter(year=year, status=BookStatus.SIGNED).exists()

    def month(self, period: Period) -> None:
        if not self.has_books(period.year):
            return
        bulletin = self.act(
            _after(period.end, 6),
            "月通报",
            lambda: actions.generate_bulletin(
                actor=self.inspector, year=period.year, month=period.index
            ),
        )
        if bulletin is not None:
            self.act(
                _after(period.end, 7),
                "印发",
                lambda: actions.issue_bulletin(
                    actor=self.inspector,
                    bulletin_id=bulletin.pk,
                    number=f"张政督通〔{period.year}〕{period.index}号",
                    text="各单位要对照通报，对预警、逾期任务逐项落实，按时如实报送进度。",
                ),
            )

    def quarter(self, period: Period) -> None:
        if not self.has_books(period.year):
            return
        on = _after(period.end, 10)
        ranking = self.act(
            on,
            "季度评比",
            lambda: actions.compute_quarter_ranking(
                actor=self.inspector, year=period.year, quarter=period.index
            ),
        )
        if ranking is not None:
            self.act(
                on,
                "公布评比",
                lambda: actions.publish_quarter(actor=self.inspector, ranking_id=ranking.pk),
            )
            self.act(on, "公布进展", lambda: actions.publish_task_board(actor=self.inspector))

    def inspection(self, year: int, rng: random.Random) -> None:
        if not self.has_books(year):
            return
        begin = date(year, 7, 1)
        done = _after(begin, 8)
        row = self.act(
            done,
            "半年检查",
            lambda: actions.create_inspection(
                actor=self.inspector,
                year=year,
                half=1,
                team="市政府督查室、市委督查室联合检查组",
                started_on=begin,
                ended_on=done,
            ),
        )
        units = sorted(
            TargetBook.objects.filter(year=year, status=BookStatus.SIGNED).values_list(
                "department_id", flat=True
            )
        )
        for unit, (text, points) in zip(
            rng.sample(units, min(3, len(units))), FINDINGS, strict=False
        ):
            if row is not None:
                self.act(
                    done,
                    "检查发现问题",
                    partial(
                        actions.record_inspection_finding,
                        actor=self.inspector,
                        inspection_id=row.pk,
                        department_id=unit,
                        text=text,
                        points=points,
                    ),
                )

    def year(self, year: int) -> None:
        if not self.has_books(year):
            return
        on = _after(date(year + 1, 1, 1), 10)
        result = self.act(
            on, "年终考核", lambda: actions.compute_year(actor=self.inspector, year=year)
        )
        if result is None:
            return
        self.act(
            on, "审定", lambda: actions.approve_year(actor=self.inspector, result_id=result.pk)
        )
        self.act(
            on, "公布结果", lambda: actions.publish_year(actor=self.inspector, result_id=result.pk)
        )
        self._rewards(result, _after(on, 5))

    def _rewards(self, result: YearResult, on: date) -> None:
        rows = list(result.rows.order_by("klass", "rank"))
        best = [r for r in rows if r.rank == 1]
        worst = [r for r in rows if r.grade == "failing"][:1]
        for row, kind, text in [(r, "reward", "通报表扬，奖励目标考核奖") for r in best] + [
            (r, "penalty", "通报批评，由市政府领导约谈主要负责人") for r in worst
        ]:
            self.act(
                on,
                "奖惩兑现",
                partial(
                    actions.record_reward,
                    actor=self.organisation,
                    result_id=result.pk,
                    department_id=row.department_id,
                    kind=kind,
                    text=text,
                    document=f"张政发〔{result.year + 1}〕8号",
                ),
            )


def _periods(kind: str, start: date, end: date, years: set[int]) -> list[Period]:
    """The periods of the years with signed books whose step day (a bulletin
    six working days after the month, a ranking ten after the quarter) falls
    in the span: a carried-in year's last months are appraised too."""
    count, lag = {"month": (12, 6), "quarter": (4, 10)}[kind]
    return [
        p
        for year in sorted(years)
        for p in (Period(year, kind, i) for i in range(1, count + 1))
        if start <= _after(p.end, lag) <= end
    ]


def play_appraisal(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> dict[str, int]:
    counts: dict[str, int] = drain(appraisal_days(seed=seed, start=start, end=end, say=say))
    return counts


def appraisal_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): each step on its day, after
    the targets part has played that day, so a bulletin or a ranking reads
    the reports as they stood then."""
    started = time.perf_counter()
    player = _Player(end, say)
    rng = random.Random(seed * 7919 + 9)  # noqa: S311 - demo wording
    # The years with books: planned by the targets part, signed as it plays.
    years = set(range(start.year, end.year + 1))
    for period in _periods("month", start, end, years):
        player.on(_after(period.end, 6), partial(player.month, period))
    for period in _periods("quarter", start, end, years):
        player.on(_after(period.end, 10), partial(player.quarter, period))
    for year in sorted(years):
        if start <= date(year, 7, 1) and _after(date(year, 7, 1), 8) <= end:
            player.on(_after(date(year, 7, 1), 8), partial(player.inspection, year, rng))
        # The year-end of a year whose end the span covers (the carried-in
        # year's from its books and the monthly scores published in the span).
        if start <= _after(date(year + 1, 1, 1), 10) and _after(date(year + 1, 1, 1), 15) <= end:
            player.on(_after(date(year + 1, 1, 1), 10), partial(player.year, year))
    yield from player.days(start)
    say(f"考核评比：{dict(player.counts)}，{time.perf_counter() - started:.0f} 秒")
    return dict(player.counts)

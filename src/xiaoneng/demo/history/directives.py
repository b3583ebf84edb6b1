"""The 督查督办 and 请示 part of the demo history, played through the real
actions under `timesource.travel_to`, each action its own transaction (as a
desk would call it), the card sweep on every working day as the scheduler
would run it.

The story, written on a nominal span of 60 working days and stretched or
squeezed onto the working days of [start, end]: two executive meetings
(市政府常务会议), a leader's written instruction and a document, broken into
tasks for 市工商局, 市发改委 and 民乐县; progress reports; a task closed on
time, one returned and redone, one urged, an adjustment approved (the task
stays due until then, so it gets its yellow card) and one rejected; one task
left overdue and one reported awaiting 销号 at the end. Requests from 民乐县:
one answered in time, one passed between 发改委 and 工商局 three times (the
推诿扯皮 anomaly) and answered late, one answered, one still waiting.

`play_directives(*, seed, start, end, say) -> dict[str, int]`; the seed
picks the wording of the progress reports. Needs the demo city (accounts
inspector, leader, depthead, fagai, minle)."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.directives import actions
from xiaoneng.directives.models import Directive, DirectiveTask, Request
from xiaoneng.org.models import Department, User

from .days import drain

NOMINAL_DAYS = 60
UNITS = {"gongshang": "620700005", "fagai": "620700002", "minle": "620722"}
HEADS = {"gongshang": "depthead", "fagai": "fagai", "minle": "minle"}
PROGRESS = (
    "已召开专题会议研究部署，明确责任科室和时间节点。",
    "已完成现状摸底，正在起草实施方案。",
    "实施方案已印发，正在组织推进。",
    "已完成阶段性工作，正在整理办结材料。",
)


@dataclass(order=True)
class Act:
    index: int  # nominal working day (0..59)
    seq: int
    name: str = field(compare=False)
    run: Callable[[], Any] = field(compare=False)


class DirectiveStory:
    """The acts of the story, each bound to the rows the earlier acts made."""

    def __init__(self, rng: random.Random, calendar: WorkCalendar, days: list[date]) -> None:
        self.rng, self.calendar, self.days = rng, calendar, days
        users = User.objects.filter(username__in=["inspector", "leader", "mayor", *HEADS.values()])
        self.users = {u.username: u for u in users}
        self.units = {k: Department.objects.get(code=c).pk for k, c in UNITS.items()}
        self.tasks: dict[str, int] = {}
        self.requests: dict[str, int] = {}
        self.adjustments: dict[str, int] = {}
        self.acts: list[Act] = []
        self.counts: Counter[str] = Counter()

    def at(self, index: int) -> date:
        """The day of a nominal working day, stretched onto the span; past
        its end, counted on in working days."""
        n = len(self.days)
        i = index * n // NOMINAL_DAYS
        if i < n:
            return self.days[i]
        return self.calendar.add_workdays(self.days[-1], i - n + 1)

    def act(self, index: int, name: str, run: Callable[[], Any]) -> None:
        self.acts.append(Act(index, len(self.acts), name, run))

    # --- steps, as the desks would take them -------------------------------------

    def register(
        self, index: int, key: str, spec: dict[str, Any], tasks: dict[str, tuple[str, int, str]]
    ) -> None:
        def run() -> None:
            day = self.at(index)
            row = actions.register_directive(
                actor=self.users["inspector"],
                issued_on=day,
                tasks=[
                    {
                        "department_id": self.units[unit],
                        "requirement": requirement,
                        "due_on": self.at(index + length),
                        "cooperating_ids": [self.units["gongshang"]] if unit == "fagai" else [],
                    }
                    for unit, length, requirement in tasks.values()
                ],
                **spec,
            )
            made = {t.department_id: t.pk for t in row.tasks.all()}
            for task_key, (unit, _, _) in tasks.items():
                self.tasks[task_key] = made[self.units[unit]]

        self.act(index, "register", run)

    def report(self, index: int, task: str, unit: str, final: bool = False) -> None:
        def run() -> None:
            words = "各项任务已全部完成，附办结材料。" if final else self.rng.choice(PROGRESS)
            actions.submit_report(
                actor=self.users[HEADS[unit]],
                task_id=self.tasks[task],
                report=words,
                is_final=final,
            )

        self.act(index, "final" if final else "report", run)

    def manage(self, index: int, name: str, task: str, **fields: Any) -> None:
        step: dict[str, Callable[..., Any]] = {
            "close": actions.close_task,
            "return": actions.return_task,
            "urge": actions.urge_task,
        }
        self.act(
            index,
            name,
            lambda: step[name](actor=self.users["inspector"], task_id=self.tasks[task], **fields),
        )

    def adjust(self, index: int, task: str, unit: str, until: int, reason: str) -> None:
        def run() -> None:
            row = actions.request_adjustment(
                actor=self.users[HEADS[unit]],
                task_id=self.tasks[task],
                new_due_on=self.at(until),
                reason=reason,
            )
            self.adjustments[task] = row.pk

        self.act(index, "adjust", run)

    def decide(self, index: int, task: str, approve: bool, note: str, by: str = "leader") -> None:
        self.act(
            index,
            "decide",
            lambda: actions.decide_adjustment(
                actor=self.users[by],
                adjustment_id=self.adjustments[task],
                approve=approve,
                note=note,
            ),
        )

    def ask(self, index: int, key: str, to: str, kind: str, title: str) -> None:
        def run() -> None:
            row = actions.submit_request(
                actor=self.users["minle"],
                to_department_id=self.units[to],
                kind=kind,
                title=title,
                content=f"{title[2:-3]}事宜，妥否，请示。",
            )
            self.requests[key] = row.pk

        self.act(index, "ask", run)

    def answer(self, index: int, key: str, unit: str, text: str) -> None:
        self.act(
            index,
            "answer",
            lambda: actions.answer_request(
                actor=self.users[HEADS[unit]], request_id=self.requests[key], answer=text
            ),
        )

    def transfer(self, index: int, key: str, unit: str, to: str, reason: str) -> None:
        self.act(
            index,
            "transfer",
            lambda: actions.transfer_request(
                actor=self.users[HEADS[unit]],
                request_id=self.requests[key],
                to_department_id=self.units[to],
                reason=reason,
            ),
        )


def write_story(story: DirectiveStory, year: int) -> None:
    """Every act of the story, on its nominal day."""
    _meetings(story, year)
    _task_steps(story)
    _requests(story)


def _meetings(s: DirectiveStory, year: int) -> None:
    s.register(
        2,
        "A",
        {
            "source": "meeting",
            "number": "市政府第5次常务会议",
            "title": "优化营商环境攻坚行动",
            "content": (
                "会议决定：企业开办时间压缩至3个工作日以内，建立营商环境考核办法，县区同步推开。"
            ),
        },
        {
            "A-gs": ("gongshang", 20, "企业开办全程网办，时间压缩至3个工作日以内"),
            "A-fg": ("fagai", 22, "牵头制定营商环境考核办法并印发"),
            "A-ml": ("minle", 15, "县级政务服务中心设立企业开办专区"),
        },
    )
    s.register(
        6,
        "B",
        {
            "source": "instruction",
            "number": f"张政批〔{year}〕7号",
            "title": "关于城区集中供热改造进度的批示",
            "content": "请市发改委牵头，加快城区集中供热改造，确保供暖季前完工。",
            "leader": "刘卫东",
        },
        {"B-fg": ("fagai", 12, "倒排工期，供暖季前完成城区集中供热改造")},
    )
    s.register(
        30,
        "C",
        {
            "source": "meeting",
            "number": "市政府第6次常务会议",
            "title": "农村安全饮水巩固提升",
            "content": "会议决定：巩固提升农村安全饮水，年内完成老旧管网改造。",
        },
        {
            "C-ml": ("minle", 15, "完成县域老旧供水管网改造摸底和一期工程"),
            "C-fg": ("fagai", 20, "争取中央预算内投资，下达项目计划"),
        },
    )
    s.register(
        35,
        "D",
        {
            "source": "document",
            "number": f"张政办发〔{year}〕12号",
            "title": "政务服务事项清单动态调整",
            "content": "各单位按通知要求梳理本单位政务服务事项，报送调整意见。",
        },
        {"D-gs": ("gongshang", 10, "梳理本单位政务服务事项并报送调整意见")},
    )


def _task_steps(s: DirectiveStory) -> None:
    # On time, closed.
    s.report(8, "A-gs", "gongshang")
    s.report(18, "A-gs", "gongshang", final=True)
    s.manage(19, "close", "A-gs", note="经核实，已按要求完成")
    # Returned, redone, closed.
    s.report(10, "A-fg", "fagai")
    s.report(20, "A-fg", "fagai", final=True)
    s.manage(21, "return", "A-fg", reason="未附考核办法印发文件，请补充后重报")
    s.report(23, "A-fg", "fagai", final=True)
    s.manage(24, "close", "A-fg")
    # Urged, then an adjustment approved after the due day (a yellow card meanwhile).
    s.report(9, "A-ml", "minle")
    s.manage(14, "urge", "A-ml", message="请加快企业开办专区建设，按期办结")
    s.adjust(16, "A-ml", "minle", 28, "专区改造涉及消防验收，需延后")
    s.decide(19, "A-ml", True, "同意，务必按调整后的时限完成", by="mayor")  # a county: the mayor
    s.report(26, "A-ml", "minle", final=True)
    s.manage(27, "close", "A-ml")
    # An adjustment rejected: done by the original day.
    s.adjust(9, "B-fg", "fagai", 25, "管材采购周期较长")
    s.decide(10, "B-fg", False, "供暖季不能推迟，按原时限完成")
    s.report(15, "B-fg", "fagai", final=True)
    s.manage(16, "close", "B-fg")
    s.report(38, "C-ml", "minle")
    s.report(44, "C-ml", "minle", final=True)
    s.manage(45, "close", "C-ml")
    s.report(40, "C-fg", "fagai")  # …and nothing more: overdue at the end
    s.report(43, "D-gs", "gongshang", final=True)  # waiting for 销号 at the end


def _requests(s: DirectiveStory) -> None:
    s.ask(3, "R1", "gongshang", "general", "关于个体工商户登记下放乡镇的请示")
    s.answer(8, "R1", "gongshang", "同意下放，请做好业务培训和系统对接。")
    s.ask(12, "R2", "fagai", "urgent", "关于生态工业园区供水项目立项的请示")
    s.transfer(13, "R2", "fagai", "gongshang", "涉及入园企业登记，请市工商局办理")
    s.transfer(14, "R2", "gongshang", "fagai", "属项目立项审批，不属本局职责")
    s.transfer(15, "R2", "fagai", "gongshang", "请市工商局先行答复企业登记事项")
    s.answer(18, "R2", "gongshang", "企业登记事项已明确，项目立项请按程序报批。")
    s.ask(25, "R3", "gongshang", "policy", "关于农民专业合作社登记有关政策的请示")
    s.answer(31, "R3", "gongshang", "按《农民专业合作社法》有关规定办理。")
    s.ask(52, "R4", "fagai", "general", "关于农村公路建设项目调整的请示")


def _workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    days, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            days.append(day)
        day += timedelta(days=1)
    return days


def play_directives(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> dict[str, int]:
    counts: dict[str, int] = drain(directive_days(seed=seed, start=start, end=end, say=say))
    return counts


def directive_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    days = _workdays(calendar, start, end)
    if len(days) < 10:
        say("督查督办：时间跨度不足 10 个工作日，未生成")
        return {}
    story = DirectiveStory(random.Random(seed), calendar, days)  # noqa: S311 - demo wording
    write_story(story, days[0].year)
    by_day: dict[date, list[Act]] = {}
    for a in sorted(story.acts):
        by_day.setdefault(story.at(a.index), []).append(a)
    day = start
    while day <= end:
        yield day
        with timesource.travel_to(day):
            for a in by_day.get(day, []):
                _play(story, a)
            if calendar.is_workday(day):
                actions.sweep_directive_cards()
                story.counts["sweeps"] += 1
        day += timedelta(days=1)
    return _summary(story, say)


def _play(story: DirectiveStory, act: Act) -> None:
    try:
        act.run()
    except (DomainError, KeyError) as exc:  # KeyError: an earlier act it builds on failed
        story.counts[f"failed:{act.name}:{getattr(exc, 'code', 'missing')}"] += 1
    else:
        story.counts[act.name] += 1


def _summary(story: DirectiveStory, say: Callable[[str], None]) -> dict[str, int]:
    from xiaoneng.supervision.models import Anomaly

    counts = dict(story.counts)
    counts["directives"] = Directive.objects.count()
    counts["tasks"] = DirectiveTask.objects.count()
    counts["requests"] = Request.objects.count()
    counts["shuffled"] = Anomaly.objects.filter(kind="shuffled", subject_kind="request").count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"督查督办：{counts['directives']} 个督办事项、{counts['tasks']} 项任务、"
        f"{counts['requests']} 件请示（推诿扯皮异常 {counts['shuffled']} 件），失败 {failed} 步"
    )
    return counts

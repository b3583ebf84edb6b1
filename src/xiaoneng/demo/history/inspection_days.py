"""The 检查评比观摩 part of the demo history, played through the inspections
app's actions under `timesource.travel_to`, each action its own transaction.

The story, placed at fractions of the span's working days: the 督查室 keeps
an enterprise register (six firms, valid 统一社会信用代码) and 市工商局 its
officers. 市工商局 registers an annual-report check; 市发改委 registers a
project check of the same firm in the same weeks, is offered the overlap and
merges into it; the 副市长 in charge approves the joint one, it is held and
its result published. A food-safety check leaves its firms to the 双随机
draw, then approved and held. 市发改委 holds an approved 观摩; a check names a
民乐县 副县长 to accompany a departmental tour (flagged); an advertising check
is held without approval (flagged); 民乐县 registers a market check the mayor
approves; one plan is rejected, one is approved for after the span.

`inspection_days(*, seed, start, end, say)` is a day part
(`days.interleave`); the seed picks the wording of the results. Needs the
demo city (accounts inspector, depthead, fagai, minle, leader, mayor)."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import date, timedelta
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.inspections import creditcode
from xiaoneng.inspections.actions import activities, enterprises, held
from xiaoneng.inspections.models import Activity, Status
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import Anomaly

from .days import DayActs

FIRMS = (
    ("张掖市甘泉食品有限公司", "食品"),
    ("张掖市祁连建材有限公司", "建材"),
    ("张掖市丹霞乳业有限公司", "食品"),
    ("张掖市黑河酒业有限公司", "食品"),
    ("张掖市金张掖农业发展有限公司", "农业"),
    ("张掖市焉支山矿业有限公司", "矿业"),
)
OFFICERS = (("王立", "GS-0101"), ("李梅", "GS-0102"), ("赵强", "GS-0103"), ("孙红", "GS-0104"))
RESULTS = (
    "抽查企业均已按时报送年度报告，公示信息真实。",
    "发现个别企业公示信息与实际不符，已责令限期改正。",
    "未发现问题，检查结果已向社会公示。",
)
USERS = ("inspector", "depthead", "fagai", "minle", "leader", "mayor")


def credit_code(n: int) -> str:
    body = f"91620700MA71001{n:02d}"
    return body + creditcode.check_char(body)


class InspectionStory(DayActs):
    def __init__(self, rng: random.Random, days: list[date]) -> None:
        super().__init__()
        self.rng, self.days = rng, days
        self.users = {u.username: u for u in User.objects.filter(username__in=USERS)}
        self.rows: dict[str, int] = {}
        self.codes = [credit_code(n) for n in range(1, len(FIRMS) + 1)]

    def at(self, fraction: float, plus: int = 0) -> date:
        i = min(int(fraction * len(self.days)) + plus, len(self.days) - 1)
        return self.days[i]

    # --- steps ---------------------------------------------------------------------

    def register(self, day: date, key: str, who: str, **fields: Any) -> None:
        def run() -> None:
            row = activities.register_activity(actor=self.users[who], **fields)
            self.rows[key] = row.pk

        self.act(day, "registered", run)

    def approve(self, day: date, key: str, who: str = "leader", organiser: str = "") -> None:
        def run() -> None:
            try:
                activities.approve_activity(
                    actor=self.users[who], activity_id=self.rows[key], note="同意"
                )
            except DomainError as exc:
                if exc.code != "inspection_overlap_unresolved" or not organiser:
                    raise
                activities.keep_separate(
                    actor=self.users[organiser],
                    activity_id=self.rows[key],
                    reason="检查内容和对象不同，不宜合并",
                )
                activities.approve_activity(
                    actor=self.users[who], activity_id=self.rows[key], note="同意"
                )

        self.act(day, "approved", run)

    def hold(self, day: date, key: str, who: str, **fields: Any) -> None:
        def run() -> None:
            row = Activity.objects.get(pk=self.rows[key])
            codes = fields.pop("credit_codes", None)
            if codes is None:
                codes = list(row.target_enterprises.values_list("credit_code", flat=True))
            held.record_held(
                actor=self.users[who],
                activity_id=row.pk,
                held_start=row.start_on,
                held_end=row.end_on,
                items=list(row.items),
                unit_ids=list(row.target_units.values_list("pk", flat=True)),
                credit_codes=codes,
                **fields,
            )

        self.act(day, "held", run)

    def result(self, day: date, key: str, who: str) -> None:
        def run() -> None:
            found = self.rng.random() < 0.4
            held.record_result(
                actor=self.users[who],
                activity_id=self.rows[key],
                result="found" if found else "clean",
                summary=self.rng.choice(RESULTS),
            )

        self.act(day, "result", run)


PEOPLE = [{"name": "王立", "unit": "市工商局"}, {"name": "李梅", "unit": "市工商局"}]


def write_story(s: InspectionStory) -> None:
    """Every step of the story, on its day."""
    minle = Department.objects.filter(code="620722").values_list("pk", flat=True).first()
    counties = [minle] if minle else []
    _register(s)
    _merged(s)
    _drawn(s)
    _observed(s, counties)
    _accompanied(s)
    _unapproved(s)
    _county(s)
    _rejected_and_later(s, counties)


def _register(s: InspectionStory) -> None:
    def register_firms() -> None:
        for code, (name, industry) in zip(s.codes, FIRMS, strict=True):
            enterprises.add_enterprise(
                actor=s.users["inspector"],
                credit_code=code,
                name=name,
                industry=industry,
                address="张掖市甘州区",
            )
        for name, cert in OFFICERS:
            enterprises.add_inspector(actor=s.users["depthead"], name=name, certificate_no=cert)

    s.act(s.at(0), "register", register_firms)


def _merged(s: InspectionStory) -> None:
    """An annual-report check, merged with 发改委's check of the same firm."""
    begin, finish = s.at(0.12), s.at(0.12, 2)
    s.register(
        s.at(0.05),
        "annual",
        "depthead",
        kind="inspect",
        title="企业年度报告公示信息抽查",
        basis="《企业信息公示暂行条例》第十四条",
        items=["年度报告公示", "营业执照公示"],
        start_on=begin,
        end_on=finish,
        credit_codes=s.codes[:2],
        participants=PEOPLE,
    )
    s.register(
        s.at(0.06),
        "project",
        "fagai",
        kind="inspect",
        title="固定资产投资项目备案核查",
        basis="《企业投资项目核准和备案管理条例》",
        items=["项目备案"],
        start_on=begin,
        end_on=finish,
        credit_codes=s.codes[:1],
        participants=[{"name": "陈建华", "unit": "市发改委"}],
    )
    s.act(
        s.at(0.07),
        "merged",
        lambda: activities.merge_activity(
            actor=s.users["fagai"], activity_id=s.rows["project"], into_id=s.rows["annual"]
        ),
    )
    s.approve(s.at(0.08), "annual")
    s.hold(s.at(0.12, 3), "annual", "depthead")
    s.result(s.at(0.12, 5), "annual", "depthead")


def _drawn(s: InspectionStory) -> None:
    """A food-safety check by the 双随机 draw."""
    begin, finish = s.at(0.3), s.at(0.3, 1)
    s.register(
        s.at(0.24),
        "draw",
        "depthead",
        kind="inspect",
        title="食品生产企业双随机抽查",
        basis="《中华人民共和国食品安全法》第一百一十条",
        items=["生产许可", "原料进货查验"],
        start_on=begin,
        end_on=finish,
    )
    s.act(
        s.at(0.24),
        "drawn",
        lambda: held.draw_targets(
            actor=s.users["depthead"],
            activity_id=s.rows["draw"],
            enterprise_count=2,
            inspector_count=2,
            industry="食品",
        ),
    )
    s.approve(s.at(0.25), "draw", organiser="depthead")
    s.hold(s.at(0.3, 2), "draw", "depthead")
    s.result(s.at(0.3, 4), "draw", "depthead")


def _observed(s: InspectionStory, counties: list[int]) -> None:
    """发改委's 观摩 of a county's projects."""
    begin, finish = s.at(0.42), s.at(0.42, 1)
    s.register(
        s.at(0.36),
        "observe",
        "fagai",
        kind="observe",
        title="重点项目建设现场观摩",
        basis="市政府第5次常务会议纪要",
        items=["重点项目建设进度"],
        start_on=begin,
        end_on=finish,
        unit_ids=counties,
        participants=[{"name": "陈建华", "unit": "市发改委"}],
    )
    s.approve(s.at(0.37), "observe", organiser="fagai")
    s.hold(s.at(0.42, 2), "observe", "fagai")


def _accompanied(s: InspectionStory) -> None:
    """A county leader named to accompany a departmental tour (flagged)."""
    begin, finish = s.at(0.52), s.at(0.52, 1)
    s.register(
        s.at(0.47),
        "companion",
        "depthead",
        kind="inspect",
        title="注册商标专用权保护检查",
        basis="《中华人民共和国商标法》第六十二条",
        items=["商标使用"],
        start_on=begin,
        end_on=finish,
        credit_codes=s.codes[4:5],
        participants=PEOPLE,
        companions=[{"name": "马永福", "title": "副县长", "unit": "民乐县人民政府"}],
    )
    s.approve(s.at(0.48), "companion", organiser="depthead")
    s.hold(s.at(0.52, 2), "companion", "depthead")


def _unapproved(s: InspectionStory) -> None:
    """Held without approval (flagged)."""
    begin, finish = s.at(0.62), s.at(0.62, 1)
    s.register(
        s.at(0.58),
        "unapproved",
        "depthead",
        kind="inspect",
        title="广告经营秩序检查",
        basis="《中华人民共和国广告法》第六条",
        items=["广告发布登记"],
        start_on=begin,
        end_on=finish,
        credit_codes=s.codes[3:4],
        participants=PEOPLE,
    )
    s.hold(s.at(0.62, 2), "unapproved", "depthead")


def _county(s: InspectionStory) -> None:
    """民乐县's own market check, approved by the mayor."""
    begin, finish = s.at(0.72), s.at(0.72, 2)
    s.register(
        s.at(0.66),
        "county",
        "minle",
        kind="inspect",
        title="乡镇集贸市场秩序检查",
        basis="《集贸市场管理办法》",
        items=["计量器具", "经营资格"],
        start_on=begin,
        end_on=finish,
        credit_codes=s.codes[5:6],
        participants=[{"name": "马永福", "unit": "民乐县人民政府"}],
    )
    s.approve(s.at(0.67), "county", who="mayor", organiser="minle")
    s.hold(s.at(0.72, 3), "county", "minle")


def _rejected_and_later(s: InspectionStory, counties: list[int]) -> None:
    """One rejected; one approved for after the span."""
    s.register(
        s.at(0.8),
        "rejected",
        "fagai",
        kind="appraise",
        title="节能减排先进单位评比",
        basis="市发改委年度工作要点",
        items=["节能减排"],
        start_on=s.at(0.9),
        end_on=s.at(0.9, 1),
        unit_ids=counties,
    )
    s.act(
        s.at(0.81),
        "rejected",
        lambda: activities.reject_activity(
            actor=s.users["leader"],
            activity_id=s.rows["rejected"],
            reason="未列入年度检查评比计划，且与年度考核重复",
        ),
    )
    later = s.days[-1] + timedelta(days=30)
    s.register(
        s.at(0.9),
        "next",
        "depthead",
        kind="inspect",
        title="农资市场专项检查",
        basis="《农业生产资料市场监督管理办法》",
        items=["农资经营资格"],
        start_on=later,
        end_on=later + timedelta(days=2),
        credit_codes=s.codes[4:5],
        participants=PEOPLE,
    )
    s.approve(s.at(0.91), "next", organiser="depthead")


def _workdays(start: date, end: date) -> list[date]:
    calendar = current_calendar()
    out, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def inspection_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    days = _workdays(start, end)
    if len(days) < 40 or not User.objects.filter(username="inspector").exists():
        say("检查评比观摩：时间跨度不足 40 个工作日或没有演示账号，未生成")
        return {}
    story = InspectionStory(random.Random(seed), days)  # noqa: S311 - demo wording
    write_story(story)
    day = start
    while day <= end:
        yield day
        if day in story.acts:
            with timesource.travel_to(day):
                story.play(day)
        day += timedelta(days=1)
    counts = dict(story.counts)
    counts["activities"] = Activity.objects.count()
    counts["merged_rows"] = Activity.objects.filter(status=Status.MERGED).count()
    counts["anomalies"] = Anomaly.objects.filter(subject_kind="inspection").count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"检查评比观摩：{counts['activities']} 项（合并 {counts['merged_rows']} 项），"
        f"异常 {counts['anomalies']} 项，失败 {failed} 步"
    )
    return counts

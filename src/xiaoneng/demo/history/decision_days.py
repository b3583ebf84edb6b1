"""The 重大行政决策 part of the demo history, played through the decisions
app's actions under `timesource.travel_to`, each action its own transaction.

The story (2012-style Zhangye): the government office (zhengfuban) lists
the year's three decisions in the catalogue and publishes it; the 市发改委
(fagai) registers each and takes it through the gates —
- 张掖市城区居民生活用水价格调整: draft for comment (35 days), comments
  from the public online and one collected at a forum, a price hearing,
  the adoption published; two experts, risk controllable, legality passed,
  the executive meeting adopts (the mayor last, one dissent), published
  and archived;
- 张掖市新型城镇化规划 (urban planning): the same path without a hearing,
  published;
- 张掖市滨河新区地下综合管廊建设项目 (a key project): consultation,
  experts and risk done, but the legality review fails and the draft is not
  yet revised at the end of the span;
- 张掖市城区公共停车场收费标准调整: registered a few weeks before the span's
  end, its draft still open for comment on the last day (so the public
  pages have a consultation to comment on).

`decision_days(*, seed, start, end, say)` is a day part (`days.interleave`);
the seed picks the public's comments. Needs the demo city (accounts fagai,
fazhi, zhengfuban)."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.decisions import actions
from xiaoneng.decisions.models import Comment, Decision, Stage
from xiaoneng.org.models import User

from .days import DayActs

USERS = ("fagai", "fazhi", "zhengfuban")
MIN_WORKDAYS = 200


@dataclass(frozen=True)
class Plan:
    key: str
    title: str
    category: str
    legal_basis: str
    draft: str
    explanation: str
    start: int  # index of the registration day among the span's working days
    hearing: bool = False
    fails_review: bool = False
    archive: bool = False
    open_at_end: bool = False  # `start` counts back from the span's end; still in consultation
    comments: tuple[str, ...] = ()  # what the public says (default: COMMENTS)


PLANS = (
    Plan(
        "water",
        "张掖市城区居民生活用水价格调整",
        "policy",
        "《中华人民共和国价格法》第二十三条；《政府制定价格听证办法》",
        "一、城区居民生活用水实行阶梯水价，第一阶梯水价由每立方米1.80元调整为2.30元……",
        "现行水价自2006年执行，供水成本监审显示单位制水成本已高于售价……",
        20,
        hearing=True,
        archive=True,
    ),
    Plan(
        "planning",
        "张掖市新型城镇化规划",
        "planning",
        "《中华人民共和国城乡规划法》；《国家新型城镇化规划》",
        "一、到2020年，全市常住人口城镇化率达到50%以上……",
        "为落实国家和省新型城镇化部署，统筹城乡发展……",
        60,
    ),
    Plan(
        "project",
        "张掖市滨河新区地下综合管廊建设项目",
        "project",
        "《国务院关于加强城市基础设施建设的意见》",
        "一、在滨河新区建设地下综合管廊12.6公里，总投资约9.8亿元，采用PPP模式……",
        "滨河新区道路反复开挖问题突出，综合管廊可集中敷设各类管线……",
        110,
        fails_review=True,
    ),
    Plan(
        "parking",
        "张掖市城区公共停车场收费标准调整",
        "policy",
        "《中华人民共和国价格法》第二十三条；《甘肃省定价目录》",
        "一、城区公共停车场实行差别化收费，中心城区首小时由2元调整为3元，夜间停车免费……",
        "中心城区停车供需矛盾突出，通过价格杠杆提高车位周转率……",
        -17,
        open_at_end=True,
        comments=(
            "建议对新能源汽车给予优惠。",
            "医院周边停车场应延长免费时段。",
            "调价同时请增加老城区停车泊位。",
        ),
    ),
)
COMMENTS = (
    "建议对低保家庭和特困人员设立用水补贴。",
    "阶梯水量的第一档应按户籍人口核定，多人口家庭负担过重。",
    "支持调价，但应同时公开供水企业的成本构成。",
    "建议分两年逐步调整到位，减轻群众负担。",
    "规划应注重保护黑河湿地，控制滨河地带开发强度。",
    "希望规划中增加农村转移人口住房保障的内容。",
)
SPEECHES = (
    ("刘卫东", "同意提交的方案，建议加强政策解读"),
    ("李建国", "原则同意，对低收入群体的影响需持续跟踪"),
    ("陈志远", "同意。请承办单位按程序公布实施，做好跟踪评估"),
)


class DecisionStory(DayActs):
    def __init__(self, rng: random.Random, calendar: WorkCalendar, days: list[date]) -> None:
        super().__init__()
        self.rng, self.calendar, self.days = rng, calendar, days
        self.users = {u.username: u for u in User.objects.filter(username__in=USERS)}
        self.rows: dict[str, int] = {}
        self.reviews: dict[str, int] = {}

    def add(self, day: date, n: int) -> date:
        return self.calendar.add_workdays(day, n)

    def catalogue(self, year: int) -> None:
        listed, published = self.days[8], self.days[10]
        fagai = self.users["fagai"]

        def list_one(plan: Plan) -> Callable[[], None]:
            def run() -> None:
                row = actions.add_catalogue_item(
                    actor=self.users["zhengfuban"],
                    year=year,
                    title=plan.title,
                    sponsor_id=fagai.department_id,
                    legal_basis=plan.legal_basis,
                    category=plan.category,
                )
                self.rows[plan.key] = row.pk

            return run

        for plan in PLANS:
            self.act(listed, "decision_listed", list_one(plan))
        self.act(
            published,
            "catalogue_published",
            lambda: actions.publish_catalogue(actor=self.users["zhengfuban"], year=year),
        )

    def consultation(self, plan: Plan, day: date) -> date:
        """Draft for 35 days, comments, a hearing if required; the adoption after."""
        sponsor, key = self.users["fagai"], plan.key
        closes = day + timedelta(days=34)
        self.act(
            day,
            "draft_published",
            lambda: actions.publish_draft(
                actor=sponsor,
                decision_id=self.rows[key],
                closes_on=closes,
                hearing_required=plan.hearing,
            ),
        )
        for n in range(3):
            text = self.rng.choice(plan.comments or COMMENTS)
            self.act(self.add(day, 2 + 4 * n), "comment_online", self._comment(key, text))
        forum = self.add(day, 8)
        self.act(
            forum,
            "comment_offline",
            lambda: actions.record_offline_comment(
                actor=sponsor,
                decision_id=self.rows[key],
                content="座谈会：社区代表建议加强宣传，分步实施。",
                received_on=forum,
            ),
        )
        if plan.hearing:
            heard = self.add(day, 15)
            self.act(
                heard,
                "hearing",
                lambda: actions.record_hearing(
                    actor=sponsor,
                    decision_id=self.rows[key],
                    held_on=heard,
                    record="听证会参加人25人，消费者代表12人；多数代表同意调整方案，建议照顾低收入家庭。",
                ),
            )
        after = self.add(closes, 1)
        self.act(
            after,
            "adoption_published",
            lambda: actions.publish_adoption(
                actor=sponsor,
                decision_id=self.rows[key],
                adoption="共收到意见若干条：采纳设立低收入家庭补贴等建议；分步调整的建议部分采纳；其余作出说明。",
            ),
        )
        return after

    def experts_and_risk(self, plan: Plan, day: date) -> date:
        sponsor, key = self.users["fagai"], plan.key
        for n, (name, where) in enumerate(
            (("赵明", "兰州大学经济学院 教授"), ("孙倩", "河西学院 副教授"))
        ):
            signed = self.add(day, 1 + n)
            self.act(signed, "opinion", self._opinion(key, name, where, signed))
        assessed = self.add(day, 4)
        self.act(
            assessed,
            "risk",
            lambda: actions.record_risk_assessment(
                actor=sponsor,
                decision_id=self.rows[key],
                level="medium" if plan.hearing else "low",
                controllable=True,
                report="社会稳定风险评估：经问卷和走访，风险等级可控，已制定化解预案。",
            ),
        )
        return assessed

    def _opinion(self, key: str, name: str, where: str, signed: date) -> Callable[[], Any]:
        return lambda: actions.record_expert_opinion(
            actor=self.users["fagai"],
            decision_id=self.rows[key],
            expert=name,
            affiliation=where,
            signed_on=signed,
            opinion="方案依据充分，措施可行，建议完善配套措施。",
        )

    def _comment(self, key: str, text: str) -> Callable[[], Any]:
        return lambda: actions.submit_comment(decision_id=self.rows[key], content=text)

    def legality(self, plan: Plan, day: date) -> date:
        key = plan.key
        submitted = self.add(day, 2)

        def submit() -> None:
            review = actions.submit_for_review(
                actor=self.users["fagai"], decision_id=self.rows[key]
            )
            self.reviews[key] = review.pk

        self.act(submitted, "review_submitted", submit)
        reviewed = self.add(submitted, 6)
        self.act(
            reviewed,
            "reviewed",
            lambda: actions.review_draft(
                actor=self.users["fazhi"],
                review_id=self.reviews[key],
                passed=not plan.fails_review,
                opinion="PPP合作期限和政府付费条款缺乏上位法依据，须修改后重新送审。"
                if plan.fails_review
                else "草案内容合法，程序符合规定。",
            ),
        )
        return reviewed

    def meeting_and_after(self, plan: Plan, day: date, session: int) -> None:
        key, met = plan.key, self.add(day, 3)
        self.act(
            met,
            "meeting",
            lambda: actions.record_meeting(
                actor=self.users["zhengfuban"],
                decision_id=self.rows[key],
                session=f"市政府第{session}次常务会议",
                held_on=met,
                attendees="陈志远、刘卫东、李建国及市政府秘书长、相关部门负责人",
                speeches=[
                    {"speaker": s, "summary": t, "is_head": i == len(SPEECHES) - 1}
                    for i, (s, t) in enumerate(SPEECHES)
                ],
                dissent="李建国：对低收入群体的影响需持续跟踪" if plan.hearing else "",
                outcome="adopted",
            ),
        )
        published = self.add(met, 2)
        self.act(
            published,
            "published",
            lambda: actions.publish_decision(
                actor=self.users["fagai"],
                decision_id=self.rows[key],
                text_published=plan.draft,
                explanation=f"《{plan.title}》解读：{plan.explanation}",
            ),
        )
        if plan.archive:
            self.act(
                self.add(published, 5),
                "archived",
                lambda: actions.archive_decision(
                    actor=self.users["zhengfuban"], decision_id=self.rows[key]
                ),
            )

    def walk(self, plan: Plan, session: int) -> None:
        registered = self.days[plan.start]
        self.act(registered, "registered", lambda: self._register(plan))
        after = self.consultation(plan, self.add(registered, 3))
        if plan.open_at_end:
            return  # its comment period runs past the span's end
        assessed = self.experts_and_risk(plan, after)
        reviewed = self.legality(plan, assessed)
        if not plan.fails_review:
            self.meeting_and_after(plan, reviewed, session)

    def _register(self, plan: Plan) -> None:
        actions.register_decision(
            actor=self.users["fagai"],
            decision_id=self.rows[plan.key],
            title=plan.title,
            legal_basis=plan.legal_basis,
            category=plan.category,
            draft=plan.draft,
            explanation=plan.explanation,
        )


def _workdays(calendar: WorkCalendar, start: date, end: date) -> list[date]:
    out, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def decision_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, Any]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    days = _workdays(calendar, start, end)
    if len(days) < MIN_WORKDAYS or len(User.objects.filter(username__in=USERS)) < len(USERS):
        say(f"重大行政决策：时间跨度不足 {MIN_WORKDAYS} 个工作日或没有演示账号，未生成")
        return {}
    story = DecisionStory(random.Random(seed), calendar, days)  # noqa: S311 - demo data
    story.catalogue(days[60].year)  # the coming year's, listed ahead
    for session, plan in enumerate(PLANS, start=8):
        story.walk(plan, session)
    day = start
    while day <= end:
        yield day
        if day in story.acts:
            with timesource.travel_to(day):
                story.play(day)
        day += timedelta(days=1)
    counts: dict[str, Any] = dict(story.counts)
    counts["decisions"] = Decision.objects.count()
    counts["published"] = Decision.objects.filter(published_on__isnull=False).count()
    counts["comments"] = Comment.objects.count()
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    archived = Decision.objects.filter(stage=Stage.ARCHIVED).count()
    say(
        f"重大行政决策：{counts['decisions']} 项"
        f"（公布 {counts['published']} 项、归档 {archived} 项），"
        f"公众意见 {counts['comments']} 条，失败 {failed} 步"
    )
    return counts

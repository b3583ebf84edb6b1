"""The planned acts of the 日常政务 history (`office_days`): documents,
meetings, leave, emergencies and leaders' visits, at fractions of the
span's working days. Each act is one action (its own transaction); an act
that needs a row an earlier act made finds it in `rows` (a KeyError when
that act failed is counted as failed by `DayActs`).

- documents: every unit with a drafter, a second person and a signer (市工商局
  in the demo city) drafts 3–5 a month (under the yearly cap), 送审 the same
  day, 核稿 and 签发 the next working day, the city leader's approval when
  it goes to the counties, 印发 the day after; one is returned at 核稿 and
  sent again, one is long (the reminder `dispatch_too_long`);
- meetings: two 全市性会议 decided by the executive meeting (at the first
  市发改委 sends a deputy without leave — `meeting_substitute` —, 民乐县 a
  deputy with leave approved) and a professional meeting the leader in
  charge approves; signed in at the door, held, attendance published;
- leave: principal leaders with a colleague to act ask, the leader in
  charge (or the mayor) approves, they report back; one back late (card),
  one asked only on the first day away (`leave_unapproved`);
- emergencies: 黑河张掖段洪水 (自然灾害, Ⅲ级, 市水务局) and a traffic accident
  on G312 (事故灾难, Ⅳ级, 民乐县): the responders check in — the vice-mayor
  at the flood the next day (`late_arrival`) —, the log, 处置完毕, 履职情况,
  复盘 by the supervision bureau;
- visits: the vice-mayor and the mayor in turn, each visit handing one or
  two problems to a unit that can follow up; all resolved before their
  deadline but the one of the visit after the middle of the span (card)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from xiaoneng.core import timesource
from xiaoneng.office.actions import dispatches as docs
from xiaoneng.office.actions import emergencies as emergency_actions
from xiaoneng.office.actions import leave as leave_actions
from xiaoneng.office.actions import meetings as meeting_actions
from xiaoneng.office.actions import visits as visit_actions
from xiaoneng.office.common import approver_for, mayor
from xiaoneng.office.models import (
    Duty,
    Emergency,
    Invitation,
    LeaveRequest,
    MeetingLeave,
    VisitIssue,
)
from xiaoneng.org.authority import has_perm

from .days import DayActs

if TYPE_CHECKING:
    from .office_days import Cast


class Ref:
    """The id of a row an act makes, for the acts after it (KeyError while
    the act has not run or failed)."""

    def __init__(self, rows: Rows, kind: str) -> None:
        self.pk = 0
        rows[kind].append(self)

    def __call__(self) -> int:
        if not self.pk:
            raise KeyError("missing")
        return self.pk


Rows = dict[str, list[Ref]]


GONGSHANG, FAGAI, WATER, MINLE = "620700005", "620700002", "620700015", "620722"
COUNTIES = ("620722", "620723", "620724")
CAP_MARGIN = 50  # well under the yearly cap of 60
TOPICS = (
    ("notice", "关于开展{m}月份市场主体登记信息抽查的通知"),
    ("notice", "关于做好{m}月份个体工商户年报工作的通知"),
    ("opinion", "关于进一步优化营商环境便利市场准入的实施意见"),
    ("bulletin", "关于{m}月份网络交易监测情况的通报"),
    ("report", "关于{m}月份市场监管工作情况的报告"),
    ("letter", "关于商请协助核查企业登记信息的函"),
    ("notice", "关于开展商标代理机构专项整治的通知"),
)
PARAGRAPH = (
    "为认真贯彻落实市委、市政府关于优化营商环境的决策部署，进一步规范市场秩序，"
    "保障市场主体合法权益，结合我市实际，现就有关事项通知如下。"
    "各单位要提高思想认识，明确责任分工，细化工作措施，确保各项任务按期完成。"
)


class Later:
    """A value an act reads when it runs (a row an earlier act made)."""

    def __init__(self, read: Callable[..., Any], *args: Any) -> None:
        self.read, self.args = read, args

    def __call__(self) -> Any:
        return self.read(*(a() if isinstance(a, Ref | Later) else a for a in self.args))


def call(action: Callable[..., Any], made: Ref | None = None, **kwargs: Any) -> Callable[[], Any]:
    """The act: `action` with its keyword arguments, each `Ref` or `Later`
    among them read when it runs; the row it returns stored in `made`."""

    def act() -> Any:
        row = action(**{k: v() if isinstance(v, Ref | Later) else v for k, v in kwargs.items()})
        if made is not None:
            made.pk = row.pk
        return row

    return act


def plan_story(cast: Cast, acts: DayActs, rng: random.Random) -> Rows:
    rows: Rows = {k: [] for k in ("dispatch", "meeting", "leave", "emergency", "visit")}
    plan_documents(cast, acts, rng, rows)
    plan_meetings(cast, acts, rows)
    plan_leave(cast, acts, rows)
    plan_emergencies(cast, acts, rows)
    plan_visits(cast, acts, rng, rows)
    return rows


# --- documents ------------------------------------------------------------------------


def _writers(cast: Cast) -> list[tuple[Any, Any, Any]]:
    """(drafter, reviewer, signer) of each unit that has them."""
    out = []
    for _, people in sorted(cast.members.items()):
        drafter = next((u for u in people if has_perm(u, "dispatch.draft")), None)
        signer = next((u for u in people if has_perm(u, "dispatch.sign")), None)
        if drafter is None or signer is None:
            continue
        second = next(
            (u for u in people if u.pk != drafter.pk and has_perm(u, "dispatch.sign")), None
        )
        if second is not None:
            out.append((drafter, second, signer))
    return out


def plan_documents(cast: Cast, acts: DayActs, rng: random.Random, rows: Rows) -> None:
    fagai = cast.units[FAGAI].pk
    counties = [cast.units[c].pk for c in COUNTIES]
    months = sorted({(d.year, d.month) for d in cast.days})
    per_year: dict[int, int] = {}
    marks = {"long": cast.at(0.3), "returned": cast.at(0.5)}  # the first document on or after
    for drafter, reviewer, signer in _writers(cast):
        for year, month in months:
            days = [d for d in cast.days if (d.year, d.month) == (year, month)][:-3]
            for day in sorted(rng.sample(days, min(len(days), rng.randint(3, 5)))):
                if per_year.get(year, 0) >= CAP_MARGIN:
                    break
                per_year[year] = per_year.get(year, 0) + 1
                kind, title = TOPICS[rng.randrange(len(TOPICS))]
                to_counties = rng.random() < 0.25
                spec = {
                    "kind": kind,
                    "title": title.format(m=month),
                    "body": PARAGRAPH * (70 if _mark(marks, "long", day) else rng.randint(4, 12)),
                    "recipient_ids": counties if to_counties else [fagai],
                }
                walk = (drafter, reviewer, signer, cast.who["leader"] if to_counties else None)
                returned = _mark(marks, "returned", day)
                _document(cast, acts, rows, day, spec, walk, returned=returned)


def _mark(marks: dict[str, date], what: str, day: date) -> bool:
    """True once: for the first document on or after the day marked."""
    if what in marks and day >= marks[what]:
        del marks[what]
        return True
    return False


def _document(
    cast: Cast,
    acts: DayActs,
    rows: Rows,
    day: date,
    spec: dict[str, Any],
    walk: tuple[Any, Any, Any, Any],
    *,
    returned: bool,
) -> None:
    """拟稿 and 送审; 核稿 and 签发 the next working day (after a return and a
    second 送审 if `returned`); the leader's approval and 印发 the day after."""
    drafter, reviewer, signer, leader = walk
    pk = Ref(rows, "dispatch")
    acts.act(day, "dispatch_drafted", call(docs.draft_dispatch, pk, actor=drafter, **spec))
    acts.act(day, "dispatch_submitted", call(docs.submit_dispatch, actor=drafter, dispatch_id=pk))
    step = cast.after(day, 1)
    if returned:
        why = "请精简篇幅，核实数据"
        edited = spec | {"body": spec["body"][: len(spec["body"]) // 2]}
        acts.act(
            step,
            "dispatch_returned",
            call(docs.return_dispatch, actor=reviewer, dispatch_id=pk, reason=why),
        )
        acts.act(
            step,
            "dispatch_edited",
            call(docs.edit_dispatch, actor=drafter, dispatch_id=pk, **edited),
        )
        acts.act(
            step, "dispatch_submitted", call(docs.submit_dispatch, actor=drafter, dispatch_id=pk)
        )
        step = cast.after(step, 1)
    acts.act(step, "dispatch_reviewed", call(docs.review_dispatch, actor=reviewer, dispatch_id=pk))
    acts.act(step, "dispatch_signed", call(docs.sign_dispatch, actor=signer, dispatch_id=pk))
    step = cast.after(step, 1)
    if leader is not None:
        acts.act(
            step, "dispatch_approved", call(docs.approve_dispatch, actor=leader, dispatch_id=pk)
        )
    acts.act(step, "dispatch_issued", call(docs.issue_dispatch, actor=drafter, dispatch_id=pk))


# --- meetings -------------------------------------------------------------------------

AGENDA = "一、传达学习上级有关会议精神；二、通报前一阶段工作进展；三、部署下一阶段重点任务"


def _invitation(meeting_id: int, unit_id: int) -> int:
    return Invitation.objects.get(meeting_id=meeting_id, unit_id=unit_id).pk


def _token(meeting_id: int, unit_id: int) -> str:
    return Invitation.objects.get(meeting_id=meeting_id, unit_id=unit_id).sign_token


def _meeting_leave(meeting_id: int, unit_id: int) -> int:
    return MeetingLeave.objects.get(invitation_id=_invitation(meeting_id, unit_id)).pk


def plan_meetings(cast: Cast, acts: DayActs, rows: Rows) -> None:
    gov = (
        (0.2, "全市优化营商环境工作推进会议", True),
        (0.6, "全市市场监管暨食品安全工作会议", False),
    )
    for k, (fraction, title, substitute) in enumerate(gov, start=1):
        ref = f"市政府第{10 + 4 * k}次常务会议"
        _government(cast, acts, rows, cast.at(fraction), (title, ref), substitute=substitute)
    _professional(cast, acts, rows, cast.at(0.8))


def _moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timesource.SHANGHAI)


def _government(
    cast: Cast, acts: DayActs, rows: Rows, day: date, names: tuple[str, str], *, substitute: bool
) -> None:
    """A 全市性会议 hosted by 市工商局, decided by the executive meeting; with
    `substitute` 市发改委 sends a deputy without leave, 民乐县 one with leave."""
    office, who = cast.who["zhengfuban"], cast.who
    units = {code: cast.units[code].pk for code in (GONGSHANG, FAGAI, MINLE)}
    held = cast.after(day, 8)
    spec = {
        "kind": "government",
        "title": names[0],
        "starts_at": _moment(held, 9),
        "ends_at": _moment(held, 11),
        "place": "市政府第一会议室",
        "agenda": AGENDA,
        "invitations": [{"unit_id": pk, "level": "principal"} for pk in units.values()],
        "host_id": units[GONGSHANG],
    }
    m = Ref(rows, "meeting")
    acts.act(day, "meeting_applied", call(meeting_actions.apply_meeting, m, actor=office, **spec))
    acts.act(
        day,
        "meeting_decided",
        call(meeting_actions.record_executive, actor=office, meeting_id=m, executive_ref=names[1]),
    )
    notify = call(meeting_actions.notify_meeting, actor=office, meeting_id=m)
    acts.act(cast.after(day, 1), "meeting_notified", notify)
    ask = cast.after(day, 3)
    deputy = {"attendee_level": "deputy", "attendee_title": "副主任", "attendee_name": "刘建民"}
    for code, head in ((GONGSHANG, who["depthead"]), (FAGAI, who["fagai"]), (MINLE, who["minle"])):
        confirm: dict[str, Any] = {"attendee_level": "principal", "attendee_id": head.pk}
        if substitute and code == FAGAI:
            confirm = deputy
        elif substitute and code == MINLE:
            _leave_for(acts, ask, m, units[MINLE], (head, office))
            confirm = deputy | {"attendee_name": "赵文华", "attendee_title": "副县长"}
        invitation = Later(_invitation, m, units[code])
        acts.act(
            cast.after(ask, 1),
            "meeting_confirmed",
            call(meeting_actions.confirm_attendee, actor=head, invitation_id=invitation, **confirm),
        )
    _held(acts, held, m, office, list(units.values()))


def _leave_for(acts: DayActs, day: date, m: Ref, unit: int, people: tuple[Any, Any]) -> None:
    head, host = people
    acts.act(
        day,
        "meeting_leave_requested",
        call(
            meeting_actions.request_leave,
            actor=head,
            invitation_id=Later(_invitation, m, unit),
            reason="同日须陪同省检查组在县检查",
            substitute_name="赵文华",
            substitute_title="副县长",
        ),
    )
    acts.act(
        day,
        "meeting_leave_decided",
        call(
            meeting_actions.decide_leave,
            actor=host,
            leave_id=Later(_meeting_leave, m, unit),
            approve=True,
        ),
    )


def _held(acts: DayActs, day: date, m: Ref, clerk: Any, units: list[int]) -> None:
    for unit in units:
        token = Later(_token, m, unit)
        sign = call(meeting_actions.sign_in, actor=clerk, token=token, meeting_id=m)
        acts.act(day, "meeting_signed", sign)
    after = day + timedelta(days=1)
    acts.act(after, "meeting_held", call(meeting_actions.mark_held, actor=clerk, meeting_id=m))
    publish = call(meeting_actions.publish_attendance, actor=clerk, meeting_id=m)
    acts.act(after, "meeting_published", publish)


def _professional(cast: Cast, acts: DayActs, rows: Rows, day: date) -> None:
    """A professional meeting of 市工商局, approved by the leader in charge."""
    office, who = cast.who["office"], cast.who
    units = [cast.units[FAGAI].pk, cast.units[MINLE].pk]
    held = cast.after(day, 6)
    spec = {
        "kind": "professional",
        "title": "全市个体工商户年报工作培训会",
        "starts_at": _moment(held, 15),
        "ends_at": _moment(held, 17),
        "place": "市工商局三楼会议室",
        "agenda": AGENDA,
        "invitations": [{"unit_id": pk, "level": "section"} for pk in units],
    }
    m = Ref(rows, "meeting")
    acts.act(day, "meeting_applied", call(meeting_actions.apply_meeting, m, actor=office, **spec))
    review = call(meeting_actions.review_meeting, actor=who["leader"], meeting_id=m, approve=True)
    acts.act(cast.after(day, 1), "meeting_decided", review)
    notify = call(meeting_actions.notify_meeting, actor=office, meeting_id=m)
    acts.act(cast.after(day, 2), "meeting_notified", notify)
    for unit, head in zip(units, (who["fagai"], who["minle"]), strict=True):
        confirm = call(
            meeting_actions.confirm_attendee,
            actor=head,
            invitation_id=Later(_invitation, m, unit),
            attendee_level="principal",
            attendee_id=head.pk,
        )
        acts.act(cast.after(day, 3), "meeting_confirmed", confirm)
    _held(acts, held, m, office, units)


# --- leave ----------------------------------------------------------------------------


def _approver(leave_id: int) -> Any:
    """The leader in charge of the unit (or the mayor), as the action decides."""
    row = LeaveRequest.objects.get(pk=leave_id)
    return approver_for(row.unit_id) or mayor()


def plan_leave(cast: Cast, acts: DayActs, rows: Rows) -> None:
    """Five leaves by the principal leaders who have a colleague to act; the
    third back three working days late, the fourth asked on its first day."""
    people = [
        (u, next(p for p in cast.members[pk] if p.pk != u.pk))
        for pk, u in cast.with_perm(leave_actions.REQUEST).items()
        if len(cast.members[pk]) > 1
    ]
    places = ("兰州", "北京", "西安", "武威", "酒泉")
    for k, fraction in enumerate((0.1, 0.3, 0.45, 0.65, 0.85) if people else ()):
        person, acting = people[k % len(people)]
        asked = cast.at(fraction)
        first, last = cast.after(asked, 3), cast.after(asked, 4 + k % 3)
        asked = first if k == 3 else asked  # after the fact
        ref = Ref(rows, "leave")
        request = call(
            leave_actions.request_leave,
            ref,
            actor=person,
            destination=places[k],
            purpose="参加省级业务培训" if k % 2 else "向省直部门汇报对接项目",
            starts_on=first,
            ends_on=last,
            acting_id=acting.pk,
        )
        acts.act(asked, "leave_requested", request)
        approve = call(leave_actions.approve_leave, actor=Later(_approver, ref), leave_id=ref)
        acts.act(cast.after(asked, 1) if k == 3 else asked, "leave_approved", approve)
        back = call(leave_actions.report_return, actor=person, leave_id=ref, returned_on=last)
        acts.act(cast.after(last, 4 if k == 2 else 1), "leave_returned", back)


# --- emergencies ----------------------------------------------------------------------

FLOOD = {
    "title": "黑河张掖段洪水",
    "category": "natural",
    "grade": "3",
    "place": "甘州区黑河大桥至临泽县板桥段",
    "description": (
        "受上游持续降雨影响，黑河张掖段水位超警戒线0.8米，沿岸部分农田被淹，需转移群众。"
    ),
}
ACCIDENT = {
    "title": "G312线民乐段交通事故",
    "category": "accident",
    "grade": "4",
    "place": "G312线民乐县六坝镇路段",
    "description": "一辆大货车与两辆小型客车相撞，造成3人受伤，道路单向通行受阻。",
}


def _occurred() -> datetime:
    return timesource.now() - timedelta(minutes=20)


def plan_emergencies(cast: Cast, acts: DayActs, rows: Rows) -> None:
    """The accident (民乐县: the mayor and minle called) and the flood (市水务局:
    the mayor, and the vice-mayor called too, who arrives the next day)."""
    desk, leader = cast.who["zhengfuban"], cast.who["leader"]
    for fraction, spec, code in ((0.25, ACCIDENT, MINLE), (0.55, FLOOD, WATER)):
        day, flood = cast.at(fraction), spec is FLOOD
        ref = Ref(rows, "emergency")
        register = call(
            emergency_actions.register_emergency,
            ref,
            actor=desk,
            occurred_at=Later(_occurred),
            department_id=cast.units[code].pk,
            **spec,
        )
        acts.act(day, "emergency_registered", register)
        if flood:
            add = call(
                emergency_actions.add_responder,
                actor=desk,
                emergency_id=ref,
                user_id=leader.pk,
                duty=Duty.LEADER,
            )
            acts.act(day, "emergency_called", add)
        acts.act(day, "emergency_checked_in", partial(_check_in, ref, leader if flood else None))
        if flood:
            late = call(
                emergency_actions.check_in, actor=leader, emergency_id=ref, place="黑河大桥"
            )
            acts.act(day + timedelta(days=1), "emergency_checked_in", late)
        log = call(
            emergency_actions.log_action,
            actor=desk,
            emergency_id=ref,
            text="现场设立临时指挥部，调集救援力量，疏导交通、转移群众。",
        )
        acts.act(day + timedelta(days=1), "emergency_logged", log)
        closed = cast.after(day, 3)
        close = call(emergency_actions.close_emergency, actor=desk, emergency_id=ref)
        acts.act(closed, "emergency_closed", close)
        acts.act(closed, "emergency_duties", partial(_duties, ref))
        review = call(
            emergency_actions.review_emergency,
            actor=cast.who["supervisor"],
            emergency_id=ref,
            review="响应及时，处置有序；个别人员到场迟缓，已通报。",
        )
        acts.act(cast.after(closed, 2), "emergency_reviewed", review)


def _responders(ref: Ref) -> list[Any]:
    row = Emergency.objects.get(pk=ref())
    people = [r.user for r in row.responders.select_related("user").order_by("pk")]
    return [u for u in people if has_perm(u, emergency_actions.RESPOND)]


def _check_in(ref: Ref, late: Any) -> None:
    """Everyone called checks in at once, but `late` (tomorrow)."""
    for user in _responders(ref):
        if late is None or user.pk != late.pk:
            emergency_actions.check_in(actor=user, emergency_id=ref(), place="事发现场")


def _duties(ref: Ref) -> None:
    for user in _responders(ref):
        emergency_actions.record_duties(
            actor=user, emergency_id=ref(), duties_done="到场指挥调度，协调救援和善后工作。"
        )


# --- visits ---------------------------------------------------------------------------

PROBLEMS = (
    "个体工商户反映经营场所登记手续繁琐",
    "村民反映农资市场存在假冒种子",
    "企业反映项目审批材料重复提交",
    "群众反映集贸市场计量器具不准",
    "合作社反映申请贷款贴息办理周期长",
)
PLACES = ("甘州区党寨镇", "民乐县六坝镇", "临泽县工业园区", "高台县巷道镇")


def plan_visits(cast: Cast, acts: DayActs, rng: random.Random, rows: Rows) -> None:
    """Ten visits, the vice-mayor and the mayor in turn; the problems of the
    first visit after the middle are left past their deadline."""
    followers = cast.with_perm(visit_actions.FOLLOW)
    units = sorted(followers)
    overdue_at, left = cast.at(0.55), False
    for k in range(10 if units else 0):
        day = cast.at(0.05 + 0.09 * k)
        picked = rng.sample(units, min(len(units), rng.randint(1, 2)))
        ref = Ref(rows, "visit")
        log = call(
            visit_actions.log_visit,
            ref,
            actor=cast.who["leader" if k % 2 == 0 else "mayor"],
            kind=("survey", "village", "site")[k % 3],
            visited_on=day,
            place=PLACES[k % len(PLACES)],
            people_met="村干部、群众代表和企业负责人",
            summary="实地察看生产经营情况，听取意见建议，现场研究解决具体问题。",
            issues=[
                {"problem": PROBLEMS[(k + j) % len(PROBLEMS)], "unit_id": u}
                for j, u in enumerate(picked)
            ],
        )
        acts.act(day, "visit_logged", log)
        if day >= overdue_at and not left:
            left = True
            continue
        acts.act(
            cast.after(day, rng.randint(3, 8)), "visit_resolved", partial(_resolve, ref, followers)
        )


def _resolve(ref: Ref, followers: dict[int, Any]) -> None:
    for issue in VisitIssue.objects.filter(visit_id=ref(), resolved_at__isnull=True).order_by("pk"):
        visit_actions.resolve_issue(
            actor=followers[issue.unit_id],
            issue_id=issue.pk,
            result="已核实并整改到位，向当事人反馈。",
        )

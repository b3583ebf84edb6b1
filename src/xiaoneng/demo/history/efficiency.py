"""Plays the efficiency year (`efficiency_plan.py`) through the real actions
of complaints, checks and accountability, day by day under the generator's
moved clock: each action its own durable transaction (as a desk would call
it), a refused step counted as a failure and its thing left alone after. On
every working day the complaint card sweep runs, as the scheduler would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count

from xiaoneng.accountability import actions as acc_actions
from xiaoneng.accountability import service as acc_service
from xiaoneng.accountability.models import AccountabilityCase, Rule
from xiaoneng.checks import actions as check_actions
from xiaoneng.checks.models import CheckPlan, Finding
from xiaoneng.complaints import actions as complaint_actions
from xiaoneng.complaints.actions.cards import issue_complaint_cards
from xiaoneng.complaints.models import Complaint, ComplaintCard, OutsideSystem
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.org.models import Department, User
from xiaoneng.supervision.models import CardColour, SupervisionCard

from .efficiency_plan import Act

Handler = Callable[[Act], object]

REFERRED_TO = {"resignation": "中共张掖市委组织部", "discipline": "张掖市纪委监委"}
FINDING_PLACES = ("政务服务中心窗口", "办公室", "业务科室", "服务大厅")
FINDING_TEXT = {
    "absence": "上班时间窗口无人，工作人员离岗逾30分钟",
    "games": "工作时间在办公室打牌",
    "chatting": "工作时间使用电脑上网聊天、玩游戏",
    "attitude": "对办事群众态度生硬，不作解释",
    "bribery": "向办事企业索要土特产",
    "other": "未按规定佩戴工作牌、公示岗位信息",
}


class EfficiencyPlayer:
    """Plays the acts; `staff.get(role, dept_code)` gives each department's people."""

    def __init__(self, staff: Any, failures: Counter[str], acts: list[Act]) -> None:
        self.by_day: dict[date, list[Act]] = {}
        for act in acts:
            self.by_day.setdefault(act.day, []).append(act)
        self.staff = staff
        self.failures = failures
        users = User.objects.filter(
            username__in=("complaint", "complainthead", "supervisor", "inspector", "organisation")
        )
        self.users = {u.username: u for u in users}
        self.dept_ids = dict(Department.objects.values_list("code", "pk"))
        self.ids: dict[str, int] = {}
        self.codes: dict[str, str] = {}
        self.broken: set[str] = set()
        self.system: OutsideSystem | None = None
        self.done = 0
        self.card_sweeps = 0
        parts = (complaint_handlers(self), check_handlers(self), case_handlers(self))
        self.handlers: dict[str, Handler] = {op: fn for part in parts for op, fn in part.items()}
        assert len(self.handlers) == sum(map(len, parts)), "an op named twice"

    def play_day(self, day: date, workday: bool) -> None:
        """The day's acts (already under the day's clock), then the sweep."""
        for act in self.by_day.get(day, []):
            self.play(act)
        if workday:
            issue_complaint_cards()
            self.card_sweeps += 1

    def play(self, act: Act) -> None:
        if act.key in self.broken:
            return
        try:
            self.handlers[act.op](act)
        except DomainError as exc:
            self.failures[f"{act.op}:{exc.code}"] += 1
            self.broken.add(act.key)
            return
        self.done += 1

    def user(self, name: str) -> User:
        return self.users[name]

    def head_of(self, dept_id: int) -> User:
        code = Department.objects.only("code").get(pk=dept_id).code
        return self.staff.get("dept_head", code)  # type: ignore[no-any-return]


# --- complaints --------------------------------------------------------------------------


def complaint_handlers(pl: EfficiencyPlayer) -> dict[str, Handler]:
    centre = pl.user("complaint")

    def cid(act: Act) -> int:
        return pl.ids[act.key]

    def issue_key(act: Act) -> None:
        pl.system, _ = complaint_actions.issue_api_key(
            actor=pl.user("complainthead"),
            name="张掖市12345政务服务便民热线平台",
            contact="0936-12345",
        )

    def submit(act: Act) -> None:
        row, code = _submit(pl, act.args)
        pl.ids[act.key], pl.codes[act.key] = row.pk, code

    def merge(act: Act) -> None:
        complaint_actions.merge_complaint(
            actor=centre,
            complaint_id=cid(act),
            into_id=pl.ids[act.args["into"]],
            reason="同一投诉人就同一事项重复投诉，合并办理",
        )

    def conclude(act: Act) -> None:
        outcome = act.args["outcome"]
        complaint_actions.conclude_complaint(
            actor=centre,
            complaint_id=cid(act),
            outcome=outcome,
            findings=CONCLUSIONS[outcome][0],
            handling_opinion=CONCLUSIONS[outcome][1],
            reply_text="您反映的问题已调查核实，处理结果如上。感谢您对机关效能建设的监督。",
        )

    def explain(act: Act) -> None:
        row = Complaint.objects.only("department_id").get(pk=cid(act))
        complaint_actions.submit_explanation(
            actor=pl.head_of(row.department_id),
            complaint_id=row.pk,
            text="经核查，已责成相关科室说明情况，并对当事人进行了批评教育。",
        )

    def reexamine(act: Act) -> None:
        complaint_actions.conclude_reexamination(
            actor=pl.user("complainthead"),
            complaint_id=cid(act),
            outcome=act.args["outcome"],
            findings="复查认为原处理认定事实不全面，部分反映属实。",
            reply_text="经复查，您反映的问题部分属实，已责成被投诉单位整改。",
        )

    return {
        "issue_key": issue_key,
        "submit": submit,
        "merge": merge,
        "submit_explanation": explain,
        "conclude": conclude,
        "conclude_reexamination": reexamine,
        **_complaint_calls(pl),
    }


def _complaint_calls(pl: EfficiencyPlayer) -> dict[str, Handler]:
    """The complaint steps that are one call each."""
    centre = pl.user("complaint")

    def cid(act: Act) -> int:
        return pl.ids[act.key]

    return {
        "accept": lambda a: complaint_actions.accept_complaint(actor=centre, complaint_id=cid(a)),
        "decline": lambda a: complaint_actions.decline_complaint(
            actor=centre,
            complaint_id=cid(a),
            reason="所反映事项已进入诉讼程序，不属于效能投诉受理范围",
        ),
        "transfer": lambda a: complaint_actions.transfer_complaint(
            actor=centre,
            complaint_id=cid(a),
            to_body="张掖市市场监督管理局",
            reason="反映的是产品质量纠纷，属市场监管部门职责",
        ),
        "request_explanation": lambda a: complaint_actions.request_explanation(
            actor=centre,
            complaint_id=cid(a),
            questions="请说明投诉所涉事项的办理经过及相关人员履职情况。",
        ),
        "request_extension": lambda a: complaint_actions.request_extension(
            actor=centre,
            complaint_id=cid(a),
            days=a.args["days"],
            reason="涉及多个部门，需调取监控录像核实",
        ),
        "approve_extension": lambda a: complaint_actions.approve_extension(
            actor=pl.user("complainthead"), complaint_id=cid(a)
        ),
        "callback": lambda a: complaint_actions.record_callback(
            actor=centre,
            complaint_id=cid(a),
            satisfaction=a.args["satisfaction"],
            note="电话回访投诉人",
        ),
        "rate": lambda a: complaint_actions.rate_by_complainant(
            number=_number(pl, a), query_code=pl.codes[a.key], satisfaction=a.args["satisfaction"]
        ),
        "request_reexamination": lambda a: complaint_actions.request_reexamination(
            number=_number(pl, a),
            query_code=pl.codes[a.key],
            reason="对处理结果不服，被投诉单位仍未改正",
        ),
    }


CONCLUSIONS = {
    "substantiated": (
        "经调阅记录、询问当事人，投诉反映的问题属实。",
        "责成被投诉单位限期整改，对当事人批评教育。",
    ),
    "partly": (
        "经调查核实，投诉反映的问题部分属实。",
        "责成被投诉单位改进工作作风，完善办事指南。",
    ),
    "unsubstantiated": ("经调查核实，投诉反映的问题不属实。", "向投诉人解释相关规定，不予追究。"),
}


def _number(pl: EfficiencyPlayer, act: Act) -> str:
    return str(Complaint.objects.only("number").get(pk=pl.ids[act.key]).number)


def _submit(pl: EfficiencyPlayer, m: dict[str, Any]) -> tuple[Complaint, str]:
    channel = m["channel"]
    args: dict[str, Any] = {
        "category": m["category"],
        "department_id": pl.dept_ids[m["department"]],
        "title": m["title"],
        "description": f"{m['title']}。希望有关部门调查处理。",
        "address_string": "张掖市甘州区",
    }
    named = {"anonymous": False, "complainant_name": m["name"], "complainant_phone": m["phone"]}
    if channel == "online_anonymous":
        return complaint_actions.submit_complaint(
            actor=None, channel="online", anonymous=True, **args
        )
    if channel == "online_named":
        return complaint_actions.submit_complaint(actor=None, channel="online", **named, **args)
    if channel == "open311":
        return complaint_actions.submit_complaint(
            actor=None, channel="open311", outside_system=pl.system, **named, **args
        )
    return complaint_actions.submit_complaint(
        actor=pl.user("complaint"), channel=channel, **named, **args
    )


# --- checks ------------------------------------------------------------------------------


def check_handlers(pl: EfficiencyPlayer) -> dict[str, Handler]:
    sup = pl.user("supervisor")

    def create_plan(act: Act) -> None:
        first, last = act.args["period"]
        plan = check_actions.create_plan(
            actor=sup,
            title=f"第{act.args['round']}轮机关作风明察暗访",
            period_start=first,
            period_end=last,
            focus="工作纪律、服务态度、窗口在岗情况",
            department_ids=[pl.dept_ids[c] for c in act.args["targets"]],
        )
        pl.ids[act.key] = plan.pk

    def add_member(act: Act) -> None:
        check_actions.add_team_member(
            actor=sup,
            plan_id=pl.ids[act.key],
            user_id=pl.user(act.args["user"]).pk,
            leader=act.args["leader"],
        )

    def record(act: Act) -> None:
        a = act.args
        seen = datetime.combine(a["seen"], time(10, 0), tzinfo=timesource.SHANGHAI)
        row = check_actions.record_finding(
            actor=sup,
            plan_id=pl.ids[a["plan"]],
            department_id=pl.dept_ids[a["dept"]],
            kind=a["kind"],
            observed_at=seen,
            place=FINDING_PLACES[len(pl.ids) % 4],
            description=FINDING_TEXT[a["kind"]],
            staff_name="",
        )
        pl.ids[act.key] = row.pk

    def rectify(act: Act) -> None:
        row = Finding.objects.only("department_id").get(pk=pl.ids[act.key])
        words = (
            "已重新整改并建立长效机制。"
            if act.args.get("again")
            else "已对相关人员批评教育，完善了考勤制度。"
        )
        check_actions.submit_rectification(
            actor=pl.head_of(row.department_id), finding_id=row.pk, report=words
        )

    def fid(act: Act) -> int:
        return pl.ids[act.key]

    return {
        "create_plan": create_plan,
        "add_member": add_member,
        "approve_plan": lambda a: check_actions.approve_plan(actor=sup, plan_id=pl.ids[a.key]),
        "record_finding": record,
        "notify_finding": lambda a: check_actions.notify_finding(actor=sup, finding_id=fid(a)),
        "publish_finding": lambda a: check_actions.publish_finding(
            actor=sup, finding_id=fid(a), summary="明察暗访发现该单位存在工作作风问题，已责令整改。"
        ),
        "submit_rectification": rectify,
        "return_rectification": lambda a: check_actions.return_rectification(
            actor=sup, finding_id=fid(a), note="整改措施不具体，请补充"
        ),
        "verify_rectification": lambda a: check_actions.verify_rectification(
            actor=sup, finding_id=fid(a), note="经核实已整改到位"
        ),
        "close_plan": lambda a: check_actions.close_plan(actor=sup, plan_id=pl.ids[a.key]),
    }


# --- accountability ----------------------------------------------------------------------

TITLES = {
    "admonition": "窗口工作人员推诿扯皮、态度生硬",
    "circulated_criticism": "明察暗访发现工作人员违反工作纪律",
    "rectification_order": "办事指南不完整致群众多次往返",
    "resignation": "重点项目审批严重滞后造成恶劣影响",
    "discipline": "审批办件超期未办且整改不力",
}
PROPOSALS = {
    "admonition": "建议对当事人诫勉谈话",
    "circulated_criticism": "建议在全市通报批评",
    "rectification_order": "建议责令限期改正",
    "resignation": "建议责令单位主要负责人引咎辞职",
    "discipline": "建议给予组织纪律处理",
}


def _source(pl: EfficiencyPlayer, a: dict[str, Any]) -> tuple[str, str, int | None]:
    """(source kind, reference, department id when the caller names it)."""
    kind = a["kind"]
    if kind == "complaint":
        return kind, _number(pl, Act(date.min, 0, "", a["source"])), None
    if kind == "finding":
        return kind, str(Finding.objects.only("number").get(pk=pl.ids[a["source"]]).number), None
    if kind == "card":
        # The earliest red card of the history not yet taken up, if there is one.
        taken = AccountabilityCase.objects.filter(source_kind="card").values_list("source_ref")
        card = (
            SupervisionCard.objects.filter(colour=CardColour.RED)
            .exclude(pk__in=[int(r) for (r,) in taken])
            .order_by("issued_on", "pk")
            .first()
        )
        if card is not None:
            return kind, str(card.pk), None
    return "direct", "市政府主要领导批示（张政阅〔2026〕7号）", pl.dept_ids[a["dept"]]


def _open_case(pl: EfficiencyPlayer, act: Act) -> None:
    """立案 from the planned source, naming the unit and a person."""
    a = act.args
    kind, ref, dept_id = _source(pl, a)
    dept_code = a["dept"] if dept_id else _source_dept_code(kind, ref)
    boss = pl.staff.get("dept_head", dept_code)
    clerk = pl.staff.get("window", dept_code)
    subjects: list[dict[str, Any]] = [{"kind": "unit"}]
    if a["measure"] == "resignation":
        subjects.append({"kind": "leader", "user_id": boss.pk})
    else:
        subjects.append({"kind": "staff", "user_id": clerk.pk})
    rule = Rule.objects.filter(active=True).order_by("pk").values_list("pk", flat=True)[:1]
    case = acc_actions.open_case(
        actor=pl.user("supervisor"),
        source_kind=kind,
        source_ref=ref,
        title=TITLES[a["measure"]],
        facts=f"{TITLES[a['measure']]}，经调查属实。",
        subjects=subjects,
        rule_ids=list(rule),
        department_id=dept_id,
    )
    pl.ids[act.key] = case.pk


def case_handlers(pl: EfficiencyPlayer) -> dict[str, Handler]:
    sup = pl.user("supervisor")
    org = pl.user("organisation")

    def row(act: Act) -> AccountabilityCase:
        return AccountabilityCase.objects.select_related("department").get(pk=pl.ids[act.key])

    def head(act: Act) -> User:
        return pl.head_of(row(act).department_id)

    def propose(act: Act) -> None:
        m = act.args["measure"]
        acc_actions.propose_measure(
            actor=sup,
            case_id=pl.ids[act.key],
            measure_code=m,
            proposal=PROPOSALS[m],
            rectify_days=10 if m == "rectification_order" else None,
        )

    def register(act: Act) -> None:
        m = row(act).measure
        body = REFERRED_TO.get(m.code if m else "", "中共张掖市委组织部")
        acc_actions.register_referral_result(
            actor=org,
            case_id=pl.ids[act.key],
            adopted=True,
            decision_body=body,
            decision_text=f"经研究，同意{PROPOSALS.get(m.code if m else '', '处理')[2:]}。",
        )

    def refer(act: Act) -> None:
        m = row(act).measure
        acc_actions.refer_case(
            actor=sup,
            case_id=pl.ids[act.key],
            referred_to=REFERRED_TO.get(m.code if m else "", "中共张掖市委组织部"),
        )

    def k(act: Act) -> int:
        return pl.ids[act.key]

    return {
        "open_case": lambda a: _open_case(pl, a),
        "request_statement": lambda a: acc_actions.request_statement(actor=sup, case_id=k(a)),
        "submit_statement": lambda a: acc_actions.submit_statement(
            actor=head(a), case_id=k(a), text="对问题无异议，已深刻反思并整改。"
        ),
        "propose": propose,
        "decide": lambda a: acc_actions.decide_measure(actor=sup, case_id=k(a)),
        "refer": refer,
        "register_result": register,
        "serve": lambda a: acc_service.serve_decision(actor=sup, case_id=k(a)),
        "appeal": lambda a: acc_service.file_appeal(
            actor=head(a), case_id=k(a), reason="认为情节轻微，且已及时纠正，请求撤销。"
        ),
        "decide_appeal": lambda a: acc_service.decide_appeal(
            actor=sup, case_id=k(a), outcome="upheld", note="事实清楚，维持原决定。"
        ),
        "report_order": lambda a: acc_service.report_rectification(
            actor=head(a), case_id=k(a), report="已修订办事指南并公示，组织窗口人员培训。"
        ),
        "verify_order": lambda a: acc_service.verify_rectification(
            actor=sup, case_id=k(a), accepted=True, note="经核实已整改到位"
        ),
        "close_case": lambda a: acc_service.close_case(actor=sup, case_id=k(a)),
    }


def _source_dept_code(kind: str, ref: str) -> str:
    if kind == "complaint":
        return str(Complaint.objects.select_related("department").get(number=ref).department.code)
    if kind == "finding":
        return str(Finding.objects.select_related("department").get(number=ref).department.code)
    return str(
        SupervisionCard.objects.select_related("department").get(pk=int(ref)).department.code
    )


# --- what the year left ------------------------------------------------------------------


def tally() -> dict[str, Any]:
    """Complaints by status and outcome in force, findings, measures by kind, cards."""

    def grouped(qs: Any, name: str) -> dict[str, int]:
        rows = qs.order_by().values(name).annotate(n=Count("pk"))
        return {str(r[name] or "-"): r["n"] for r in rows}

    return {
        "complaints": Complaint.objects.count(),
        "complaint_status": grouped(Complaint.objects.all(), "status"),
        "complaint_outcome": grouped(Complaint.objects.exclude(outcome=""), "outcome"),
        "complaint_channel": grouped(Complaint.objects.all(), "channel"),
        "complaint_cards": grouped(ComplaintCard.objects.all(), "colour"),
        "check_plans": CheckPlan.objects.count(),
        "findings": grouped(Finding.objects.all(), "status"),
        "measures": grouped(AccountabilityCase.objects.exclude(measure=None), "measure__code"),
        "case_status": grouped(AccountabilityCase.objects.all(), "status"),
    }


def describe_efficiency(e: dict[str, Any]) -> list[str]:
    """The tally as lines for the command's output."""
    if not e:
        return []

    def joined(d: dict[str, int]) -> str:
        return "，".join(f"{k} {v}" for k, v in sorted(d.items())) or "无"

    return [
        f"效能投诉 {e['complaints']} 件；结果：{joined(e['complaint_outcome'])}；"
        f"状态：{joined(e['complaint_status'])}",
        f"投诉渠道：{joined(e['complaint_channel'])}；投诉黄牌红牌：{joined(e['complaint_cards'])}",
        f"明察暗访计划 {e['check_plans']} 个，发现问题 {sum(e['findings'].values())} 个"
        f"（{joined(e['findings'])}）",
        f"问责方式：{joined(e['measures'])}；问责案件：{joined(e['case_status'])}",
    ]

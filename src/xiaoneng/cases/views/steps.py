"""The steps a staff member can take on a case page, as data: who may (function
permission), when (status), what form, which action. A button shows only when
both hold; the action called stays the authority and refuses otherwise."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xiaoneng.cases import actions
from xiaoneng.cases.authority import may_act
from xiaoneng.cases.forms import (
    CaseForm,
    DecideForm,
    DeliverForm,
    ExtensionForm,
    NoticeForm,
    OpinionForm,
    RefuseForm,
    SuspendForm,
    WithdrawForm,
)
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.cases.steps import CaseConflict, rehearse
from xiaoneng.core.clock import EventKind
from xiaoneng.org.authority import unit_of

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

INTAKE_OPEN = {CaseStatus.RECEIVED, CaseStatus.SUPPLEMENTING, CaseStatus.SUPPLEMENTED}
RUNNING = {CaseStatus.ACCEPTED, CaseStatus.SUSPENDED}
BEFORE_DECISION = INTAKE_OPEN | RUNNING


@dataclass(frozen=True)
class Step:
    key: str  # URL slug
    label: str
    when: Callable[[Case, Any], bool]  # status (and actor) allow it
    run: Callable[[Any, Case, dict[str, Any]], object]
    form: type[CaseForm]
    confirm: str
    done: Callable[[Case], str]
    style: str = ""  # "primary" / "danger"
    inline: bool = False  # a bare button (no fields to fill in)
    hint: str = ""

    def shown_to(self, actor: Actor, case: Case) -> bool:
        # The same table the action asks (`cases.authority`): a button shows
        # only where the action would not refuse the actor.
        return self.when(case, actor) and may_act(actor, case, self.key)

    def make_form(self, case: Case, data: Any = None) -> CaseForm:
        # Ids per step: several forms on one page share field names.
        return self.form(data, case=case, auto_id=f"{self.key}-%s")


def _version(data: dict[str, Any]) -> int | None:
    value: int | None = data.get("version")
    return value


def _calls(
    action: Callable[..., object], *fields: str, versioned: bool = True
) -> Callable[[Any, Case, dict[str, Any]], object]:
    """The step's action on the case with the form's `fields`, and the version
    the form was drawn at (the action's optimistic lock) where it takes one."""

    def run(actor: Actor, case: Case, data: dict[str, Any]) -> object:
        kwargs = {name: data[name] for name in fields}
        if versioned:
            kwargs["expected_version"] = _version(data)
        return action(actor=actor, case_id=case.pk, **kwargs)

    return run


def _pending_opinion(case: Case, actor: Actor) -> bool:
    unit = unit_of(actor)
    return unit is not None and any(
        o.department_id == unit.pk and o.given_on is None for o in case.opinions.all()
    )


def _accepted_at_intake(case: Case, actor: Actor) -> bool:
    # Deemed accepted (ALL art. 32) without a voucher yet: acceptance is still recorded.
    if case.status in (CaseStatus.RECEIVED, CaseStatus.SUPPLEMENTED):
        return True
    return (
        case.deemed_accepted
        and case.status == CaseStatus.ACCEPTED
        and not case.events.filter(kind="accepted").exists()
    )


def _extension_in_time(case: Case, days: int) -> bool:
    # The clock's own rule (ALL art. 42): no extension once the limit ran out.
    try:
        rehearse(case=case, kind=EventKind.EXTENDED, days=days)
    except CaseConflict:
        return False
    return True


def _accepted_message(case: Case) -> str:
    if case.is_instant and case.status == CaseStatus.DELIVERED:
        return "即办件，当场办结：已准予许可并当场送达。"
    return "已受理，受理通知书已出具。"


STEPS: tuple[Step, ...] = (
    Step(
        "accept",
        "受理",
        _accepted_at_intake,
        _calls(actions.accept_case),
        CaseForm,
        "确认材料齐全、符合法定形式，予以受理？即办件将当场办结。",
        _accepted_message,
        style="primary",
        inline=True,
    ),
    Step(
        "supplement-notice",
        "一次性告知",
        lambda c, a: c.status == CaseStatus.RECEIVED,
        _calls(actions.issue_supplement_notice, "missing"),
        NoticeForm,
        "一次性告知只能出具一次，须列明全部需补正的材料。确认出具？",
        lambda c: "已出具一次性告知书，等待申请人补正（补正期间不计时）。",
        hint="材料不齐全或者不符合法定形式的，一次告知申请人需要补正的全部内容（行政许可法第三十二条）",
    ),
    Step(
        "supplement",
        "登记补正",
        lambda c, a: c.status == CaseStatus.SUPPLEMENTING,
        _calls(actions.record_supplement),
        CaseForm,
        "确认申请人已按一次性告知补正全部材料？",
        lambda c: "已登记补正，请在5个工作日内作出受理决定。",
        inline=True,
    ),
    Step(
        "refuse",
        "不予受理",
        lambda c, a: c.status in INTAKE_OPEN,
        _calls(actions.refuse_case, "reason", "competent_authority"),
        RefuseForm,
        "确认不予受理？将出具不予受理决定书。",
        lambda c: "已作出不予受理决定。",
        style="danger",
        hint="不属于行政许可事项或者不属于本机关职权范围的，说明理由并告知有权机关",
    ),
    Step(
        "suspend",
        "特别程序",
        lambda c, a: c.status == CaseStatus.ACCEPTED,
        _calls(actions.suspend_case, "procedure", "expected_days", "reason"),
        SuspendForm,
        "启动特别程序后计时中止，所需时间不计入办结期限。确认？",
        lambda c: "已启动特别程序，计时中止；请书面告知申请人所需时间。",
        hint="听证、招标、拍卖、检验、检测、检疫、鉴定、专家评审，所需时间不计入期限（第四十五条）",
    ),
    Step(
        "resume",
        "恢复计时",
        lambda c, a: c.status == CaseStatus.SUSPENDED,
        _calls(actions.resume_case),
        CaseForm,
        "特别程序已结束，确认恢复计时？",
        lambda c: "已恢复计时，办结期限已顺延。",
        inline=True,
    ),
    Step(
        "extend",
        "申请延期",
        lambda c, a: (
            c.status in RUNNING
            and not c.extension_days
            and not c.extension_requested_days
            and _extension_in_time(c, 1)
        ),
        _calls(actions.request_extension, "days", "reason"),
        ExtensionForm,
        "延期只能申请一次，须经本部门负责人批准。确认提交？",
        lambda c: "延期申请已提交，待负责人批准。",
        hint="限一次，须在期限届满前申请并获批准；联合、并联办理由本级人民政府负责人批准（第四十二条）",
    ),
    Step(
        "approve-extension",
        "批准延期",
        lambda c, a: (
            c.status in RUNNING
            and c.extension_requested_days > 0
            and not c.extension_days
            and _extension_in_time(c, c.extension_requested_days)
        ),
        _calls(actions.approve_extension),
        CaseForm,
        "确认批准延期？延期理由将告知申请人。",
        lambda c: f"已批准延期 {c.extension_days} 个工作日。",
        style="primary",
        inline=True,
    ),
    Step(
        "opinion",
        "出具会签意见",
        _pending_opinion,
        _calls(actions.give_opinion, "agrees", "opinion", versioned=False),
        OpinionForm,
        "会签意见出具后不能修改。确认提交？",
        lambda c: "会签意见已出具。",
        style="primary",
        hint="并联审批：本部门的会签意见，有单独的出具期限",
    ),
    Step(
        "decide",
        "作出决定",
        lambda c, a: c.status == CaseStatus.ACCEPTED,
        _calls(actions.decide_case, "decision", "reason"),
        DecideForm,
        "审批决定作出后不能撤回。确认？",
        lambda c: f"已作出决定：{c.get_decision_display()}。请在10个工作日内送达。",
        style="primary",
        hint="准予许可，或者不予许可并说明理由（第三十八条）",
    ),
    Step(
        "deliver",
        "送达",
        lambda c, a: c.status == CaseStatus.DECIDED,
        _calls(actions.deliver_case, "method", "recipient", "tracking_no"),
        DeliverForm,
        "确认证照或决定书已送达？送达后办件办结，可打印送达回证。",
        lambda c: "已送达，办件办结。送达回证可在“文书”中打印。",
        style="primary",
        hint="当场送达、邮寄送达（填写邮件号）、电子送达，或依法公告送达（行政许可法第四十四条）",
    ),
    Step(
        "withdraw",
        "代为撤回",
        lambda c, a: c.status in BEFORE_DECISION,
        _calls(actions.withdraw_case, "reason"),
        WithdrawForm,
        "确认申请人要求撤回申请？撤回后办件终止。",
        lambda c: "申请已撤回，办件终止。",
        style="danger",
        hint="申请人在作出决定前要求撤回申请的",
    ),
)

STEP_BY_KEY = {step.key: step for step in STEPS}


def data_of(form: CaseForm) -> dict[str, Any]:
    """What the step's action takes: the cleaned form, the notice as its list."""
    data = dict(form.cleaned_data)
    if isinstance(form, NoticeForm):
        data["missing"] = form.missing()
    return data

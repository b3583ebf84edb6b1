"""The kinds of case documents: which event issues each, its title, its
series in the document number (发文字号), and what it says. A document exists
only when its event does; its date is the event's date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from xiaoneng.cases.actions import SPECIAL_PROCEDURES
from xiaoneng.cases.models import CaseEvent, Decision
from xiaoneng.core.clock import EventKind

from .facts import CaseFacts
from .layout import cn_date
from .layout.model import Paragraph

ALL = "《中华人民共和国行政许可法》"

Body = Callable[[CaseFacts, CaseEvent], list[Paragraph]]


@dataclass(frozen=True)
class DocumentKind:
    key: str  # the URL's {kind}
    title: str
    event: EventKind
    series: str  # 发文字号类别字, e.g. 受 in 张工商受〔2026〕17号
    missing: str  # why it does not exist yet, for the error message
    body: Body
    matches: Callable[[CaseEvent], bool] = lambda event: True


def _application(f: CaseFacts) -> str:
    return f"你（单位）于{cn_date(f.received_on)}提出的{f.item}申请（办件编号：{f.tracking_no}）"


def _accepted(f: CaseFacts) -> str:
    return f"，本机关已于{cn_date(f.accepted_on)}受理" if f.accepted_on else ""


def _remedy(f: CaseFacts) -> Paragraph:
    return Paragraph(
        f"如不服本决定，可以自收到本决定书之日起六十日内向{f.government}申请行政复议，"
        "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
    )


def _clause(text: str) -> str:
    """A free text from an event, fit to stand inside a sentence."""
    return " ".join(text.split()).rstrip("。；;，,")


# The query code is known only once, at receipt (only its digest is kept), so
# no notice — printed then or re-printed later, always the same bytes — can
# carry it; it says where the code is. The tracking page's help says the same.
TRACKING = Paragraph(
    "凭办件编号和查询码（载于材料接收凭证或网上申请提交成功页面），"
    "可在张掖市政务服务网“办件查询”中查询进度、下载文书。"
)


def _acceptance(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    first = Paragraph(
        f"{_application(f)}，申请材料齐全、符合法定形式。根据{ALL}第三十二条第一款"
        "第（五）项的规定，本机关决定予以受理。"
    )
    if f.instant:
        return [first, Paragraph("本事项为即办件，本机关当场作出决定。"), TRACKING]
    return [
        first,
        Paragraph(
            f"本机关将自受理之日起{f.committed_days}个工作日内作出决定。"
            f"依法需要听证、检验、检测、鉴定、专家评审等的，所需时间不计算在内。"
        ),
        TRACKING,
    ]


def _refusal(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    reason = _clause(event.payload.get("reason") or event.note)
    authority = _clause(event.payload.get("competent_authority") or "")
    if authority:
        text = (
            f"{_application(f)}，经审查，{reason}。该申请事项依法不属于本机关职权范围，"
            f"根据{ALL}第三十二条第一款第（二）项的规定，本机关决定不予受理，"
            f"请向{authority}申请。"
        )
    else:
        text = (
            f"{_application(f)}，经审查，{reason}。根据{ALL}第三十二条第一款的规定，"
            "本机关决定不予受理。"
        )
    return [Paragraph(text), _remedy(f)]


def _supplement(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    missing = [_clause(m) for m in event.payload.get("missing", []) if _clause(m)]
    return [
        Paragraph(
            f"{_application(f)}，申请材料不齐全或者不符合法定形式。根据{ALL}第三十二条"
            "第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容："
        ),
        *(Paragraph(f"{i}．{m}。") for i, m in enumerate(missing, start=1)),
        Paragraph("请一次补正上述全部材料。补正材料齐全、符合法定形式的，本机关将予以受理。"),
    ]


def _suspension(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    procedure = SPECIAL_PROCEDURES.get(event.payload.get("procedure", ""), "特别程序")
    days = event.payload.get("expected_days")
    # The action writes the note as "<procedure>：<reason>".
    reason = _clause(event.note.split("：", 1)[1]) if "：" in event.note else ""
    because = f"（{reason}）" if reason else ""
    return [
        Paragraph(
            f"{_application(f)}{_accepted(f)}。该申请依法需要{procedure}{because}。"
            f"根据{ALL}第四十五条的规定，{procedure}所需时间不计算在行政许可期限内，"
            f"自{cn_date(event.on)}起中止计算办理期限。"
        ),
        Paragraph(
            f"{procedure}预计所需时间为{days}日。{procedure}结束后，本机关将恢复计算"
            "办理期限，并依法作出决定。"
        ),
    ]


def _extension(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    """States the reason, the working days added and the new deadline
    (ALL art. 42: the applicant is told the reason of the extension)."""
    reason = _clause(event.payload.get("reason") or event.note)
    approver, clause = ("本级人民政府负责人", "第二款") if f.joint else ("本机关负责人", "第一款")
    due = f.extended_due.get(event.pk)
    until = f"，延长后的办结期限为{cn_date(due)}" if due else ""
    return [
        Paragraph(
            f"{_application(f)}{_accepted(f)}。因{reason}，本机关不能在规定期限内作出决定。"
            f"经{approver}批准，根据{ALL}第四十二条{clause}的规定，作出行政许可决定的期限"
            f"延长{event.days}个工作日{until}。"
        ),
        Paragraph("本机关将在延长后的期限内作出决定，并依法告知你（单位）。"),
    ]


def _approval(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    basis = f"{f.legal_basis}和" if f.legal_basis else ""
    return [
        Paragraph(
            f"{_application(f)}{_accepted(f)}。经审查，该申请符合法定条件、标准。"
            f"根据{basis}{ALL}第三十八条第一款的规定，本机关决定准予行政许可。"
        ),
        Paragraph(
            f"本机关将自作出决定之日起十日内向你（单位）颁发、送达行政许可证件（{ALL}第四十四条）。"
        ),
    ]


def _denial(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    reason = _clause(event.note)
    return [
        Paragraph(
            f"{_application(f)}{_accepted(f)}。经审查，{reason}，不符合法定条件、标准。"
            f"根据{ALL}第三十八条第二款的规定，本机关决定不予行政许可。"
        ),
        _remedy(f),
    ]


def _decided(decision: str) -> Callable[[CaseEvent], bool]:
    return lambda event: event.payload.get("decision") == decision


KINDS: tuple[DocumentKind, ...] = (
    DocumentKind(
        "supplement-notice",
        "补正材料一次性告知书",
        EventKind.SUPPLEMENT_NOTICE,
        "补",
        "尚未作出一次性告知",
        _supplement,
    ),
    DocumentKind("acceptance", "受理通知书", EventKind.ACCEPTED, "受", "办件尚未受理", _acceptance),
    DocumentKind(
        "refusal", "不予受理决定书", EventKind.REFUSED, "不受", "办件未被决定不予受理", _refusal
    ),
    DocumentKind(
        "suspension", "特别程序告知书", EventKind.SUSPENDED, "中", "办件未进入特别程序", _suspension
    ),
    DocumentKind(
        "extension", "延长审批期限告知书", EventKind.EXTENDED, "延", "办件未经批准延期", _extension
    ),
    DocumentKind(
        "approval",
        "准予行政许可决定书",
        EventKind.DECIDED,
        "许",
        "办件尚未作出准予许可的决定",
        _approval,
        _decided(Decision.APPROVED),
    ),
    DocumentKind(
        "denial",
        "不予行政许可决定书",
        EventKind.DECIDED,
        "不许",
        "办件尚未作出不予许可的决定",
        _denial,
        _decided(Decision.DENIED),
    ),
)

KIND_BY_KEY = {kind.key: kind for kind in KINDS}

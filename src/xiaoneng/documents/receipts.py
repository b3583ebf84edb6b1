"""The window's papers of a case, beside its notices (kinds.py): the
材料接收凭证 of the 收件 step, the 办结凭证 of an instant item finished at the
window, and the 送达回证 of the 送达 step. Laid out by the same GB/T 9704
machinery; their facts come from the issuing step's own record (the
materials taken in, the delivery's method and recipient).

The query code is known only at intake: the receipt printed then
(`services.receipt_with_query_code`) carries it in place of the
QUERY_CODE_NOTE line and is never stored; re-printed later, the receipt
says the code is not repeated."""

from __future__ import annotations

from typing import Any

from xiaoneng.cases.models import CaseEvent, DeliveryMethod
from xiaoneng.core.clock import EventKind

from .facts import CaseFacts
from .kinds import DocumentKind
from .layout import cn_date
from .layout.model import Paragraph

DOCUMENT_NAMES = {"approved": "准予行政许可决定书", "denied": "不予行政许可决定书"}


def _line(label: str, value: str) -> Paragraph:
    return Paragraph(f"{label}：{value or '—'}", indent=0)


def _copies(row: dict[str, Any]) -> str:
    parts = [f"原件{row['originals']}份" if row.get("originals") else ""]
    parts.append(f"复印件{row['copies']}份" if row.get("copies") else "")
    return "、".join(p for p in parts if p) or "—"


def _materials(event: CaseEvent) -> list[Paragraph]:
    rows = (event.payload or {}).get("materials")
    if not isinstance(rows, list):
        return [Paragraph("收到的申请材料以窗口登记为准（本办件收件时未逐项登记）。")]
    got = [r for r in rows if r.get("received")]
    lines = [Paragraph("收到申请材料如下：", indent=0)]
    lines += [
        Paragraph(f"{n}. {r['name']}（{_copies(r)}）", indent=2) for n, r in enumerate(got, 1)
    ]
    if not got:
        lines.append(Paragraph("（未收到申请材料）", indent=2))
    missing = [r["name"] for r in rows if r.get("required") and not r.get("received")]
    if missing:
        lines.append(Paragraph(f"尚缺必备材料：{'、'.join(missing)}，将一次性告知补正。", indent=0))
    return lines


def _receipt(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    return [
        _line("办件编号", f.tracking_no),
        _line("申请事项", f.item),
        _line("申请人", f.applicant),
        _line("收件日期", cn_date(event.on)),
        _line("收件人", event.actor_name),
        query_code_line(""),  # at intake: the code itself (services.receipt_with_query_code)
        *_materials(event),
        Paragraph("本凭证仅证明已收到上列材料，不表示已受理；是否受理，五个工作日内告知。"),
    ]


def _completion(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    return [
        _line("办件编号", f.tracking_no),
        _line("申请事项", f.item),
        _line("申请人", f.applicant),
        _line("办结日期", cn_date(event.on)),
        _line("经办人", event.actor_name),
        Paragraph(
            f"你（单位）于{cn_date(f.received_on)}提出的{f.item}申请，属即办件，本机关已当场"
            "受理、当场作出准予许可的决定并当场送达，本办件办结。"
        ),
    ]


def _delivery_proof(f: CaseFacts, event: CaseEvent) -> list[Paragraph]:
    data = event.payload or {}
    method = data.get("method") or DeliveryMethod.IN_PERSON
    decided = next((e for e in event.case.events.all() if e.kind == EventKind.DECIDED), None)
    decision = (decided.payload or {}).get("decision", "") if decided else ""
    lines = [
        _line("送达文书", DOCUMENT_NAMES.get(decision, "行政许可决定书")),
        _line("办件编号", f.tracking_no),
        _line("受送达人", data.get("recipient") or f.applicant),
        _line("送达方式", DeliveryMethod(method).label if method in DeliveryMethod.values else "—"),
        _line("送达日期", cn_date(event.on)),
        _line("送达人", event.actor_name),
    ]
    if data.get("tracking_no"):
        lines.append(_line("邮件号", data["tracking_no"]))
    lines += [
        Paragraph("受送达人签名（盖章）：　　　　　　　　　签收日期：　　年　　月　　日", indent=0),
        Paragraph(
            "备注：邮寄送达的，以回执上注明的收件日期为送达日期；电子送达的，以送达信息到达"
            "受送达人特定系统的日期为送达日期。"
        ),
    ]
    return lines


RECEIPT_KINDS: tuple[DocumentKind, ...] = (
    # Only a window's intake lists the materials taken in (an online
    # application has nothing handed over to acknowledge).
    DocumentKind(
        "receipt",
        "材料接收凭证",
        EventKind.RECEIVED,
        "收",
        "办件不是窗口收件的，没有材料接收凭证",
        _receipt,
        lambda event: isinstance((event.payload or {}).get("materials"), list),
    ),
    DocumentKind(
        "completion",
        "办结凭证",
        EventKind.DELIVERED,
        "结",
        "办件不是当场办结的即办件",
        _completion,
        lambda event: bool((event.payload or {}).get("instant")),
    ),
    DocumentKind(
        "delivery-proof", "送达回证", EventKind.DELIVERED, "送", "办件尚未送达", _delivery_proof
    ),
)

QUERY_CODE_NOTE = "查询码：收件时告知（载于当时打印的本凭证，补打的凭证不再载明）"


def query_code_line(query_code: str) -> Paragraph:
    if query_code:
        return Paragraph(
            f"查询码：{query_code}（凭办件编号和查询码在政务服务网查询进度、下载文书）", indent=0
        )
    return Paragraph(QUERY_CODE_NOTE, indent=0)

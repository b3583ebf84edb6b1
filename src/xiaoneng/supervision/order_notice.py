"""The 督办通知书 (or 纠错通知书) of a supervision order as a GB/T 9704 PDF,
laid out by the documents app: addressed to the responsible department, it
states the case (or the subject), what is overdue or wrong, the order's text,
the deadline to answer and the issuing organ. The same order gives the same
bytes; its download is `supervision:order_notice`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.documents.facts import organ_code
from xiaoneng.documents.layout import Letter, Paragraph, cn_date
from xiaoneng.documents.responses import stored_pdf_response
from xiaoneng.documents.services import sealed_pdf
from xiaoneng.documents.store import Stored, Subject, stored_or_rendered
from xiaoneng.org.authority import unit_of

from . import selectors
from .models import OrderKind, SupervisionOrder

TITLES = {OrderKind.URGE: "督办通知书", OrderKind.CORRECT: "纠错通知书"}
SERIES = {OrderKind.URGE: "督", OrderKind.CORRECT: "纠"}
BASIS = (
    "根据《关于进一步转变作风抓落实提升政府工作效能的意见》（张政发〔2012〕20号）和电子监察工作制度"
)
FINDING = {
    OrderKind.URGE: "存在超期或临近超期未办结等效能问题",
    OrderKind.CORRECT: "存在需要纠正的问题",
}
ASK = {OrderKind.URGE: "督促办理", OrderKind.CORRECT: "责令纠正"}


def _about(order: SupervisionOrder) -> str:
    case = order.case
    if case is not None:
        return (
            f"你单位办理的{case.applicant_name}申请的{case.item.name}（办件编号："
            f"{case.tracking_no}），当前期限为{cn_date(case.due_on) if case.due_on else '（无）'}"
        )
    return f"你单位承办的{order.subject_label}"


def _clause(text: str) -> str:
    return " ".join(text.split()).rstrip("。；;，,")


def order_letter(order: SupervisionOrder) -> Letter:
    unit = unit_of(order.issued_by)
    issuer = unit.name if unit is not None else "监察机关"
    organ = organ_code(unit) if unit is not None else "监"
    kind = OrderKind(order.kind)
    title = TITLES[kind]
    finding, ask = FINDING[kind], ASK[kind]
    paragraphs = (
        Paragraph(f"经电子监察，{_about(order)}，{finding}。{BASIS}，现予{ask}。"),
        Paragraph(f"{ask}事项：{_clause(order.text)}。"),
        Paragraph(
            f"请你单位于{cn_date(order.due_on)}前办理完毕，并将办理情况通过电子监察系统书面答复本机关。"
            "逾期未答复或者未按要求办理的，将依照有关规定予以黄牌、红牌警示，并纳入效能考评。"
        ),
    )
    return Letter(
        issuer=issuer,
        number=f"{organ}{SERIES[kind]}〔{order.issued_on.year}〕{order.pk}号",
        title=title,
        addressee=order.department.name,
        paragraphs=paragraphs,
        signature=issuer,
        dated=order.issued_on,
        keywords=f"{title} {order.case.tracking_no if order.case else order.subject_title}",
    )


def order_notice_stored(order: SupervisionOrder) -> Stored:
    letter = order_letter(order)
    subject = Subject("order", order.pk, "notice", order.issued_on.isoformat())
    return stored_or_rendered(subject, letter, lambda: sealed_pdf(letter, what=letter.title))


def order_notice_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice, for whoever may see the order in the supervision lists
    (the bureau, the department answering it)."""
    if not request.user.is_authenticated or not selectors.may_view(request.user):
        raise PermissionDenied
    order = selectors.order_for_actor(request.user, pk)
    if order is None:
        raise Http404("督办/纠错通知不存在")
    try:
        stored = order_notice_stored(order)
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    kind = OrderKind(order.kind)
    return stored_pdf_response(request, stored, f"{TITLES[kind]}-{order.pk}.pdf")

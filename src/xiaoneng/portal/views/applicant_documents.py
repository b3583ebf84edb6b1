"""The applicant's own documents from the portal: the 文书 addressed to the
applicant (受理通知书, 补正材料一次性告知书, 决定书, 延长审批期限告知书 …) and
the 收费通知书 of a case this browser looked up with its query code a short
while ago, or of the signed-in visitor's own case (`portal.tracked`). Any
other visitor gets the same answer for every case id: the tracking form,
asking for the number and code — ids cannot be probed. The permission check
comes before the stored document is read (documents.store knows no scope)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from xiaoneng.core import timesource
from xiaoneng.core.errors import NotFound
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.documents.responses import pdf_response
from xiaoneng.documents.services import document_pdf
from xiaoneng.fees.notice import notice_pdf, notice_response
from xiaoneng.portal.selectors import case_of_applicant
from xiaoneng.portal.tracked import REMEMBER_MINUTES, may_read
from xiaoneng.portal.views.tracking import for_applicant

ASK_AGAIN = (
    f"请先输入办件编号和查询码查询办件：查询成功后 {REMEMBER_MINUTES} 分钟内，"
    "可在查询结果中下载本办件的文书。"
)


def _ask_again(request: HttpRequest) -> HttpResponse:
    context = {"today": timesource.today(), "error": ASK_AGAIN, "case": None, "no": ""}
    response = render(request, "portal/track.html", context, status=403)
    response["Cache-Control"] = "no-store"
    return response


def _unavailable(
    request: HttpRequest, exc: DocumentFontMissing | DocumentGlyphMissing
) -> HttpResponse:
    context = {"today": timesource.today(), "error": exc.message, "case": None, "no": ""}
    return render(request, "portal/track.html", context, status=exc.status)


@require_GET
def applicant_document(request: HttpRequest, case_id: int, key: str) -> HttpResponse:
    if not for_applicant(key):
        raise Http404("没有这份文书")
    if not may_read(request, case_id):
        return _ask_again(request)
    case = case_of_applicant(case_id)
    try:
        document, stored = document_pdf(case, key)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return _unavailable(request, exc)
    return pdf_response(request, case, document, stored)


@require_GET
def fee_notice(request: HttpRequest, case_id: int) -> HttpResponse:
    if not may_read(request, case_id):
        return _ask_again(request)
    case = case_of_applicant(case_id)
    try:
        pdf = notice_pdf(case)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return _unavailable(request, exc)
    return notice_response(case, pdf)

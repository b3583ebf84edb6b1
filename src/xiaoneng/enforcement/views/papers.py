"""The case's papers as PDF (/enforcement/papers/): the decision
(`enforcement:decision_document`) and the notice of the intended penalty
(`enforcement:notice_document`), for the staff who may read the case — the
body's officers and head, the legal office, the supervision bureau (not
finance: it needs the decision number, not the party's identity). A case
out of scope, or a paper not issued yet, is a 404."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from xiaoneng.core.errors import NotFound
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.enforcement import document
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY, SUPERVISE, case_for
from xiaoneng.enforcement.models import PenaltyCase
from xiaoneng.web.access import require_perm

PAPER_PERMISSIONS = (ACT, DECIDE, LEGALITY, SUPERVISE)


def _paper(
    request: HttpRequest, pk: int, make: Callable[[PenaltyCase], bytes], title: str
) -> HttpResponse:
    require_perm(request, *PAPER_PERMISSIONS)
    try:
        case = case_for(request.user, pk)
        pdf = make(case)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    name = case.decision_no or case.number or str(case.pk)
    return document.pdf_response(pdf, f"{title}-{name}.pdf")


@login_required
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _paper(request, pk, document.decision_pdf, "行政处罚决定书")


@login_required
def notice_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _paper(request, pk, document.notice_pdf, "行政处罚事先告知书")


urlpatterns = [
    path("<int:pk>/decision/", decision_document, name="decision_document"),
    path("<int:pk>/notice/", notice_document, name="notice_document"),
]

"""The case's papers as PDF (/enforcement/papers/): the decision
(`enforcement:decision_document`) and the notice of the intended penalty
(`enforcement:notice_document`), for the staff who may read the case — the
body's officers and head get the party's copy (recorded as
`party_revealed`), the legal office and the supervision bureau a reading
copy with the party's personal data masked (`actions.papers.open_paper`);
not finance: it needs the decision number, not the party's identity. A
case out of scope, or a paper not issued yet, is a 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from xiaoneng.core.errors import NotFound
from xiaoneng.documents.errors import DocumentFontMissing, DocumentGlyphMissing
from xiaoneng.enforcement import document
from xiaoneng.enforcement.actions.papers import PAPER_PERMISSIONS, open_paper
from xiaoneng.web.access import require_perm


def _paper(request: HttpRequest, pk: int, paper: str) -> HttpResponse:
    require_perm(request, *PAPER_PERMISSIONS)
    try:
        case, letter, full = open_paper(actor=request.user, case_id=pk, paper=paper)
        pdf = document.paper_pdf(letter, paper)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    return document.pdf_response(pdf, document.paper_filename(case, paper, full=full))


@login_required
def decision_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _paper(request, pk, "decision")


@login_required
def notice_document(request: HttpRequest, pk: int) -> HttpResponse:
    return _paper(request, pk, "notice")


urlpatterns = [
    path("<int:pk>/decision/", decision_document, name="decision_document"),
    path("<int:pk>/notice/", notice_document, name="notice_document"),
]

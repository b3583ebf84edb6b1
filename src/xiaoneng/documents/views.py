"""The web download of a case document, for staff and for the applicant."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core.errors import NotFound

from .errors import DocumentFontMissing, DocumentGlyphMissing
from .responses import pdf_response
from .selectors import case_for_documents
from .services import document_pdf


@login_required
def document_view(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    try:
        case = case_for_documents(request.user, case_id)
        document, stored = document_pdf(case, kind)
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    return pdf_response(request, case, document, stored)

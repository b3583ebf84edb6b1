"""The 材料接收凭证 printed at intake, with the query code: the intake page
posts the code it has just shown (never put in a URL); the PDF is made for
this answer only and not stored."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import NotFound
from xiaoneng.web.access import require_perm

from .errors import DocumentFontMissing, DocumentGlyphMissing
from .selectors import case_for_documents
from .services import receipt_with_query_code


@login_required
@require_POST
def intake_receipt_view(request: HttpRequest, case_id: int) -> HttpResponse:
    require_perm(request, "case.intake")
    try:
        case = case_for_documents(request.user, case_id)
        pdf = receipt_with_query_code(case, request.POST.get("query_code", "").strip())
    except NotFound as exc:
        raise Http404(exc.message) from None
    except (DocumentFontMissing, DocumentGlyphMissing) as exc:
        return render(request, "documents/unavailable.html", {"error": exc}, status=exc.status)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"材料接收凭证-{case.tracking_no}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, name) or "inline"
    response["Cache-Control"] = "private, no-store"  # it carries the query code
    return response

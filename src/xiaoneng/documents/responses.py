"""The HTTP answer carrying a document."""

from __future__ import annotations

import hashlib

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from xiaoneng.cases.models import Case

from .services import IssuedDocument


def pdf_response(case: Case, document: IssuedDocument, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"{document.kind.title}-{case.tracking_no}.pdf"
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    # The bytes depend only on the event, so they validate as their own ETag.
    response["ETag"] = f'"{hashlib.sha256(pdf).hexdigest()[:32]}"'
    response["Cache-Control"] = "private, no-cache"
    return response

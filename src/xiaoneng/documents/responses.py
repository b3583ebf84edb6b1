"""The HTTP answer carrying a document: its content digest as the ETag, and
304 Not Modified to a client that already holds those bytes. Always
`private`: a document is someone's case, never for a shared cache."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import content_disposition_header, parse_etags

from xiaoneng.cases.models import Case

from .services import IssuedDocument
from .store import Stored

CACHE_CONTROL = "private, no-cache"


def stored_pdf_response(
    request: HttpRequest, stored: Stored, filename: str, *, attachment: bool = False
) -> HttpResponse:
    etag = f'"{stored.digest}"'
    held = parse_etags(request.headers.get("If-None-Match", ""))
    if "*" in held or etag in held:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(stored.pdf, content_type="application/pdf")
        disposition = content_disposition_header(attachment, filename)
        response["Content-Disposition"] = disposition or ("attachment" if attachment else "inline")
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    return response


def pdf_response(
    request: HttpRequest, case: Case, document: IssuedDocument, stored: Stored
) -> HttpResponse:
    return stored_pdf_response(request, stored, f"{document.kind.title}-{case.tracking_no}.pdf")

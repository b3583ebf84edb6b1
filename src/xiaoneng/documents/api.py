"""GET /api/v1/cases/{id}/documents and …/documents/{kind} (application/pdf)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router, Schema

from .responses import pdf_response
from .selectors import case_for_documents
from .services import document_pdf, issued_documents

router = Router(tags=["办件文书"])


class DocumentOut(Schema):
    kind: str
    title: str
    number: str
    dated: date
    event_seq: int
    url: str


@router.get("/cases/{case_id}/documents", response=list[DocumentOut], summary="办件文书清单")
def list_documents(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    case = case_for_documents(request.user, case_id)
    return [
        {
            "kind": d.key,
            "title": d.kind.title,
            "number": d.number,
            "dated": d.event.on,
            "event_seq": d.event.seq,
            "url": reverse("api:case_document", kwargs={"case_id": case.pk, "kind": d.key}),
        }
        for d in issued_documents(case)
    ]


@router.get(
    "/cases/{case_id}/documents/{kind}",
    summary="下载办件文书（PDF，GB/T 9704 版式）",
    url_name="case_document",
    openapi_extra={
        "responses": {
            200: {
                "description": "文书 PDF；同一环节重复生成得到相同字节。ETag 为内容摘要，"
                "带 If-None-Match 且未变时返回 304",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def get_document(request: HttpRequest, case_id: int, kind: str) -> HttpResponse:
    case = case_for_documents(request.user, case_id)
    document, stored = document_pdf(case, kind)
    return pdf_response(request, case, document, stored)

"""The application materials of a case through the API: upload (multipart),
list, download. Downloads go out as attachments with the case's scope
checked; the stored files are never served directly."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import FileResponse, HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from . import actions, attachments, selectors
from .models import CaseAttachment

router = Router(tags=["审批办件"])
BINARY = {"type": "string", "format": "binary"}


class AttachmentOut(Schema):
    id: int
    case_id: int
    material_id: int | None
    material_name: str
    filename: str
    content_type: str
    size: int
    sm3: str
    uploaded_by: str
    uploaded_at: datetime
    download_url: str


def attachment_out(attachment: CaseAttachment) -> dict[str, Any]:
    user = attachment.uploaded_by
    return {
        "id": attachment.pk,
        "case_id": attachment.case_id,
        "material_id": attachment.material_id,
        "material_name": attachment.material_name,
        "filename": attachment.filename,
        "content_type": attachment.content_type,
        "size": attachment.size,
        "sm3": attachment.sm3,
        "uploaded_by": getattr(user, "display_name", "") if user else "",
        "uploaded_at": attachment.uploaded_at,
        "download_url": f"/api/v1/cases/{attachment.case_id}/attachments/{attachment.pk}",
    }


@router.post(
    "/cases/{case_id}/attachments",
    response={201: AttachmentOut},
    summary="上传申请材料（PDF、JPEG、PNG、OFD）",
)
def upload_attachment(
    request: HttpRequest,
    case_id: int,
    file: File[UploadedFile],
    material_id: Form[int | None] = None,
) -> Status[dict[str, Any]]:
    attachment = actions.attach_material(
        actor=request.user, case_id=case_id, file=file, material_id=material_id
    )
    return Status(201, attachment_out(attachment))


@router.get("/cases/{case_id}/attachments", response=list[AttachmentOut], summary="办件的申请材料")
def list_attachments(request: HttpRequest, case_id: int) -> list[dict[str, Any]]:
    return [attachment_out(a) for a in selectors.attachments_of(request.user, case_id)]


@router.get(
    "/cases/{case_id}/attachments/{attachment_id}",
    summary="下载申请材料",
    openapi_extra={
        "responses": {
            200: {
                "description": "文件内容（以附件形式下载）",
                "content": {"application/octet-stream": {"schema": BINARY}},
            }
        }
    },
)
def download_attachment(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    attachment = selectors.attachment_for(request.user, case_id, attachment_id)
    return FileResponse(
        attachments.open_attachment(attachment),
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )

"""Electronic application materials (申请材料电子件): the action that attaches
one to a case, and the scoped reads behind the lists and downloads.

Who may attach: the case's own applicant (case.apply) or its agent, and
window staff (case.intake) whose data scope holds the case's department —
only while the case is open and before the decision. Anyone else who cannot
see the case gets not_found, as for every case read."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, QuerySet, Sum

from xiaoneng.audit.actions import record_event
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.org.authority import require

from . import uploads
from .authority import may_act
from .models import Case, CaseAttachment, CaseStatus
from .selectors import case_for_actor, may_handle

# The applicant may still add materials; the decision is taken on what is there.
ATTACHABLE = (
    CaseStatus.RECEIVED,
    CaseStatus.SUPPLEMENTING,
    CaseStatus.SUPPLEMENTED,
    CaseStatus.ACCEPTED,
    CaseStatus.SUSPENDED,
)


def may_attach(actor: Any, case: Case) -> bool:
    """The function permission and the relation to this case (not its status)."""
    return may_act(actor, case, "attach")


@transaction.atomic
def attach_material(
    *, actor: Any, case_id: int, file: Any, material_id: int | None = None
) -> CaseAttachment:
    """Check the file (type by content, size), lock the case, check the
    actor, the case's state and its quota, store the file, record it."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        require(actor, "case.apply")  # raises not_authenticated
    case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None or not may_handle(actor, case):
        raise NotFound("办件不存在或无权查看", code="case_not_found")
    if not may_attach(actor, case):
        raise PermissionDenied(
            "只有申请人、其帮办代办员或本部门窗口工作人员可以上传申请材料",
            code="attachment_not_allowed",
        )
    if case.status not in ATTACHABLE:
        raise Conflict(
            "办件已作出决定或已终止，不能再上传申请材料",
            code="attachment_case_closed",
            detail={"status": case.status},
        )
    material = None
    if material_id is not None:
        material = ItemMaterial.objects.filter(pk=material_id, item_id=case.item_id).first()
        if material is None:
            raise InvalidInput(
                "所选材料不在该事项的申请材料清单中",
                code="upload_material_unknown",
                detail={"material_id": material_id},
            )
    limit = uploads.limits()
    checked = uploads.check_file(file, limit=limit)
    used = case.attachments.aggregate(files=Count("id"), total=Sum("size"))
    uploads.check_quota(
        files=used["files"], total=used["total"] or 0, adding=checked.size, limit=limit
    )
    path = default_storage.save(
        f"cases/{case.pk}/{uuid.uuid4().hex}{checked.kind.extensions[0]}",
        ContentFile(checked.data),
    )
    try:
        attachment = CaseAttachment.objects.create(
            case=case,
            material=material,
            material_name=material.name if material else "",
            filename=checked.filename,
            content_type=checked.kind.content_type,
            size=checked.size,
            sm3=checked.digest,
            stored_path=path,
            uploaded_by=actor,
        )
        record_event(
            actor=actor,
            event_type="case.attachment_added",
            object_type="case",
            object_id=case.tracking_no,
            payload={
                "attachment": attachment.pk,
                "filename": attachment.filename,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sm3": attachment.sm3,
                "material": attachment.material_name,
            },
        )
    except BaseException:
        # The row is rolled back with the transaction; the file must go too.
        default_storage.delete(path)
        raise
    return attachment


# --- reads ------------------------------------------------------------------------


def attachments_of(actor: Any, case_id: int) -> QuerySet[CaseAttachment]:
    """The attachments of a case the actor may see (not_found otherwise)."""
    case = case_for_actor(actor, case_id)
    return case.attachments.select_related("uploaded_by").order_by("id")


def attachment_for(actor: Any, case_id: int, attachment_id: int) -> CaseAttachment:
    attachment = attachments_of(actor, case_id).filter(pk=attachment_id).first()
    if attachment is None:
        raise NotFound("附件不存在或无权查看", code="attachment_not_found")
    return attachment


def open_attachment(attachment: CaseAttachment) -> Any:
    """The stored file, opened for reading (the caller closes it)."""
    try:
        return default_storage.open(attachment.stored_path, "rb")
    except FileNotFoundError:
        raise NotFound("附件文件已不存在", code="attachment_file_missing") from None

"""Application materials on the web: the file inputs of the application and
intake forms, adding materials to an open case, and the scoped download (the
stored files are never served directly)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from xiaoneng.cases import actions, attachments, selectors, uploads
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType

from .shared import visible_case

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FIELD_PREFIX = "material_"


def upload_notes() -> dict[str, Any]:
    """What the forms say about the limits, and the inputs' `accept`."""
    limit = uploads.limits()
    return {
        "upload_accept": uploads.ACCEPT,
        "upload_types": uploads.ALLOWED_LABEL,
        "upload_file_mb": limit.file_bytes // uploads.MB,
        "upload_case_mb": limit.case_bytes // uploads.MB,
        "upload_case_files": limit.case_files,
    }


def field_name(material: ItemMaterial) -> str:
    return f"{FIELD_PREFIX}{material.pk}"


def files_for_materials(
    request: HttpRequest, materials: list[ItemMaterial]
) -> list[tuple[ItemMaterial, Any]]:
    """The files posted per material (`material_<id>`), each checked before
    anything is written: a refused file comes back on the form and no case
    is created. The case quota is checked again by the action."""
    chosen = [
        (m, f) for m in materials for f in request.FILES.getlist(field_name(m)) if f is not None
    ]
    limit = uploads.limits()
    total = 0
    for index, (material, upload) in enumerate(chosen):
        try:
            checked = uploads.check_file(upload, limit=limit)
            uploads.check_quota(files=index, total=total, adding=checked.size, limit=limit)
        except InvalidInput as exc:
            raise InvalidInput(
                f"“{material.name}”：{exc.message}", code=exc.code, detail=exc.detail
            ) from None
        total += checked.size
    return chosen


def attach_all(actor: Actor, case: Case, chosen: list[tuple[ItemMaterial, Any]]) -> list[str]:
    """Attach the checked files to the new case; the messages of any refused."""
    problems = []
    for material, upload in chosen:
        try:
            actions.attach_material(
                actor=actor, case_id=case.pk, file=upload, material_id=material.pk
            )
        except DomainError as exc:
            problems.append(f"“{material.name}”未能上传：{exc.message}")
    return problems


def _back(request: HttpRequest, case: Case) -> HttpResponse:
    if request.user.pk in (case.applicant_id, case.agent_id):
        return redirect("cases:my_detail", pk=case.pk)
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
@operation("上传申请材料", BusinessType.CREATE)
def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = visible_case(request.user, pk)
    raw = request.POST.get("material", "").strip()
    material_id = int(raw) if raw.isdigit() else None
    files = request.FILES.getlist("file")
    if not files:
        messages.error(request, "请选择要上传的文件。（错误代码：upload_empty）")
        return _back(request, case)
    done = 0
    for upload in files:
        try:
            actions.attach_material(
                actor=request.user, case_id=case.pk, file=upload, material_id=material_id
            )
        except DomainError as exc:
            messages.error(
                request, f"“{upload.name}”未能上传：{exc.message}（错误代码：{exc.code}）"
            )
        else:
            done += 1
    if done:
        messages.success(request, f"已上传 {done} 个文件。")
    return _back(request, case)


@login_required
def download_view(request: HttpRequest, pk: int, aid: int) -> FileResponse:
    try:
        attachment = selectors.attachment_for(request.user, pk, aid)
        stream = attachments.open_attachment(attachment)
    except NotFound:
        raise Http404("附件不存在或无权查看") from None
    return FileResponse(
        stream,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )

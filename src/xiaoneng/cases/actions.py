"""The actions of an approval case (domain rules §2). Each is one transaction:
permission, validation, `steps.advance` (event, clock, audit)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, Sum

from xiaoneng.audit.actions import record_event
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.catalog.models import ApprovalItem, HandlingMode, ItemMaterial
from xiaoneng.core import timesource
from xiaoneng.core.clock import EventKind
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.text import new_query_code, query_digest
from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import covers_department, has_perm, require, unit_of

from . import hotpath, uploads
from .attachments import ATTACHABLE, may_attach
from .certificates import checked_certificate
from .delivery import checked_delivery, delivery_of, received_payload
from .models import Case, CaseAttachment, CaseOpinion, CaseStatus, Decision, DeliveryMethod
from .selectors import may_handle
from .steps import (
    CaseConflict,
    advance,
    locked_case,
    records_refused_attempts,
    refresh,
    rehearse,
    require_text,
)
from .vocabulary import case_not_found

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# ALL art. 45: the procedures whose time is not counted.
SPECIAL_PROCEDURES = {
    "hearing": "听证",
    "tendering": "招标",
    "auction": "拍卖",
    "inspection": "检验",
    "testing": "检测",
    "quarantine": "检疫",
    "appraisal": "鉴定",
    "expert_review": "专家评审",
}


@transaction.atomic
def submit_application(
    *,
    actor: Actor,
    item_code: str,
    applicant_name: str,
    applicant_phone: str = "",
    summary: str = "",
    applicant_id_type: str = "",
    applicant_id_no: str = "",
    applicant_address: str = "",
    handler_kind: str = "",
    handler_name: str = "",
    handler_id_no: str = "",
    materials_received: list[dict[str, Any]] | None = None,
) -> tuple[Case, str]:
    """收件: an applicant applies online, or window staff receive on the spot.
    The certificate (证件类型/号码), address and 经办人/代理人 are optional,
    checked when given (certificates.py); `materials_received` is what the
    window actually took in (the receipt's list, kept on the 收件 step).
    Returns the case and its query code (shown once, stored as a digest)."""
    actor, applicant, agent = _filer(actor)
    item = _receivable_item(actor, item_code, by_staff=applicant is None and agent is None)
    name = require_text(applicant_name, code="applicant_name_required", message="请填写申请人")
    certificate = checked_certificate(
        id_type=applicant_id_type,
        id_no=applicant_id_no,
        address=applicant_address,
        handler_kind=handler_kind,
        handler_name=handler_name,
        handler_id_no=handler_id_no,
    )
    query_code = new_query_code()
    today = timesource.today()
    case = Case(
        tracking_no=uuid.uuid4().hex,  # replaced below, once the id is known
        query_digest=query_digest(query_code),
        item=item,
        department=item.department,
        applicant=applicant,
        agent=agent,
        applicant_name=name[:200],
        applicant_phone=applicant_phone[:30],
        summary=summary[:500],
        **certificate.fields(),
        committed_days=item.committed_limit_days,
        legal_days=item.legal_limit_days,
        max_extension_days=item.extension_max_days,
        warning_days=item.effective_warning_days,
        is_instant=item.is_instant,
        handling_mode=item.handling_mode,
        received_on=today,
        notice_due_on=today,  # the clock sets the real one on the first event
    )
    hotpath.insert_case(case)
    case.tracking_no = f"{today:%Y%m%d}{case.pk:08d}"
    advance(
        actor=actor,
        case=case,
        kind=EventKind.RECEIVED,
        payload={
            "item": item.code,
            "item_name": item.name,
            **received_payload(materials_received),
        },
        extra_fields=("tracking_no",),
    )
    return case, query_code


def _receivable_item(actor: Actor, item_code: str, *, by_staff: bool) -> ApprovalItem:
    """The published item; window staff receive only their own department's."""
    item = hotpath.published_item(item_code)
    if item is None:
        raise NotFound("事项不存在或未发布", code="item_not_found")
    if by_staff and not _intake_covers(actor, item.department_id):
        raise PermissionDenied(
            "只能为本部门的事项收件", code="item_outside_intake_scope", detail={"item": item_code}
        )
    return item


def _filer(actor: Actor) -> tuple[Actor, User | None, User | None]:
    """Who files it: window staff (neither applicant nor agent), an agent
    acting for the applicant (帮办代办), or the applicant's own account."""
    if has_perm(actor, "case.intake"):
        return actor, None, None
    user = require(actor, "case.apply")
    if has_perm(user, "case.agent"):
        return user, None, user
    return user, user, None


def _intake_covers(actor: Actor, department_id: int) -> bool:
    """A window receives for the items of the department(s) its scope covers."""
    return covers_department(actor, department_id)


@records_refused_attempts("supplement_notice_already_issued")
@transaction.atomic
def issue_supplement_notice(
    *, actor: Actor, case_id: int, missing: list[str], expected_version: int | None = None
) -> Case:
    """一次性告知: every missing or defective material, once (ALL art. 32)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="supplement-notice", expected_version=expected_version
    )
    items = [m.strip() for m in missing if m and m.strip()]
    if not items:
        raise InvalidInput("一次性告知须列明需要补正的全部材料", code="supplement_list_empty")
    advance(
        actor=actor,
        case=case,
        kind=EventKind.SUPPLEMENT_NOTICE,
        note="；".join(items),
        payload={"missing": items},
    )
    return case


@transaction.atomic
def record_supplement(*, actor: Actor, case_id: int, expected_version: int | None = None) -> Case:
    case = locked_case(
        actor=actor, case_id=case_id, step="supplement", expected_version=expected_version
    )
    advance(actor=actor, case=case, kind=EventKind.SUPPLEMENTED)
    return case


@transaction.atomic
def accept_case(*, actor: Actor, case_id: int, expected_version: int | None = None) -> Case:
    """受理. An instant item (即办件) is approved and delivered at the window in
    the same visit (seed art. 3: 窗口受理后直接办结)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="accept", expected_version=expected_version
    )
    advance(actor=actor, case=case, kind=EventKind.ACCEPTED)
    if case.is_instant:
        case.decision = Decision.APPROVED
        advance(
            actor=actor,
            case=case,
            kind=EventKind.DECIDED,
            note="即办件，窗口直接办结",
            payload={"decision": Decision.APPROVED},
            extra_fields=("decision",),
        )
        case.delivery_method = DeliveryMethod.IN_PERSON
        case.delivery_recipient = case.applicant_name[:100]
        advance(
            actor=actor,
            case=case,
            kind=EventKind.DELIVERED,
            note="当场送达",
            # `instant` marks the step that issues the 办结凭证.
            payload={**delivery_of(case).payload(), "instant": True},
            extra_fields=("delivery_method", "delivery_recipient"),
        )
    else:
        _open_opinion_tasks(case)
    return case


def _open_opinion_tasks(case: Case) -> None:
    """Parallel approval: each co-department gets its opinion deadline, counted
    from acceptance (default 7 working days, per item)."""
    if case.handling_mode != HandlingMode.PARALLEL or case.accepted_on is None:
        return
    calendar = current_calendar()
    for co in case.item.co_departments.all():
        CaseOpinion.objects.get_or_create(
            case=case,
            department=co.department,
            defaults={
                "duty": co.duty,
                "due_on": calendar.add_workdays(case.accepted_on, co.opinion_limit_days),
            },
        )


@records_refused_attempts("refusal_reason_required")
@transaction.atomic
def refuse_case(
    *,
    actor: Actor,
    case_id: int,
    reason: str,
    competent_authority: str = "",
    expected_version: int | None = None,
) -> Case:
    """不予受理, with the reason and, when outside the department's powers, the
    competent authority (ALL art. 32)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="refuse", expected_version=expected_version
    )
    text = require_text(reason, code="refusal_reason_required", message="不予受理须说明理由")
    advance(
        actor=actor,
        case=case,
        kind=EventKind.REFUSED,
        note=text,
        payload={"reason": text, "competent_authority": competent_authority.strip()},
    )
    return case


@transaction.atomic
def suspend_case(
    *,
    actor: Actor,
    case_id: int,
    procedure: str,
    expected_days: int,
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """特别程序 (ALL art. 45): the clock stops; the applicant is told the expected duration."""
    case = locked_case(
        actor=actor, case_id=case_id, step="suspend", expected_version=expected_version
    )
    if procedure not in SPECIAL_PROCEDURES:
        raise InvalidInput(
            "特别程序须为行政许可法第四十五条所列情形",
            code="special_procedure_unknown",
            detail={"allowed": sorted(SPECIAL_PROCEDURES)},
        )
    if not 1 <= expected_days <= 365:
        raise InvalidInput("须告知预计所需时间（1–365 天）", code="suspension_days_invalid")
    advance(
        actor=actor,
        case=case,
        kind=EventKind.SUSPENDED,
        note=f"{SPECIAL_PROCEDURES[procedure]}：{reason}".strip("："),
        payload={"procedure": procedure, "expected_days": expected_days},
    )
    return case


@transaction.atomic
def resume_case(*, actor: Actor, case_id: int, expected_version: int | None = None) -> Case:
    case = locked_case(
        actor=actor, case_id=case_id, step="resume", expected_version=expected_version
    )
    advance(actor=actor, case=case, kind=EventKind.RESUMED)
    return case


@transaction.atomic
def request_extension(
    *, actor: Actor, case_id: int, days: int, reason: str, expected_version: int | None = None
) -> Case:
    """延期申请: needs the head's approval as its own step (ALL art. 42)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="extend", expected_version=expected_version
    )
    text = require_text(reason, code="extension_reason_required", message="延期须说明理由")
    if case.status not in (CaseStatus.ACCEPTED, CaseStatus.SUSPENDED):
        raise CaseConflict("办件不在办理中，不能申请延期", code="not_accepted")
    if case.extension_days or case.extension_requested_days:
        raise CaseConflict("延期只能申请一次", code="extension_already_granted")
    if not 1 <= days <= case.max_extension_days:
        raise InvalidInput(
            f"延长期限为 1–{case.max_extension_days} 个工作日", code="extension_exceeds_limit"
        )
    rehearse(case=case, kind=EventKind.EXTENDED, days=days)
    case.extension_requested_days = days
    case.extension_reason = text[:500]
    case.version += 1
    case.save(update_fields=["extension_requested_days", "extension_reason", "version"])
    record_event(
        actor=actor,
        event_type="case.extension_requested",
        object_type="case",
        object_id=case.tracking_no,
        payload={"days": days, "reason": text},
    )
    return case


@transaction.atomic
def approve_extension(*, actor: Actor, case_id: int, expected_version: int | None = None) -> Case:
    """The head approves; joint handling needs the head of the government."""
    case = locked_case(
        actor=actor, case_id=case_id, step="approve-extension", expected_version=expected_version
    )
    if not case.extension_requested_days or case.extension_days:
        raise CaseConflict("没有待批准的延期申请", code="no_extension_request")
    advance(
        actor=actor,
        case=case,
        kind=EventKind.EXTENDED,
        days=case.extension_requested_days,
        note=case.extension_reason,
        payload={"reason": case.extension_reason},
    )
    return case


@transaction.atomic
def give_opinion(*, actor: Actor, case_id: int, agrees: bool, opinion: str) -> CaseOpinion:
    """并联审批: a co-department's opinion; late ones are recorded as such."""
    case = locked_case(actor=actor, case_id=case_id, step="opinion")
    task = CaseOpinion.objects.select_for_update().get(case=case, department=unit_of(actor))
    if task.given_on is not None:
        raise CaseConflict("本部门已出具意见", code="opinion_already_given")
    task.given_on = timesource.today()
    task.agrees = agrees
    task.opinion = require_text(opinion, code="opinion_required", message="请填写会签意见")
    task.given_by = user_of(actor)
    task.save()
    record_event(
        actor=actor,
        event_type="case.opinion_given",
        object_type="case",
        object_id=case.tracking_no,
        payload={
            "department": task.department.name,
            "agrees": agrees,
            "due_on": task.due_on,
            "late": task.late,
        },
    )
    return task


@transaction.atomic
def decide_case(
    *,
    actor: Actor,
    case_id: int,
    decision: str,
    reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """准予 or 不予许可; a denial states its reasons and the right to
    reconsideration or lawsuit (ALL art. 38)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="decide", expected_version=expected_version
    )
    if decision not in Decision.values:
        raise InvalidInput("决定须为 approved 或 denied", code="decision_invalid")
    if decision == Decision.DENIED:
        require_text(reason, code="denial_reason_required", message="不予许可须说明理由")
    pending = (
        case.opinions.filter(given_on__isnull=True).count()
        if case.handling_mode == HandlingMode.PARALLEL
        else 0
    )
    if pending:
        raise CaseConflict(
            f"尚有 {pending} 个会签部门未出具意见",
            code="opinions_pending",
            detail={"pending": pending},
        )
    case.decision = decision
    case.decision_reason = reason.strip()
    advance(
        actor=actor,
        case=case,
        kind=EventKind.DECIDED,
        note=reason.strip(),
        payload={"decision": decision},
        extra_fields=("decision", "decision_reason"),
    )
    return case


@transaction.atomic
def deliver_case(
    *,
    actor: Actor,
    case_id: int,
    method: str = "",
    recipient: str = "",
    tracking_no: str = "",
    expected_version: int | None = None,
) -> Case:
    """送达 the certificate or decision (within 10 working days, ALL art. 44):
    how (当场, 邮寄 with its 邮件号, 电子送达, 公告送达), to whom (the applicant
    unless named), recorded on the case and its step for the 送达回证."""
    case = locked_case(
        actor=actor, case_id=case_id, step="deliver", expected_version=expected_version
    )
    delivery = checked_delivery(
        method=method, recipient=recipient or case.applicant_name, tracking_no=tracking_no
    )
    case.delivery_method = delivery.method
    case.delivery_recipient = delivery.recipient
    case.delivery_tracking_no = delivery.tracking_no
    advance(
        actor=actor,
        case=case,
        kind=EventKind.DELIVERED,
        payload=delivery.payload(),
        extra_fields=("delivery_method", "delivery_recipient", "delivery_tracking_no"),
    )
    return case


@transaction.atomic
def withdraw_case(
    *, actor: Actor, case_id: int, reason: str = "", expected_version: int | None = None
) -> Case:
    """撤回 before the decision, by the applicant (or the window on their behalf)."""
    case = locked_case(
        actor=actor, case_id=case_id, step="withdraw", expected_version=expected_version
    )
    advance(actor=actor, case=case, kind=EventKind.WITHDRAWN, note=reason.strip())
    return case


def apply_deemed_acceptances(*, limit: int = 10_000) -> int:
    """ALL art. 32: an application with neither notice nor decision within 5
    working days is accepted as of its receipt. Runs as a scheduled task and
    is idempotent; each lapse is audited as a violation."""
    today = timesource.today()
    changed = 0
    ids = list(
        Case.objects.filter(status=CaseStatus.RECEIVED, notice_due_on__lt=today).values_list(
            "pk", flat=True
        )[:limit]
    )
    for case_id in ids:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if refresh(case=case) and case.deemed_accepted:
                _open_opinion_tasks(case)
                record_event(
                    actor=None,
                    event_type="case.deemed_accepted",
                    object_type="case",
                    object_id=case.tracking_no,
                    payload={
                        "received_on": case.received_on,
                        "notice_due_on": case.notice_due_on,
                        "violation": "missed_one_time_notice",
                    },
                )
                changed += 1
    return changed


# --- application materials (申请材料电子件) ---------------------------------------


@transaction.atomic(durable=True)
def attach_material(
    *, actor: Actor, case_id: int, file: Any, material_id: int | None = None
) -> CaseAttachment:
    """Check the file (type by content, size), lock the case, check the
    actor, the case's state and its quota, store the file, record it."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        require(actor, "case.apply")  # raises not_authenticated
    case = Case.objects.select_for_update(of=("self",)).filter(pk=case_id).first()
    if case is None or not may_handle(actor, case):
        raise case_not_found()
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
    (attachment,) = uploads.store_checked(
        CaseAttachment,
        [checked],
        f"cases/{case.pk}",
        case=case,
        material=material,
        material_name=material.name if material else "",
        uploaded_by=user_of(actor),
    )
    try:
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
        default_storage.delete(attachment.stored_path)
        raise
    return attachment

"""The enterprise register, the inspectors' list, and the enterprises'
reports (filed as complaints, verified by the 督查室)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.complaints.actions import submit_complaint
from xiaoneng.complaints.models import Category, Channel
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int, new_query_code, query_digest
from xiaoneng.inspections import creditcode
from xiaoneng.inspections.models import (
    Activity,
    Enterprise,
    EnterpriseReport,
    Inspector,
    ReportKind,
    ReportStatus,
)
from xiaoneng.inspections.selectors import MANAGE, REGISTER, enterprise_by_code, schedule_of
from xiaoneng.org.authority import has_perm, require, unit_of
from xiaoneng.org.models import Department, DepartmentKind

from .common import flag, optional, text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

ORGANISER_KINDS = (DepartmentKind.GOVERNMENT, DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY)


@transaction.atomic(durable=True)
def add_enterprise(
    *, actor: Actor, credit_code: str, name: str, industry: str, address: str = ""
) -> tuple[Enterprise, str]:
    """企业名录登记: the query code is returned once; only its digest is kept."""
    user = require(actor, MANAGE)
    code = creditcode.normalise(credit_code)
    if not creditcode.is_valid(code):
        raise InvalidInput("统一社会信用代码不正确", code="inspection_credit_code_invalid")
    if Enterprise.objects.filter(credit_code=code).exists():
        raise Conflict("该企业已登记", code="inspection_enterprise_exists")
    query = new_query_code()
    try:
        with transaction.atomic():
            row = Enterprise.objects.create(
                credit_code=code,
                name=text(
                    name,
                    code="inspection_enterprise_name_required",
                    message="请填写企业名称",
                    limit=200,
                ),
                industry=text(
                    industry, code="inspection_industry_required", message="请填写行业", limit=50
                ),
                address=optional(address, 300),
                query_digest=query_digest(query),
            )
    except IntegrityError:
        raise Conflict("该企业已登记", code="inspection_enterprise_exists") from None
    record_event(
        actor=user,
        event_type="inspection.enterprise_added",
        object_type="enterprise",
        object_id=row.credit_code,
        payload={"name": row.name, "industry": row.industry},
    )
    return row, query


@transaction.atomic(durable=True)
def reissue_query_code(*, actor: Actor, enterprise_id: Any) -> tuple[Enterprise, str]:
    """重置查询码: the old one stops working."""
    user = require(actor, MANAGE)
    row = Enterprise.objects.select_for_update().filter(pk=as_int(enterprise_id) or 0).first()
    if row is None:
        raise NotFound("企业不存在", code="inspection_enterprise_missing")
    query = new_query_code()
    row.query_digest = query_digest(query)
    row.save(update_fields=["query_digest"])
    record_event(
        actor=user,
        event_type="inspection.query_code_reissued",
        object_type="enterprise",
        object_id=row.credit_code,
        payload={},
    )
    return row, query


@transaction.atomic(durable=True)
def add_inspector(
    *, actor: Actor, name: str, certificate_no: str, department_id: Any = None
) -> Inspector:
    """执法人员名录: an organiser adds its own; the 督查室 any department's."""
    if has_perm(actor, MANAGE) and department_id not in (None, ""):
        user = require(actor, MANAGE)
        dept = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
    else:
        user = require(actor, REGISTER)
        dept = unit_of(user)
    if dept is None:
        raise InvalidInput("所属部门不正确", code="inspection_unit_invalid")
    cert = text(
        certificate_no, code="inspection_certificate_required", message="请填写执法证号", limit=40
    )
    who = text(name, code="inspection_inspector_name_required", message="请填写姓名", limit=100)
    try:  # the certificate's uniqueness is the database's: two entries at once, one wins
        with transaction.atomic():
            row = Inspector.objects.create(department=dept, name=who, certificate_no=cert)
    except IntegrityError:
        raise Conflict("该执法证号已登记", code="inspection_inspector_exists") from None
    record_event(
        actor=user,
        event_type="inspection.inspector_added",
        object_type="inspector",
        object_id=row.pk,
        payload={"department": dept.code, "certificate_no": cert},
    )
    return row


def _report_target(
    enterprise: Enterprise, activity_id: Any, organiser_id: Any
) -> tuple[Activity | None, Department]:
    """The activity reported (one the enterprise sees), or for one it does
    not see (never approved), the organising unit it names."""
    if activity_id not in (None, ""):
        coming, past = schedule_of(enterprise)
        found = [a for a in coming + past if a.pk == as_int(activity_id)]
        if not found:
            raise InvalidInput("活动不正确", code="inspection_report_activity_invalid")
        return found[0], found[0].organiser
    dept = Department.objects.filter(
        pk=as_int(organiser_id) or 0, active=True, kind__in=ORGANISER_KINDS
    ).first()
    if dept is None:
        raise InvalidInput("请选择检查单位", code="inspection_report_organiser_required")
    return None, dept


def file_report(
    *,
    credit_code: str,
    code: str,
    kind: str,
    happened_on: date,
    description: str,
    contact_name: str,
    contact_phone: str,
    activity_id: Any = None,
    organiser_id: Any = None,
) -> tuple[EnterpriseReport, str, str]:
    """企业报告 (public: credit code + query code): an inspection not approved
    or beyond its approval. Filed as a complaint (乱作为) on the organiser;
    the report, its complaint number and its query code (shown once)."""
    enterprise = enterprise_by_code(credit_code, code)
    if kind not in ReportKind.values:
        raise InvalidInput("报告类型不正确", code="inspection_report_kind_invalid")
    if type(happened_on) is not date or happened_on > timesource.today():
        raise InvalidInput("发生日期不正确", code="inspection_report_date_invalid")
    activity, organiser = _report_target(enterprise, activity_id, organiser_id)
    what = text(description, code="inspection_report_text_required", message="请填写情况说明")
    label = ReportKind(kind).label
    made: list[EnterpriseReport] = []

    def also() -> None:
        row = EnterpriseReport.objects.create(
            enterprise=enterprise,
            activity=activity,
            organiser=organiser,
            kind=kind,
            happened_on=happened_on,
            text=what,
            filed_on=timesource.today(),
        )
        made.append(row)
        record_event(
            actor=None,
            event_type="inspection.report_filed",
            object_type="enterprise_report",
            object_id=row.pk,
            payload={"kind": kind, "activity": activity.number if activity else None},
        )

    complaint, query = submit_complaint(
        actor=None,
        channel=Channel.ONLINE,
        category=Category.MISCONDUCT,
        department_id=organiser.pk,
        title=f"涉企检查：{label}"[:200],
        description=f"{enterprise.name}（{enterprise.credit_code}）报告：{label}。"
        + (f"活动：{activity.number} {activity.title}。" if activity else "")
        + f"发生日期：{happened_on:%Y-%m-%d}。{what}",
        anonymous=False,
        complainant_name=contact_name,
        complainant_phone=contact_phone,
        also=also,
    )
    report = made[0]
    with transaction.atomic(durable=True):
        EnterpriseReport.objects.filter(pk=report.pk).update(
            complaint=complaint, complaint_number=complaint.number
        )
    report.complaint, report.complaint_number = complaint, complaint.number
    return report, complaint.number, query


def _locked_report(actor: Actor, report_id: Any) -> tuple[Any, EnterpriseReport]:
    user = require(actor, MANAGE)
    row = (
        EnterpriseReport.objects.select_for_update(of=("self",))
        .filter(pk=as_int(report_id) or 0)
        .first()
    )
    if row is None:
        raise NotFound("企业报告不存在", code="inspection_report_not_found")
    if row.status != ReportStatus.PENDING:
        raise Conflict("该报告已核实", code="inspection_report_reviewed")
    return user, row


@transaction.atomic(durable=True)
def verify_report(
    *, actor: Actor, report_id: Any, note: str = "", activity_id: Any = None
) -> EnterpriseReport:
    """属实: the finding on the activity (`inspection_unapproved` or
    `inspection_overrun`). A report on an activity the enterprise could not
    see names the registration the 督查室 found (any of that organiser)."""
    user, row = _locked_report(actor, report_id)
    activity = row.activity
    if activity is None:
        activity = Activity.objects.filter(
            pk=as_int(activity_id) or 0, organiser=row.organiser
        ).first()
    if activity is None:
        raise InvalidInput("请指明所涉活动", code="inspection_report_activity_required")
    row.activity, row.status = activity, ReportStatus.VERIFIED
    row.reviewed_by, row.reviewed_on = user, timesource.today()
    row.review_note = optional(note, 2000)
    row.save()
    kind = "inspection_unapproved" if row.kind == ReportKind.UNAPPROVED else "inspection_overrun"
    evidence = {
        "企业": row.enterprise.name,
        "报告": row.get_kind_display(),
        "发生日期": row.happened_on,
        "情况说明": row.text,
        "投诉编号": row.complaint_number,
        "批准日期": [activity.start_on, activity.end_on],
        "批准事项": list(activity.items),
        "活动状态": activity.get_status_display(),
    }
    flag(activity, kind, evidence, row.reviewed_on)
    record_event(
        actor=user,
        event_type="inspection.report_verified",
        object_type="enterprise_report",
        object_id=row.pk,
        payload={"activity": activity.number, "kind": kind},
    )
    return row


@transaction.atomic(durable=True)
def dismiss_report(*, actor: Actor, report_id: Any, note: str) -> EnterpriseReport:
    """不属实, with the reason."""
    user, row = _locked_report(actor, report_id)
    row.review_note = text(note, code="inspection_reason_required", message="请说明理由")
    row.status, row.reviewed_by, row.reviewed_on = ReportStatus.DISMISSED, user, timesource.today()
    row.save()
    record_event(
        actor=user,
        event_type="inspection.report_dismissed",
        object_type="enterprise_report",
        object_id=row.pk,
        payload={},
    )
    return row

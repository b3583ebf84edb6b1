"""The government office's records: 复议 / 诉讼 about disclosure, and the
annual report (generated from the product's data, then published)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import InvalidInput, NotFound
from xiaoneng.core.text import as_int, require_text
from xiaoneng.openinfo import tables
from xiaoneng.openinfo.models import (
    AnnualReport,
    ReportStatus,
    ReviewKind,
    ReviewRecord,
    ReviewResult,
)
from xiaoneng.openinfo.selectors import MANAGE
from xiaoneng.org.authority import require
from xiaoneng.org.models import Department

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def _text(value: Any, code: str, message: str, limit: int) -> str:
    return require_text(
        value if isinstance(value, str) else "", code=code, message=message, limit=limit
    )


def _day(value: Any, *, not_before: date | None = None) -> date:
    today = timesource.today()
    if type(value) is not date or value > today or (not_before and value < not_before):
        raise InvalidInput("日期不正确", code="openinfo_review_date_invalid")
    return value


@transaction.atomic(durable=True)
def register_review(
    *, actor: Actor, number: Any, kind: Any, department_id: Any, subject: Any, filed_on: Any
) -> ReviewRecord:
    user = require(actor, MANAGE)
    if kind not in ReviewKind.values:
        raise InvalidInput("复议、诉讼类别不正确", code="openinfo_review_kind_invalid")
    no = _text(number, "openinfo_review_number_required", "请填写案号", 100)
    about = _text(subject, "openinfo_review_subject_required", "请填写案由", 300)
    dept = Department.objects.filter(pk=as_int(department_id) or 0, active=True).first()
    if dept is None:
        raise InvalidInput("单位不正确或不在本人范围内", code="openinfo_department_invalid")
    try:
        with transaction.atomic():
            row = ReviewRecord.objects.create(
                number=no,
                kind=kind,
                department=dept,
                subject=about,
                filed_on=_day(filed_on),
                registered_by=user,
            )
    except IntegrityError:
        raise InvalidInput("该案号已登记", code="openinfo_review_number_exists") from None
    record_event(
        actor=user,
        event_type="openinfo.review_registered",
        object_type="openinfo_review",
        object_id=row.pk,
        payload={"number": no, "kind": kind, "department": dept.code},
    )
    return row


@transaction.atomic(durable=True)
def decide_review(*, actor: Actor, review_id: Any, result: Any, decided_on: Any) -> ReviewRecord:
    user = require(actor, MANAGE)
    row = ReviewRecord.objects.select_for_update().filter(pk=as_int(review_id) or 0).first()
    if row is None:
        raise NotFound("复议、诉讼记录不存在", code="openinfo_review_not_found")
    if row.result != ReviewResult.PENDING:
        raise InvalidInput("该复议、诉讼已登记结果", code="openinfo_review_decided")
    if result not in ReviewResult.values or result == ReviewResult.PENDING:
        raise InvalidInput("复议、诉讼结果不正确", code="openinfo_review_result_invalid")
    row.result, row.decided_on = result, _day(decided_on, not_before=row.filed_on)
    row.save(update_fields=["result", "decided_on"])
    record_event(
        actor=user,
        event_type="openinfo.review_decided",
        object_type="openinfo_review",
        object_id=row.pk,
        payload={"result": result, "decided_on": row.decided_on.isoformat()},
    )
    return row


FIRST_YEAR = 2000


def last_finished_year() -> int:
    return timesource.today().year - 1


def _year(year: Any) -> int:
    """A finished year: the report of a year is made after its 31 December."""
    y = as_int(year)
    if y is None or not FIRST_YEAR <= y <= last_finished_year():
        raise InvalidInput("年度不正确（应为已结束的年度）", code="openinfo_year_invalid")
    return y


def _published() -> InvalidInput:
    return InvalidInput(
        "该年度报告已公开，公开后不再重新生成或重复公开", code="openinfo_report_published"
    )


@transaction.atomic(durable=True)
def generate_report(*, actor: Actor, year: Any) -> AnnualReport:
    """The year's tables computed now; a report generated again before it is
    published is replaced. Publication is final: a published report keeps
    the tables it was published with, and generating it again is refused."""
    user = require(actor, MANAGE)
    y = _year(year)
    today = timesource.today()
    row = AnnualReport.objects.select_for_update().filter(year=y).first()
    if row is not None and row.status == ReportStatus.PUBLISHED:
        raise _published()
    fields = {
        "tables": tables.compute(y),
        "status": ReportStatus.GENERATED,
        "generated_on": today,
        "generated_by": user,
        "published_on": None,
        "published_by": None,
    }
    again = row is not None
    if row is None:
        try:  # another first generation of the year at once: then this one replaces it
            with transaction.atomic():
                row = AnnualReport.objects.create(year=y, **fields)
        except IntegrityError:
            row, again = AnnualReport.objects.select_for_update().get(year=y), True
    if again and row.status == ReportStatus.PUBLISHED:
        raise _published()
    if again:
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
    record_event(
        actor=user,
        event_type="openinfo.report_generated",
        object_type="openinfo_report",
        object_id=y,
        payload={"again": again},
    )
    return row


@transaction.atomic(durable=True)
def publish_report(*, actor: Actor, year: Any) -> AnnualReport:
    """The generated report, reviewed, on the public site as it stands (once)."""
    user = require(actor, MANAGE)
    y = _year(year)
    row = AnnualReport.objects.select_for_update().filter(year=y).first()
    if row is None:
        raise NotFound("年度报告不存在或尚未生成", code="openinfo_report_not_found")
    if row.status == ReportStatus.PUBLISHED:
        raise _published()
    row.status, row.published_on, row.published_by = (
        ReportStatus.PUBLISHED,
        timesource.today(),
        user,
    )
    row.save(update_fields=["status", "published_on", "published_by"])
    record_event(
        actor=user,
        event_type="openinfo.report_published",
        object_type="openinfo_report",
        object_id=y,
        payload={},
    )
    return row

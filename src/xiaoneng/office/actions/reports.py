"""The reporting calendar (报送日历, seed art. 11, domain rules §13).

- The government office (`report.manage`) keeps the kinds of required
  report: name, code, cadence, the N-th working day after the period it is
  due, the units that owe it and the unit that receives it (市政府办 by
  default). A kind's cadence cannot change once dues exist (their periods
  would no longer tile); a new `due_workdays` applies to dues opened after.
- `open_dues(today)` opens, for every active kind and unit, the due of the
  period just ended and of the current one (idempotent: one row per kind,
  unit and period start). A due whose day has already passed is not
  opened (nothing is owed retroactively: a kind set up, or a sweep run,
  after the due day). The unit's office is told.
- A unit submits (`report.submit`, its scope covering the due's unit):
  title, content and/or files. Late = submitted after the end of `due_on`
  in Asia/Shanghai (`deadline_end`). Until then a resubmission replaces the
  title and content (version + 1; files are added, none deleted). After it
  the submission is final: a first submission is accepted and recorded
  late (finding `report_late` at once), a resubmission is refused
  (`office_report_closed`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import uploads
from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures.office import (
    CADENCES,
    Period,
    period_of,
    previous_period,
    report_due,
)
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from xiaoneng.core.inputs import local_day, optional
from xiaoneng.core.text import as_int, cn_date
from xiaoneng.core.workdays import deadline_end
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.office.common import event, holders, locked_row, subject
from xiaoneng.office.models.reports import ReportDue, ReportFile, ReportKind
from xiaoneng.org.authority import covers_department, require
from xiaoneng.org.models import Department, DepartmentKind, User
from xiaoneng.supervision.actions.subjects import raise_subject_anomaly
from xiaoneng.supervision.subjects import Subject

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

MANAGE = "report.manage"
SUBMIT = "report.submit"
RECEIVER_CODE = "620700001"  # 张掖市人民政府办公室
CODE_RE = re.compile(r"^[a-z][a-z0-9_-]{1,31}$")
WORKDAYS_MAX = 60
FILES_MAX = 10
OWING_KINDS = (DepartmentKind.DEPARTMENT, DepartmentKind.COUNTY, DepartmentKind.GOVERNMENT)
FINDING = "report_late"
INTERNAL = (DepartmentKind.OFFICE, DepartmentKind.WINDOW)
NOTICE_OPENED = "office_report_opened"
NOTICE_DUE_SOON = "office_report_due_soon"


def _missing_kind() -> NotFound:
    return NotFound("报送事项不存在", code="office_report_kind_not_found")


def _missing_due() -> NotFound:
    return NotFound("报送任务不存在或无权查看", code="office_report_due_not_found")


def due_url(due_id: int) -> str:
    return reverse("office:report_due", args=[due_id])


def due_subject(due: ReportDue) -> Subject:
    return subject(
        "report_due",
        due.pk,
        f"{due.kind.name}（{due.period_label}）",
        due_url(due.pk),
        due.unit_id,
    )


def is_late(submitted_at: datetime, due_on: date) -> bool:
    """Submitted after the due day ran out (midnight after it, Beijing time)."""
    return submitted_at >= deadline_end(due_on)


# --- kinds ----------------------------------------------------------------------------


def _code(value: Any) -> str:
    code = value.strip() if isinstance(value, str) else ""
    if not CODE_RE.match(code):
        raise InvalidInput(
            "编码须以小写字母开头，由 2–32 位小写字母、数字、下划线或连字符组成",
            code="office_report_code_invalid",
        )
    return code


def _name(value: Any) -> str:
    name = optional(value, code="office_report_name_required", label="报送事项名称", limit=100)
    if not name:
        raise InvalidInput("请填写报送事项名称", code="office_report_name_required")
    return name


def _cadence(value: Any) -> str:
    if not isinstance(value, str) or value not in CADENCES:
        raise InvalidInput(
            "报送周期不正确（每周、每月、每季度或每年）",
            code="office_report_cadence_invalid",
            detail={"allowed": list(CADENCES)},
        )
    return value


def _workdays(value: Any) -> int:
    n = as_int(value) if not isinstance(value, bool) else None
    if n is None or not 1 <= n <= WORKDAYS_MAX:
        raise InvalidInput(
            f"截止日须为期满后第 1–{WORKDAYS_MAX} 个工作日",
            code="office_report_workdays_invalid",
            detail={"value": str(value)},
        )
    return n


def _units(values: Any) -> list[Department]:
    raw = [as_int(v) for v in (values or [])] if isinstance(values, list | tuple) else [None]
    wanted = {i for i in raw if i is not None}
    if not raw or len(wanted) != len(set(raw)):
        raise InvalidInput("请选择报送单位", code="office_report_units_invalid")
    found = list(Department.objects.filter(pk__in=wanted, active=True, kind__in=OWING_KINDS))
    if len(found) != len(wanted):
        missing = sorted(wanted - {d.pk for d in found})
        raise InvalidInput(
            "报送单位须为启用的市直部门或县（区）",
            code="office_report_units_invalid",
            detail={"departments": missing},
        )
    return found


def _receiver(value: Any) -> Department:
    if value in (None, ""):
        found = Department.objects.filter(code=RECEIVER_CODE, active=True).first()
    else:
        found = Department.objects.filter(pk=as_int(value) or 0, active=True).first()
    if found is None or found.kind in (DepartmentKind.EXTERNAL, DepartmentKind.WINDOW):
        raise InvalidInput("接收单位不正确", code="office_report_receiver_invalid")
    return found


def _manager(actor: Actor, receiver: Department) -> User:
    """The government office: the permission, and its scope covers the receiver."""
    user = require(actor, MANAGE)
    if not covers_department(user, receiver.pk):
        raise PermissionDenied(
            "只能维护本单位接收的报送事项", code="office_report_receiver_out_of_scope"
        )
    return user


@transaction.atomic
def create_kind(
    *,
    actor: Actor,
    code: Any,
    name: Any,
    cadence: Any,
    due_workdays: Any,
    unit_ids: Any,
    receiver_id: Any = None,
    requirement: Any = "",
) -> ReportKind:
    """设立报送事项."""
    receiver = _receiver(receiver_id)
    user = _manager(actor, receiver)
    clean = _code(code)
    fields = {
        "name": _name(name),
        "cadence": _cadence(cadence),
        "due_workdays": _workdays(due_workdays),
        "requirement": optional(
            requirement, code="office_report_requirement_invalid", label="报送要求", limit=4000
        ),
    }
    units = _units(unit_ids)
    if ReportKind.objects.select_for_update().filter(code=clean).exists():
        raise Conflict(f"编码 {clean} 已被使用", code="office_report_code_taken")
    kind = ReportKind.objects.create(code=clean, receiver=receiver, created_by=user, **fields)
    kind.units.set(units)
    event(user, "report_kind", kind.pk, "report_kind_created", code=clean, units=len(units))
    return kind


@transaction.atomic
def update_kind(
    *,
    actor: Actor,
    kind_id: Any,
    name: Any,
    cadence: Any,
    due_workdays: Any,
    unit_ids: Any,
    receiver_id: Any = None,
    requirement: Any = "",
) -> ReportKind:
    """修改报送事项 (the code stays; the cadence only while no due exists)."""
    kind = ReportKind.objects.select_for_update().filter(pk=as_int(kind_id) or 0).first()
    if kind is None:
        raise _missing_kind()
    receiver = _receiver(receiver_id if receiver_id not in (None, "") else kind.receiver_id)
    user = _manager(actor, receiver)
    _manager(user, kind.receiver)
    new_cadence = _cadence(cadence)
    if new_cadence != kind.cadence and kind.dues.exists():
        raise Conflict(
            "已生成报送任务的事项不能修改报送周期，请停用后另设新事项",
            code="office_report_kind_in_use",
        )
    kind.name = _name(name)
    kind.cadence = new_cadence
    kind.due_workdays = _workdays(due_workdays)
    kind.requirement = optional(
        requirement, code="office_report_requirement_invalid", label="报送要求", limit=4000
    )
    kind.receiver = receiver
    units = _units(unit_ids)
    kind.save()
    kind.units.set(units)
    event(user, "report_kind", kind.pk, "report_kind_updated", code=kind.code, units=len(units))
    return kind


@transaction.atomic
def set_kind_active(*, actor: Actor, kind_id: Any, active: bool) -> ReportKind:
    """停用 / 启用: a stopped kind opens no more dues; open ones stay owed."""
    kind = ReportKind.objects.select_for_update().filter(pk=as_int(kind_id) or 0).first()
    if kind is None:
        raise _missing_kind()
    user = _manager(actor, kind.receiver)
    if kind.active == bool(active):
        raise Conflict(
            "报送事项已是该状态", code="office_report_kind_unchanged", detail={"active": active}
        )
    kind.active = bool(active)
    kind.save(update_fields=["active"])
    event(
        user, "report_kind", kind.pk, "report_kind_activated" if active else "report_kind_stopped"
    )
    return kind


# --- dues -----------------------------------------------------------------------------


def _periods(kind: ReportKind, today: date) -> list[Period]:
    return [previous_period(kind.cadence, today), period_of(kind.cadence, today)]


def unit_offices(unit_ids: Iterable[int]) -> dict[int, list[int]]:
    """unit → the active users who submit its reports (`report.submit`)."""
    return holders(unit_ids, SUBMIT)


@transaction.atomic
def open_dues(*, actor: Actor | None, today: date) -> list[ReportDue]:
    """生成本期报送任务: the period just ended and the current one, for each
    active kind and unit; the rows opened now (none on a second run). The
    sweep runs it as the system (`actor=None`); on the desk it takes
    `report.manage`."""
    user = require(actor, MANAGE) if actor is not None else None
    calendar = current_calendar()
    wanted: list[ReportDue] = []
    kinds = ReportKind.objects.filter(active=True).prefetch_related("units")
    for kind in kinds:
        periods = _periods(kind, today)
        existing = set(
            ReportDue.objects.filter(
                kind=kind, period_start__in=[p.start for p in periods]
            ).values_list("unit_id", "period_start")
        )
        for period in periods:
            due_on = report_due(calendar, period.end, kind.due_workdays)
            if due_on < today:
                continue  # never owed retroactively
            wanted += [
                ReportDue(
                    kind=kind,
                    unit=unit,
                    period_start=period.start,
                    period_end=period.end,
                    period_label=period.label,
                    due_on=due_on,
                )
                for unit in kind.units.all()
                if unit.active and (unit.pk, period.start) not in existing
            ]
    if not wanted:
        return []
    ReportDue.objects.bulk_create(wanted, batch_size=1000, ignore_conflicts=True)
    opened = list(
        ReportDue.objects.filter(
            kind_id__in={d.kind_id for d in wanted},
            period_start__in={d.period_start for d in wanted},
            unit_id__in={d.unit_id for d in wanted},
            submitted_at__isnull=True,
        ).select_related("kind")
    )
    keys = {(d.kind_id, d.unit_id, d.period_start) for d in wanted}
    opened = [d for d in opened if (d.kind_id, d.unit_id, d.period_start) in keys]
    _tell_opened(opened)
    event(
        user,
        "report_calendar",
        int(today.strftime("%Y%m%d")),
        "report_dues_opened",
        count=len(opened),
        today=today,
    )
    return opened


def _tell_opened(dues: list[ReportDue]) -> None:
    """One message per unit's office user: the dues opened for the unit."""
    by_unit: dict[int, list[ReportDue]] = defaultdict(list)
    for due in dues:
        by_unit[due.unit_id].append(due)
    offices = unit_offices(by_unit)
    rows = []
    for unit, group in by_unit.items():
        group.sort(key=lambda d: (d.due_on, d.kind.code))
        first = group[0]
        title = f"新的报送任务：{first.kind.name}（{first.period_label}）"
        if len(group) > 1:
            title += f"等 {len(group)} 项"
        body = "；".join(
            f"{d.kind.name}（{d.period_label}）{cn_date(d.due_on)}前报送" for d in group
        )
        link = reverse("office:reports")
        rows += [
            Notification(
                recipient_id=user_id, kind=NOTICE_OPENED, title=title[:200], body=body, link=link
            )
            for user_id in offices.get(unit, [])
        ]
    notify_many(rows)


def remind_due_soon(*, today: date) -> int:
    """The day before a due day (from the last working day before it), the
    unit's office is told once of each due still open; the number of dues
    told (a unit without anyone holding `report.submit` is told nothing)."""
    calendar = current_calendar()
    horizon = calendar.add_workdays(today, 1)
    with transaction.atomic(durable=True):
        dues = list(
            ReportDue.objects.filter(
                submitted_at__isnull=True, due_on__gt=today, due_on__lte=horizon
            ).select_related("kind")
        )
        links = {d.pk: due_url(d.pk) for d in dues}
        told = set(
            Notification.objects.filter(kind=NOTICE_DUE_SOON, link__in=links.values())
            .values_list("link", flat=True)
            .distinct()
        )
        fresh = [d for d in dues if links[d.pk] not in told]
        offices = unit_offices({d.unit_id for d in fresh})
        rows = [
            Notification(
                recipient_id=user_id,
                kind=NOTICE_DUE_SOON,
                title=f"报送提醒：{d.kind.name}（{d.period_label}）{cn_date(d.due_on)}截止"[:200],
                body=f"{d.kind.name}（{d.period_label}）尚未报送，截止日期{cn_date(d.due_on)}。",
                link=links[d.pk],
            )
            for d in fresh
            for user_id in offices.get(d.unit_id, [])
        ]
        notify_many(rows)
    return len({row.link for row in rows})


# --- submit ---------------------------------------------------------------------------


def _files(files: Any) -> list[uploads.CheckedFile]:
    limit = uploads.limits()
    checked = [uploads.check_file(f, limit=limit) for f in files or () if f is not None]
    if len(checked) > FILES_MAX:
        raise InvalidInput(
            f"每次报送最多上传 {FILES_MAX} 个附件", code="office_report_too_many_files"
        )
    return checked


@transaction.atomic
def submit_report(
    *,
    actor: Actor,
    due_id: Any,
    title: Any,
    content: Any = "",
    files: Iterable[Any] = (),
) -> ReportDue:
    """报送: the unit's office, within its scope. See the module's rules on
    lateness and resubmission."""
    user = require(actor, SUBMIT)
    due = locked_row(ReportDue, due_id, unit=lambda d: d.unit_id, missing=_missing_due, actor=user)
    heading = optional(title, code="office_report_title_required", label="标题", limit=200)
    if not heading:
        raise InvalidInput("请填写报送标题", code="office_report_title_required")
    body = optional(content, code="office_report_content_invalid", label="报送内容")
    checked = _files(files)
    if not body and not checked and due.submitted_at is None:
        raise InvalidInput("请填写报送内容或上传附件", code="office_report_content_required")
    moment = timesource.now()
    if moment.astimezone(timesource.SHANGHAI).date() < due.period_start:
        raise Conflict("报送期间尚未开始", code="office_report_not_open")
    late = is_late(moment, due.due_on)
    resubmitted = due.submitted_at is not None
    if resubmitted and late:
        raise Conflict(
            f"截止日期{cn_date(due.due_on)}已过，已报送的材料不能再修改",
            code="office_report_closed",
            detail={"due_on": due.due_on},
        )
    if resubmitted:
        due.version += 1
    due.title, due.submitted_at, due.submitted_by, due.late = heading, moment, user, late
    if body or not resubmitted:
        due.content = body
    due.save()
    stored = uploads.store_checked(ReportFile, checked, f"office/reports/{due.pk}", due=due)
    event(
        user,
        "report_due",
        due.pk,
        "report_resubmitted" if resubmitted else "report_submitted",
        unit=due.unit_id,
        report_kind=due.kind.code,
        period=due.period_label,
        version=due.version,
        late=late,
        files=[f.sm3 for f in stored],
    )
    if late:
        raise_subject_anomaly(
            subject=due_subject(due),
            kind=FINDING,
            evidence=finding_evidence(due, local_day(moment)),
            found_on=local_day(moment),
        )
    return due


def finding_evidence(due: ReportDue, today: date) -> dict[str, Any]:
    if due.submitted_at is not None:
        said = (
            f"{due.kind.name}（{due.period_label}）应于{cn_date(due.due_on)}前报送，"
            f"{cn_date(local_day(due.submitted_at))}才报送"
        )
    else:
        said = (
            f"{due.kind.name}（{due.period_label}）应于{cn_date(due.due_on)}前报送，"
            f"截至{cn_date(today)}仍未报送"
        )
    return {
        "说明": said,
        "kind": due.kind.code,
        "period": due.period_label,
        "due_on": due.due_on,
        "submitted_at": due.submitted_at,
    }

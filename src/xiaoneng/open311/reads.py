"""GET requests, GET requests/{id}, GET tokens/{token}: public reads.

Public means anyone, without an api_key, so a record is built from an
explicit list of columns (`PUBLIC_COLUMNS`) that holds no word of the
complainant: not the name, phone, ID number, address or account, nor the
text they typed (description, title: a complainant often writes who they
are), nor the staff member named. What is shown: the number, the
category, open/closed with a note from the internal state, the unit
handling it (`agency_responsible`), the place of the matter, the times.

Time filters follow the spec: `start_date`/`end_date` (ISO 8601 with an
offset) select on the time the complaint was made, at most 90 days apart;
without them, the last 90 days. At most `MAX_RESULTS` records, newest
first. An unknown `status` or `service_code` is a 400."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from xiaoneng.complaints.models import Category, Complaint, Outcome, Status
from xiaoneng.core.text import cn_date
from xiaoneng.org.models import Department, DepartmentKind

MAX_RESULTS = 1000
MAX_IDS = 100
WINDOW = timedelta(days=90)
SHANGHAI = ZoneInfo("Asia/Shanghai")
CENTRE = "张掖市行政效能投诉中心"
PUBLIC_COLUMNS = (
    "number",
    "category",
    "status",
    "is_open",
    "submitted_at",
    "updated_at",
    "due_on",
    "accept_due_on",
    "conclude_due_on",
    "reexamination_due_on",
    "closed_on",
    "outcome",
    "reexamination_outcome",
    "transferred_to",
    "merged_into__number",
    "handler__department__name",
    "address_string",
    "lat",
    "long",
)
LABELS = dict(Category.choices)
OUTCOMES = dict(Outcome.choices)


class BadQuery(ValueError):
    """A filter the spec does not allow (answered 400)."""


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with the +08:00 offset, to the second."""
    if moment is None:
        return None
    return moment.astimezone(SHANGHAI).replace(microsecond=0).isoformat()


def _end_of(day: date | None) -> str | None:
    return None if day is None else iso(datetime.combine(day, time(23, 59, 59), SHANGHAI))


def centre_name() -> str:
    """The complaint centre's name as the organisation spells it."""
    name = (
        Department.objects.filter(kind=DepartmentKind.DEPARTMENT, name__contains="效能投诉")
        .values_list("name", flat=True)
        .first()
    )
    return name or CENTRE


def status_notes(row: dict[str, Any]) -> str:
    """open/closed is too coarse: the note says where the complaint is."""
    status = row["status"]
    due = row["due_on"]
    notes = {
        Status.ACCEPTING: "已收到投诉，待受理" + (f"（受理期限{cn_date(due)}）" if due else ""),
        Status.HANDLING: "已受理，正在调查处理" + (f"（办结期限{cn_date(due)}）" if due else ""),
        Status.DECLINED: "不予受理",
        Status.TRANSFERRED: f"已转{row['transferred_to'] or '有权处理的机关'}处理",
        Status.MERGED: f"已与投诉{row['merged_into__number'] or ''}合并办理",
        Status.CONCLUDED: f"已办结，处理结果：{OUTCOMES.get(row['outcome'], '—')}",
        Status.REEXAMINING: "投诉人申请复查，正在复查"
        + (f"（复查期限{cn_date(due)}）" if due else ""),
        Status.REEXAMINED: f"复查办结，复查结果：{OUTCOMES.get(row['reexamination_outcome'], '—')}",
    }
    return notes.get(status, "")


def record(row: dict[str, Any], centre: str) -> dict[str, Any]:
    """One service request as the spec lists its fields."""
    agency = row["transferred_to"] if row["status"] == Status.TRANSFERRED else None
    return {
        "service_request_id": row["number"],
        "status": "open" if row["is_open"] else "closed",
        "status_notes": status_notes(row),
        "service_name": LABELS.get(row["category"], row["category"]),
        "service_code": row["category"],
        "description": None,
        "agency_responsible": agency or row["handler__department__name"] or centre,
        "service_notice": None,
        "requested_datetime": iso(row["submitted_at"]),
        "updated_datetime": iso(row["updated_at"]),
        "expected_datetime": _end_of(row["due_on"]) if row["is_open"] else None,
        "address": row["address_string"] or None,
        "address_id": None,
        "zipcode": None,
        "lat": float(row["lat"]) if row["lat"] is not None else None,
        "long": float(row["long"]) if row["long"] is not None else None,
        "media_url": None,
    }


def _moment(raw: str, name: str) -> datetime:
    value = parse_datetime(raw.strip().replace(" ", "+"))
    if value is None or value.tzinfo is None:
        raise BadQuery(f"{name} 须为带时区的 ISO 8601 时间，如 2026-12-01T00:00:00+08:00")
    return value


def _codes(raw: str, allowed: list[str] | tuple[str, ...], name: str) -> list[str]:
    codes = [c.strip() for c in raw.split(",") if c.strip()]
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise BadQuery(f"{name} 取值无效：{','.join(unknown)}（可选：{','.join(allowed)}）")
    return codes


def _filters(params: dict[str, str]) -> Q:
    ids = params.get("service_request_id", "").strip()
    if ids:
        numbers = [n.strip() for n in ids.split(",") if n.strip()]
        if len(numbers) > MAX_IDS:
            raise BadQuery(f"service_request_id 一次最多 {MAX_IDS} 个")
        return Q(number__in=numbers)  # the spec: ids override every other filter
    query = Q()
    if raw := params.get("service_code", ""):
        query &= Q(category__in=_codes(raw, Category.values, "service_code"))
    if raw := params.get("status", ""):
        wanted = set(_codes(raw, ("open", "closed"), "status"))
        if wanted == {"open"}:
            query &= Q(is_open=True)
        elif wanted == {"closed"}:
            query &= Q(is_open=False)
    start = _moment(params["start_date"], "start_date") if params.get("start_date") else None
    end = _moment(params["end_date"], "end_date") if params.get("end_date") else None
    if start and end and start > end:
        raise BadQuery("start_date 晚于 end_date")
    if start and end and end - start > WINDOW:
        raise BadQuery("start_date 与 end_date 相隔不得超过 90 天")
    if end is None:
        end = start + WINDOW if start else timezone.now()
    if start is None:
        start = end - WINDOW
    return query & Q(submitted_at__gte=start, submitted_at__lte=end)


def service_requests(params: dict[str, str]) -> list[dict[str, Any]]:
    """GET requests (raises BadQuery for a filter the spec refuses)."""
    rows = (
        Complaint.objects.filter(_filters(params))
        .order_by("-submitted_at", "-id")
        .values(*PUBLIC_COLUMNS)[:MAX_RESULTS]
    )
    centre = centre_name()
    return [record(row, centre) for row in rows]


def service_request(number: str) -> dict[str, Any] | None:
    row = Complaint.objects.filter(number=number).values(*PUBLIC_COLUMNS).first()
    return None if row is None else record(row, centre_name())


def by_token(token: str) -> dict[str, Any] | None:
    number = Complaint.objects.filter(external_token=token).values_list("number", flat=True).first()
    return None if number is None else {"service_request_id": number, "token": token}

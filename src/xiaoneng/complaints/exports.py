"""The complaint export (.xlsx through `core.sheets`: user text always text,
never a formula). Its column headers are GB/T 39046—2020's complaint field
names (Table 10: 投诉编号, 投诉渠道, 投诉类型, 被投诉单位, 投诉内容, 投诉时间,
受理时间, 办结时间, 处理结果, 满意度 …), so a provincial platform can take
the file without translation.

The complainant's columns are written only for `complaint.handle`; the
accused department (complaint.explain) exports its complaints from the
projection without identity."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from xiaoneng.complaints.models import Category, Channel, Complaint, Outcome, Satisfaction, Status
from xiaoneng.complaints.selectors import accused_complaints, by_urgency, complaints_for, is_centre
from xiaoneng.core import timesource
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.org.authority import has_perm

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

# (GB/T 39046 field name, key)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("投诉编号", "number"),
    ("投诉渠道", "channel"),
    ("投诉类型", "category"),
    ("投诉标题", "title"),
    ("投诉内容", "description"),
    ("被投诉单位", "department__name"),
    ("被投诉人", "staff_name"),
    ("事发地点", "address_string"),
    ("投诉时间", "received_on"),
    ("受理期限", "accept_due_on"),
    ("受理时间", "accepted_on"),
    ("办结期限", "conclude_due_on"),
    ("延长工作日", "extension_days"),
    ("办理状态", "status"),
    ("办结时间", "closed_on"),
    ("处理结果", "outcome"),
    ("处理意见", "handling_opinion"),
    ("答复时间", "replied_on"),
    ("回访时间", "callback_on"),
    ("满意度", "satisfaction"),
    ("复查结果", "reexamination_outcome"),
)
COMPLAINANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("是否匿名", "anonymous"),
    ("投诉人姓名", "complainant_name"),
    ("投诉人联系电话", "complainant_phone"),
    ("投诉人证件号码", "complainant_id_no"),
    ("投诉人通信地址", "complainant_address"),
)
LABELS: dict[str, Any] = {
    "channel": Channel,
    "category": Category,
    "status": Status,
    "outcome": Outcome,
    "reexamination_outcome": Outcome,
    "satisfaction": Satisfaction,
}
MAX_ROWS = 50_000


def export_filename() -> str:
    return f"complaints-{timesource.today():%Y%m%d}.xlsx"


def _row_dict(row: Complaint) -> dict[str, Any]:
    keys = [k for _, k in COLUMNS + COMPLAINANT_COLUMNS if k != "department__name"]
    out = {k: getattr(row, k) for k in keys}
    out["department__name"] = row.department.name
    return out


def _cells(d: dict[str, Any], columns: Iterable[tuple[str, str]]) -> list[object]:
    cells: list[object] = []
    for _, key in columns:
        value = d.get(key)
        labels = LABELS.get(key)
        if labels is not None and value not in (None, ""):
            value = labels(value).label
        elif isinstance(value, bool):
            value = "是" if value else "否"
        cells.append(value)
    return cells


def export_rows(actor: Actor) -> tuple[list[str], Iterator[list[object]]]:
    """The headers and rows the actor may export."""
    if is_centre(actor):
        identity = has_perm(actor, "complaint.handle")
        columns = COLUMNS + (COMPLAINANT_COLUMNS if identity else ())
        rows = by_urgency(complaints_for(actor)).select_related("department")[:MAX_ROWS]
        return [h for h, _ in columns], (_cells(_row_dict(r), columns) for r in rows)
    if has_perm(actor, "complaint.explain"):
        dicts = accused_complaints(actor)[:MAX_ROWS]
        return [h for h, _ in COLUMNS], (_cells(d, COLUMNS) for d in dicts)
    raise PermissionDenied("无权导出投诉信息", detail={"permission": "complaint.handle"})


def export_xlsx(actor: Actor) -> bytes:
    headers, rows = export_rows(actor)
    return xlsx([Sheet("投诉信息", headers, rows, widths_from_headers=True)], creator="效能投诉")

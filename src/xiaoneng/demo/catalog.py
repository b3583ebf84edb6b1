"""Loads the demo catalog through the actions, as a catalog administrator
would: create each item with its materials and co-departments, then publish
it (one is left in draft, one suspended, to show the lifecycle).

Codes follow a local scheme in the spirit of GB/T 39046: 基本编码 = 事项类型
(2) + 主项 (5) + 子项 (3); 实施编码 = 基本编码 + 实施主体机构编码. Telephone
numbers are fictional."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from xiaoneng.catalog import actions
from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.specs import CoDepartmentSpec
from xiaoneng.org.models import Department

from .catalog_data import ITEMS
from .catalog_data.common import Entry
from .fees import load_demo_fees

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

FLAG_WORDS = {
    "survey": ("needs_site_survey", "现场勘察"),
    "expert": ("needs_expert_review", "专家论证"),
    "hearing": ("needs_public_hearing", "听证"),
    "collective": ("needs_collective_discussion", "集体讨论"),
}
CENTRE = "张掖市政务服务中心一楼大厅"
OFFICE_HOURS = "法定工作日上午 8:30—12:00，下午 14:30—18:00（冬季下午 14:00—17:30）"
SUPERVISE_PHONE = "0936-8212345（市行政效能投诉中心）"


def basic_code(entry: Entry) -> str:
    return f"{entry['type']}{entry['no']:05d}000"


def item_code(entry: Entry) -> str:
    return f"{basic_code(entry)}{entry['dept']}"


def _procedure(entry: Entry, instant: bool) -> str:
    if "procedure" in entry:
        return str(entry["procedure"])
    if instant:
        return "窗口受理\n审核\n当场办结、发证"
    words = entry.get("flags", "").split()
    steps = ["受理", "审查", *(label for key, (_, label) in FLAG_WORDS.items() if key in words)]
    return "\n".join([*steps, "作出决定", "制证送达"])


def _fields(entry: Entry, departments: dict[str, Department]) -> dict[str, Any]:
    dept = departments[entry["dept"]]
    window = departments.get(f"{entry['dept']}W")
    words = entry.get("flags", "").split()
    flags = {field: key in words for key, (field, _) in FLAG_WORDS.items()}
    mode = entry.get("mode", "single")
    instant = mode == "single" and not any(flags.values())
    fields: dict[str, Any] = {
        "code": item_code(entry),
        "basic_code": basic_code(entry),
        "name": entry["name"],
        "item_type": entry["type"],
        "legal_basis": entry["basis"],
        "department": dept,
        "window": window,
        "handling_mode": mode,
        "legal_limit_note": entry.get("legal_note", ""),
        "committed_limit_note": entry.get("committed_note", ""),
        **flags,
        "special_procedures": entry.get("special", []),
        "special_procedure_note": entry.get("special_note", ""),
        "conditions": entry.get("conditions", ""),
        "procedure": _procedure(entry, instant),
        "result_name": entry.get("result", ""),
        "service_objects": entry.get("objects", ["2"]),
        "service_scope": "张掖市",
        "handling_forms": ["1"],
        "visits_needed": 1 if instant else 2,
        "location": f"{CENTRE}（{window.name}）" if window else f"{dept.name}办事大厅",
        "office_hours": OFFICE_HOURS,
        "consult_method": "窗口咨询、电话咨询",
        "consult_phone": f"0936-82{entry['dept'][-3:]}00",
        "supervise_phone": SUPERVISE_PHONE,
        "faq": entry.get("faq", ""),
        "materials": entry["materials"],
        "co_departments": [
            CoDepartmentSpec(department=departments[code], opinion_limit_days=days, duty=duty)
            for code, days, duty in entry.get("co", [])
        ],
    }
    for key, field in (("legal", "legal_limit_days"), ("committed", "committed_limit_days")):
        if key in entry:
            fields[field] = entry[key]
    if "fee" in entry:
        fields["charges_fee"] = True
        fields["fee_basis"], fields["fee_codes"] = entry["fee"]
    return fields


def load_demo_catalog(actor: Actor) -> int:
    """Create the demo catalog; returns the number of items, 0 if the catalog
    already has items. Needs the demo city (`demo.city.load_demo_city`). The
    demo fee catalog comes first (its actions are durable: outside the
    items' transaction), so the items publish against it."""
    if ApprovalItem.objects.exists():
        return 0
    load_demo_fees(actor)
    return _load_items(actor)


@transaction.atomic
def _load_items(actor: Actor) -> int:
    departments = {d.code: d for d in Department.objects.all()}
    for entry in ITEMS:
        item = actions.create_item(actor=actor, **_fields(entry, departments))
        status = entry.get("status", ItemStatus.PUBLISHED)
        if status == ItemStatus.DRAFT:
            continue
        item = actions.publish_item(actor=actor, item=item)
        if status == ItemStatus.SUSPENDED:
            actions.suspend_item(actor=actor, item=item, reason=entry["status_note"])
    return len(ITEMS)

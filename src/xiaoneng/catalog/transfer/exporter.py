"""Items to a workbook in the Table 4 layout."""

from __future__ import annotations

from collections.abc import Iterable

from xiaoneng.catalog.models import ApprovalItem

from .formats import Workbook
from .layout import (
    ITEM_COLUMNS,
    ITEM_HEADERS,
    ITEM_SHEET,
    MATERIAL_COLUMNS,
    MATERIAL_HEADERS,
    MATERIAL_SHEET,
)

HEADERS = {ITEM_SHEET: ITEM_HEADERS, MATERIAL_SHEET: MATERIAL_HEADERS}


def export_workbook(items: Iterable[ApprovalItem]) -> Workbook:
    """The given items (a selector's queryset) with their materials."""
    if hasattr(items, "select_related"):
        items = items.select_related("department", "window").prefetch_related(
            "materials", "co_departments__department"
        )
    item_rows, material_rows = [], []
    for item in items:
        item_rows.append({c.header: c.value(item) for c in ITEM_COLUMNS})
        for material in item.materials.all():
            material.item = item  # already in hand: no query per material
            material_rows.append({c.header: c.value(material) for c in MATERIAL_COLUMNS})
    return {ITEM_SHEET: item_rows, MATERIAL_SHEET: material_rows}

"""The demo history's year of proactive disclosure (issue 12): twelve months
ending 2026-10-30 played through the real actions with no refused step —
items of three units published on time, some late and one left past its due
day (anomalies), policy documents with their interpretations, 复议/诉讼
records, the 2025 annual report generated in January and published in
February, none for 2026 (a report is of a finished year); the report's
tables recomputed by hand from the story's rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.openinfo_days import openinfo_days
from xiaoneng.openinfo.models import AnnualReport, DisclosureItem, ReviewRecord
from xiaoneng.openinfo.tables import cell
from xiaoneng.supervision.models import Anomaly

END = date(2026, 10, 30)  # a Friday
START = END - timedelta(days=365)


@pytest.mark.django_db
def test_a_year_of_proactive_disclosure(demo_city: None) -> None:
    said: list[str] = []
    counts = drain(openinfo_days(seed=5, start=START, end=END, say=said.append))
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert said
    assert said[0].startswith("主动公开："), said
    items = list(DisclosureItem.objects.select_related("department"))
    assert {i.department.code for i in items} == {"620700005", "620700002", "620700001"}
    assert len(items) >= 36
    published = [i for i in items if i.published_on]
    assert len(published) >= 30
    assert all(i.formed_on <= i.registered_on for i in items)
    late = [i for i in items if i.late]
    assert len(late) >= 3
    assert all(i.published_on and i.published_on > i.due_on for i in late)
    flagged = set(
        Anomaly.objects.filter(kind="disclosure_late", subject_kind="disclosure_item").values_list(
            "subject_ref", flat=True
        )
    )
    assert {i.pk for i in late} <= flagged
    notes = [i for i in items if i.category == "interpretation"]
    assert len(notes) >= 3
    assert all(n.interprets and n.interprets.category == "policy" for n in notes)
    assert any(i.repealed_on for i in items)
    assert ReviewRecord.objects.count() == 2
    last = AnnualReport.objects.get(year=2025)
    assert last.status == "published"
    assert last.generated_on.month == 1
    assert last.published_on is not None
    assert last.published_on.month == 2
    assert not AnnualReport.objects.filter(year=2026).exists()  # not a finished year
    _recount(last.tables, items)


def _recount(tables: dict, items: list[DisclosureItem]) -> None:
    """The 2025 report's catalogue cells counted again from the rows."""
    in_2025 = [i for i in items if i.published_on and i.published_on.year == 2025]
    table = "本年主动公开信息（按目录类别）"
    assert cell(tables, table, "合计", "公开条数") == len(in_2025)
    assert cell(tables, table, "合计", "其中超期公开") == sum(i.late for i in in_2025)
    policies = [i for i in items if i.category == "policy"]
    docs = "第二十条第（一）项"
    made = sum(i.formed_on.year == 2025 for i in policies)
    assert cell(tables, docs, "行政规范性文件", "本年制发件数") == made
    end = date(2025, 12, 31)
    in_force = sum(
        i.formed_on <= end and (i.repealed_on is None or i.repealed_on > end) for i in policies
    )
    assert cell(tables, docs, "行政规范性文件", "现行有效件数") == in_force
    assert cell(tables, "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "总计") == sum(
        r.filed_on.year == 2025 and r.kind == "reconsideration" for r in ReviewRecord.objects.all()
    )

"""The targets and appraisal story over a span crossing a year end: both
years get their books, the first carried in (its earlier months through the
bulk path), the second imported in January and played live; the year-end of
the first year is graded from the carried-in books; nothing fails or is refused."""

from __future__ import annotations

from datetime import date

from xiaoneng.appraisal.models import Bulletin, QuarterRanking, YearResult
from xiaoneng.demo.history.appraisal import play_appraisal
from xiaoneng.demo.history.targets import play_targets
from xiaoneng.supervision.models import SupervisionOrder
from xiaoneng.targets.models import Adjustment, ProgressReport, TargetBook


def test_a_span_across_a_year_end(demo_city: None) -> None:
    said: list[str] = []
    span = {"seed": 3, "start": date(2025, 11, 20), "end": date(2026, 2, 20), "say": said.append}
    counts = play_targets(**span)
    assert not [k for k in counts if k.startswith("failed:")], counts
    books = TargetBook.objects.filter(status="signed")
    assert {y: books.filter(year=y).count() for y in (2025, 2026)} == {2025: 14, 2026: 14}
    # Carried in: signed in January in the older system, imported on the span's first day.
    assert set(books.filter(year=2025).values_list("signed_on", flat=True)) == {date(2025, 1, 2)}
    assert set(books.filter(year=2026).values_list("signed_on", flat=True)) == {date(2026, 1, 4)}
    # January to October 2025 were reported before the span (October's day: 7 November).
    carried = ProgressReport.objects.filter(year=2025, month__lte=10)
    assert counts["carried_reports"] == carried.count() == 40 * 10
    assert carried.filter(status="verified").count() == carried.count()
    assert carried.filter(late=True).exists()
    assert ProgressReport.objects.filter(year=2025, month=12, status="verified").exists()
    assert ProgressReport.objects.filter(year=2026, month=1).exists()
    assert (
        counts["urge"] == 1 == SupervisionOrder.objects.filter(subject_kind="target_task").count()
    )
    assert set(Adjustment.objects.values_list("status", flat=True)) == {"approved", "rejected"}
    assert "2025 年转入，此前月份 400 份进度批量导入" in said[0]

    counts = play_appraisal(**span)
    assert "refused" not in counts, said
    assert set(Bulletin.objects.values_list("year", "month", "status")) == {
        (2025, 11, "issued"),
        (2025, 12, "issued"),
        (2026, 1, "issued"),
    }
    assert list(QuarterRanking.objects.values_list("year", "quarter", "status")) == [
        (2025, 4, "published")
    ]
    result = YearResult.objects.get()
    assert (result.year, result.status) == (2025, "published")
    assert result.rows.count() == 14

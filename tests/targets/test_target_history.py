"""The demo history of targets runs through the real actions: books for
the counties and city departments, monthly reports (some late, some
returned and resubmitted), red milestones, an urge, one adjustment
approved and one rejected, no failed step."""

from __future__ import annotations

from datetime import date

from xiaoneng.demo.history.targets import play_targets
from xiaoneng.supervision.models import SubjectCard, SupervisionOrder
from xiaoneng.targets.models import Adjustment, ProgressReport, TargetBook


def test_the_story_plays_without_failures(demo_city: None) -> None:
    said: list[str] = []
    counts = play_targets(seed=7, start=date(2026, 1, 5), end=date(2026, 5, 29), say=said.append)
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert TargetBook.objects.filter(status="signed").count() == 14
    assert counts["tasks"] == 6 * 4 + 8 * 2
    reports = ProgressReport.objects.all()
    assert reports.filter(late=True).exists()
    assert reports.filter(late=False).exists()
    assert reports.filter(status="verified").exists()
    assert counts.get("return", 0) == counts.get("resubmit", 0) >= 1
    assert counts["red_milestones"] > 0
    assert SupervisionOrder.objects.filter(subject_kind="target_task").count() == 1
    assert set(Adjustment.objects.values_list("status", flat=True)) == {"approved", "rejected"}
    assert SubjectCard.objects.filter(subject_kind="target_task").exists()
    assert said
    assert said[0].startswith("目标责任：14 份目标责任书")

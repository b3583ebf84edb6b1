"""The demo history's decisions (issue 12): four 2012-style Zhangye
decisions through the real actions — the water price with its hearing and
the urban planning reach the executive meeting and publication, the key
project stops at a failed legality review not yet revised, the parking
fees are still open for comment on the last day; comments come from the
public; no step refused."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.decisions.models import (
    CataloguePublication,
    Channel,
    Comment,
    Decision,
    ReviewResult,
    Stage,
)
from xiaoneng.decisions.selectors import done_of, published_decisions
from xiaoneng.demo.history.days import drain
from xiaoneng.demo.history.decision_days import decision_days
from xiaoneng.supervision.models import Anomaly

END = date(2026, 10, 30)
START = date(2025, 10, 31)


@pytest.mark.django_db
def test_a_year_of_major_decisions(demo_city: None) -> None:
    said: list[str] = []
    counts = drain(decision_days(seed=7, start=START, end=END, say=said.append))
    assert not [k for k in counts if k.startswith("failed:")], counts
    assert said[-1].startswith("重大行政决策：4 项（公布 2 项、归档 1 项）")
    water = Decision.objects.get(title="张掖市城区居民生活用水价格调整")
    planning = Decision.objects.get(title="张掖市新型城镇化规划")
    project = Decision.objects.get(title="张掖市滨河新区地下综合管廊建设项目")
    assert water.stage == Stage.ARCHIVED
    assert water.consultation.hearing_on is not None
    assert planning.stage == Stage.PUBLISHED
    assert set(published_decisions()) == {water, planning}
    assert [s.speaker for s in water.discussions.get().speeches.all()][-1] == "陈志远"
    review = project.reviews.get()
    assert review.result == ReviewResult.FAILED
    assert project.draft == review.draft  # not yet revised
    gates = done_of(project)
    assert (gates.consultation, gates.experts, gates.risk, gates.legality) == (
        True,
        True,
        True,
        False,
    )
    assert Comment.objects.filter(channel=Channel.ONLINE, entered_by=None).count() == 9 + 3
    parking = Decision.objects.get(title="张掖市城区公共停车场收费标准调整")
    assert parking.stage == Stage.CONSULTING
    assert parking.consultation.closes_on > END  # open on the last day
    assert parking.comments.count() == 3 + 1
    assert CataloguePublication.objects.get().year == 2026
    assert not Anomaly.objects.filter(kind="decision_out_of_order").exists()
    assert all(d.sponsor.code == "620700002" for d in Decision.objects.all())

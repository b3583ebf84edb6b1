"""晒成绩单、晾排行榜 on the portal: only published months, frozen as
published; a month picker over them; 404 for any other month; each
department's scorecard with its history as an SVG chart and a table; no
rate limit counts these reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from portal_world import COMPANY, INSTANT

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import Department, User
from xiaoneng.portal.chart import Point, score_chart
from xiaoneng.scores import actions as score_actions
from xiaoneng.scores.models import MonthlyMetric
from xiaoneng.web.models import RateBucket

pytestmark = pytest.mark.django_db
MARCH, APRIL = date(2026, 3, 1), date(2026, 4, 1)
GONGSHANG = "620700005"  # 市工商局: the instant item's department


def _text(response: Any) -> str:
    return response.content.decode("utf-8")


def _main(response: Any) -> str:
    return _text(response).split("<main", 1)[1].split("</main>", 1)[0]


def _instant(users: dict[str, User], on: date) -> Case:
    with travel_to(on):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=INSTANT, applicant_name=COMPANY
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)  # decided at once
    return case


@pytest.fixture
def published(users: dict[str, User], decided: tuple[Case, str]) -> Department:
    """March 2026 published (市工商局: one instant case, 100 points); April
    has a case and a draft rollup, never published."""
    _instant(users, date(2026, 4, 1))
    with travel_to(date(2026, 4, 10)):
        score_actions.publish_ranking(actor=users["supervisor"], month=MARCH, note="经局务会审定")
        score_actions.recompute_month(actor=users["supervisor"], month=APRIL)
    assert MonthlyMetric.objects.filter(month=APRIL).exists()
    return Department.objects.get(code=GONGSHANG)


def test_nothing_published_says_so(client: Client, decided: tuple[Case, str]) -> None:
    with travel_to(date(2026, 4, 10)):
        score_actions.recompute_month(actor=User.objects.get(username="supervisor"), month=MARCH)
    response = client.get("/ranking/")
    assert response.status_code == 200
    html = _main(response)
    assert "尚未发布月度排名" in html
    assert "data-ranking" not in html
    assert "市工商局" not in html  # a draft never shows
    assert "市监察局发布月度效能排名后" in _main(client.get("/"))


def test_the_latest_published_month(client: Client, published: Department) -> None:
    html = _main(client.get("/ranking/"))
    assert 'data-ranking="2026-03"' in html
    assert "2026年3月各部门效能排名" in html
    assert published.name in html
    assert f'href="/ranking/department/{published.pk}/"' in html
    assert "100.00" in html
    assert "经局务会审定" in html
    assert "每张黄牌扣 5 分" in html  # the rules in force when published
    # The picker lists published months only.
    assert '<option value="2026-03" selected>2026年3月</option>' in html
    assert 'value="2026-04"' not in html


def test_a_month_by_its_code_and_404_otherwise(client: Client, published: Department) -> None:
    assert client.get("/ranking/", {"month": "2026-03"}).status_code == 200
    for month in ("2026-04", "2026-02", "2026-13", "2026-3", "march", "2026-03'--"):
        assert client.get("/ranking/", {"month": month}).status_code == 404, month


def test_published_figures_stay_frozen(
    client: Client, published: Department, users: dict[str, User]
) -> None:
    _instant(users, date(2026, 3, 20))  # a late March case, then a recomputation
    with travel_to(date(2026, 4, 11)):
        score_actions.recompute_month(actor=users["supervisor"], month=MARCH)
    assert MonthlyMetric.objects.get(month=MARCH, department=published).completed == 2
    html = _main(client.get("/ranking/", {"month": "2026-03"}))
    row = html.split(f'data-department="{published.pk}"', 1)[1].split("</tr>", 1)[0]
    assert 'data-label="办结">1<' in row


def test_the_home_page_shows_the_top_and_the_nav_links(
    client: Client, published: Department
) -> None:
    html = _text(client.get("/"))
    assert '<a href="/ranking/">效能排行</a>' in html
    section = html.split('id="ranking"', 1)[1].split("</section>", 1)[0]
    assert "2026年3月效能排名" in section
    assert f'href="/ranking/department/{published.pk}/"' in section
    assert "100.00" in section


def test_scorecard_with_chart_and_table(client: Client, published: Department) -> None:
    response = client.get(f"/ranking/department/{published.pk}/")
    assert response.status_code == 200
    html = _main(response)
    assert f"{published.name} · 效能成绩单" in html
    assert 'data-latest="2026-03"' in html
    assert "<strong data-score>100.00</strong>" in html
    assert "<strong data-rank>1</strong> / 1" in html
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert 'aria-labelledby="sc-svg-title sc-svg-desc"' in svg
    assert "2026年3月：100.00 分，第 1 名（共 1 个部门）" in svg
    assert "<circle" in svg
    assert '<tr data-month="2026-03">' in html
    assert "2026-04" not in html  # the draft month is nowhere
    assert "<script" not in html


def test_scorecard_of_a_department_without_published_data(
    client: Client, published: Department
) -> None:
    other = Department.objects.filter(kind="department").exclude(pk=published.pk).first()
    assert other is not None
    html = _main(client.get(f"/ranking/department/{other.pk}/"))
    assert "暂无已发布的成绩单" in html
    assert "均未参评" in html
    assert "<svg" not in html


def test_scorecard_before_anything_is_published(client: Client, users: dict[str, User]) -> None:
    dept = Department.objects.get(code=GONGSHANG)
    html = _main(client.get(f"/ranking/department/{dept.pk}/"))
    assert "暂无已发布的成绩单" in html
    assert "尚未发布月度效能排名" in html


def test_unknown_department_is_404(client: Client, users: dict[str, User]) -> None:
    assert client.get("/ranking/department/999999/").status_code == 404


def test_rankings_are_not_rate_limited(
    client: Client, published: Department, set_limit: Any
) -> None:
    set_limit("portal.track_per_minute", 1)
    set_limit("portal.search_per_minute", 1)
    for _ in range(3):
        assert client.get("/ranking/", {"month": "2026-03"}).status_code == 200
        assert client.get(f"/ranking/department/{published.pk}/").status_code == 200
    assert not RateBucket.objects.exists()
    # The limited forms keep their limits.
    assert client.post("/track/", {"no": "1", "code": "2"}).status_code == 200
    assert client.post("/track/", {"no": "1", "code": "2"}).status_code == 429


def test_the_chart_breaks_where_a_month_was_not_ranked() -> None:
    from decimal import Decimal

    points = [
        Point(date(2025, 12, 1), "2025年12月", Decimal("98.00"), 3, 5),
        Point(date(2026, 1, 1), "2026年1月", Decimal("104.00"), 1, 5),
        Point(date(2026, 2, 1), "2026年2月", None, None, 4),
        Point(date(2026, 3, 1), "2026年3月", Decimal("83.00"), 5, 5),
    ]
    chart = score_chart(points)
    assert len(chart.dots) == 3
    assert len(chart.lines) == 1  # Dec–Jan; March stands alone
    assert [t.year for t in chart.ticks] == ["2025", "2026", "", ""]
    assert [t.month for t in chart.ticks] == ["12月", "1月", "2月", "3月"]
    assert "2026年2月：未参评" in chart.summary
    assert "2026年3月：83.00 分，第 5 名（共 5 个部门）" in chart.summary
    high, low = chart.dots[1], chart.dots[2]
    assert high.y < low.y  # a higher score is drawn higher
    assert all(chart.grid[-1].y <= d.y <= chart.baseline for d in chart.dots)
    assert score_chart([]).dots == []

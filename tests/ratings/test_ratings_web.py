"""好差评 pages and API: the public form (masked, rate limited), the
department's desk, the supervision office's appeal review."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from ratings_support import APPLICANT

from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.ratings import actions
from xiaoneng.ratings.models import Rating, Rectification

pytestmark = pytest.mark.django_db

ON = date(2026, 9, 30)


def test_the_public_form_masks_the_applicant_and_rates(client: Any, delivered: Any) -> None:
    case, code = delivered()
    with travel_to(ON):
        page = client.post("/ratings/", {"no": case.tracking_no, "code": code})
        html = page.content.decode()
        assert page.status_code == 200
        assert APPLICANT not in html
        assert "张掖市祁连****有限公司" in html
        assert "非常不满意" in html
        assert "办事效率" in html
        done = client.post(
            "/ratings/",
            {"no": case.tracking_no, "code": code, "level": "4", "criteria": ["efficiency"]},
        )
    assert done.status_code == 200
    assert "感谢您的评价" in done.content.decode()
    assert Rectification.objects.filter(rating__case=case).exists()
    wrong = client.post("/ratings/", {"no": case.tracking_no, "code": "XXXXXXXXXX"})
    assert "办件编号或查询码不正确" in wrong.content.decode()


def test_the_public_form_is_rate_limited(client: Any, delivered: Any, set_limit: Any) -> None:
    set_limit("rating.submit_per_minute", 2)
    for _ in range(2):
        assert client.post("/ratings/", {"no": "1", "code": "2"}).status_code == 200
    limited = client.post("/ratings/", {"no": "1", "code": "2"})
    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"


def test_the_visit_link_and_the_desk(client: Any, login: Any, users: dict[str, User]) -> None:
    login("window")
    with travel_to(ON):
        made = client.post("/ratings/visits/new/", {"service": "证照领取"})
        visit_code = made.context["visit"].code
        assert f"/ratings/v/{visit_code}/" in made.content.decode()
        client.logout()
        page = client.get(f"/ratings/v/{visit_code}/")
        assert "证照领取" in page.content.decode()
        client.post(f"/ratings/v/{visit_code}/", {"level": "5", "comment": "态度冷淡"})
    rating = Rating.objects.get(visit__code=visit_code)
    row = Rectification.objects.get(rating=rating)
    login("depthead")
    with travel_to(date(2026, 10, 12)):
        desk = client.get("/ratings/desk/")
        html = desk.content.decode()
        assert desk.status_code == 200
        assert f'data-rectification="{row.pk}"' in html
        assert "2026年10月13日" in html
        assert "黄灯" in html
        assert "剩余 1 个工作日" in html
        # 在办 (every status not yet closed) is the default filter, chosen once.
        assert html.count(" selected>") == 1
        assert '<option value="pending" selected>' in html
        detail = client.get(f"/ratings/rectifications/{row.pk}/")
        assert "态度冷淡" in detail.content.decode()
        client.post(f"/ratings/rectifications/{row.pk}/measures/", {"measures": "批评教育"})
        client.post(
            f"/ratings/rectifications/{row.pk}/callback/",
            {"result": "reached", "satisfaction": "2"},
        )
        client.post(f"/ratings/rectifications/{row.pk}/close/")
    row.refresh_from_db()
    assert row.status == "closed"
    assert row.on_time is True
    with travel_to(date(2026, 10, 12)):
        assert f'data-rectification="{row.pk}"' not in client.get("/ratings/desk/").content.decode()
        closed = client.get("/ratings/desk/?status=closed").content.decode()
        assert f'data-rectification="{row.pk}"' in closed


def test_other_departments_and_the_public_do_not_see_the_desk(
    client: Any, login: Any, delivered: Any
) -> None:
    case, code = delivered()
    with travel_to(ON):
        rating = actions.rate_case_online(
            tracking_no=case.tracking_no, query_code=code, level=5, comment="差"
        )
    row = Rectification.objects.get(rating=rating)
    assert client.get("/ratings/desk/").status_code == 302  # to the login page
    login("zhijian")
    assert f'data-rectification="{row.pk}"' not in client.get("/ratings/desk/").content.decode()
    assert client.get(f"/ratings/rectifications/{row.pk}/").status_code == 404
    assert client.get("/ratings/appeals/").status_code == 403


def test_appeal_review_page(
    client: Any, login: Any, delivered: Any, users: dict[str, User]
) -> None:
    case, code = delivered()
    with travel_to(ON):
        rating = actions.rate_case_online(
            tracking_no=case.tracking_no, query_code=code, level=5, comment="差"
        )
        appeal = actions.file_appeal(actor=users["depthead"], rating_id=rating.pk, reason="恶意")
    login("inspector")
    page = client.get("/ratings/appeals/")
    assert f'data-appeal="{appeal.pk}"' in page.content.decode()
    assert APPLICANT not in page.content.decode()
    client.post(
        "/ratings/appeals/", {"appeal": appeal.pk, "decision": "rejected", "note": "证据不足"}
    )
    appeal.refresh_from_db()
    assert appeal.status == "rejected"
    rating.refresh_from_db()
    assert rating.excluded is False


def test_the_api(client: Any, api_as: Any, delivered: Any) -> None:
    case, code = delivered()
    body = {"tracking_no": case.tracking_no, "query_code": code, "level": 4, "comment": "慢"}
    with travel_to(ON):
        first = client.post("/api/v1/ratings/online", body, content_type="application/json")
        again = client.post("/api/v1/ratings/online", body, content_type="application/json")
    assert first.status_code == 201, first.content
    assert first.json()["rectification_due_on"] == "2026-10-13"
    assert again.status_code == 409
    assert again.json()["code"] == "rating_exists"
    head = api_as("depthead")
    rows = head.get("/ratings/rectifications").json()
    assert [r["rating_id"] for r in rows] == [first.json()["id"]]
    rid = rows[0]["id"]
    refused = head.post(f"/ratings/rectifications/{rid}/close")
    assert refused.status_code == 409
    assert refused.json()["code"] == "rectification_bad_transition"


@pytest.fixture
def api_as(client: Any, login: Any) -> Any:
    class Api:
        def __init__(self, username: str) -> None:
            login(username)

        def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
            return client.post(f"/api/v1{path}", body or {}, content_type="application/json")

        def get(self, path: str) -> Any:
            return client.get(f"/api/v1{path}")

    return Api

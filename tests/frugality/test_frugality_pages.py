"""The desks: the unit registers and records actuals through the forms, the
head approves on his desk, the leader on his, finance reads the report;
each page opens only for the roles it serves and shows only their rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from frugality_support import ACTUALS_DAY, REGISTER_DAY, World

from xiaoneng.core.timesource import travel_to
from xiaoneng.frugality.models import Reception, Status, Trip
from xiaoneng.supervision.models import Anomaly

pytestmark = pytest.mark.django_db

FORM = {
    "sending_unit": "武威市市场监督管理局",
    "letter_number": "武市监函〔2026〕21号",
    "letter_date": "2026-10-08",
    "guest_level": "same",
    "guests": "5",
    "companions": "2",
    "meals": "2",
    "nights": "0",
    "start_on": "2026-10-13",
    "end_on": "2026-10-13",
    "planned_cost": "1400",
    "purpose": "交流个体工商户登记工作",
}


def test_register_approve_and_record_through_the_pages(
    world: World, client: Any, login: Any
) -> None:
    with travel_to(REGISTER_DAY):
        login("office")
        response = client.post("/frugality/receptions/new/", FORM)
        assert response.status_code == 302, response.content.decode()[:2000]
        row = Reception.objects.get()
        page = client.get(f"/frugality/receptions/{row.pk}/").content.decode()
        assert "待单位负责人审批" in page
        client.logout()
        login("depthead")
        desk = client.get("/frugality/approvals/").content.decode()
        assert row.number in desk
        client.post(f"/frugality/receptions/{row.pk}/decide/", {"decision": "approve"})
        assert Reception.objects.get().status == Status.APPROVED
        client.logout()
    with travel_to(ACTUALS_DAY):
        login("office")
        client.post(
            f"/frugality/receptions/{row.pk}/actuals/",
            {
                "actual_guests": "5",
                "actual_companions": "2",
                "actual_meals": "2",
                "actual_nights": "0",
                "meal_cost": "1500",
                "alcohol": "1",
                "alcohol_on": "2026-10-13",
                "checklist": "午餐、晚餐各一次",
            },
        )
    row.refresh_from_db()
    assert row.status == Status.DONE
    kinds = set(Anomaly.objects.filter(subject_ref=row.pk).values_list("kind", flat=True))
    assert kinds == {"reception_over_standard", "reception_alcohol"}  # 7 × 2 × 100 = 1400 < 1500
    # The supervision bureau opens the record its findings link to (read only).
    client.logout()
    page = login("supervisor").get(f"/frugality/receptions/{row.pk}/").content.decode()
    assert row.number in page
    assert 'name="decision"' not in page
    assert "data-actuals-form" not in page


def test_a_refused_form_says_why(world: World, client: Any, login: Any) -> None:
    with travel_to(REGISTER_DAY):
        login("office")
        page = client.post("/frugality/receptions/new/", {**FORM, "companions": "5"})
        assert page.status_code == 200
        assert "reception_companions_over" in page.content.decode()
        assert not Reception.objects.exists()


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("office", "/frugality/", 200),
        ("office", "/frugality/vehicles/", 200),
        ("office", "/frugality/trips/", 200),
        ("office", "/frugality/report/", 200),
        ("office", "/frugality/approvals/", 403),
        ("office", "/frugality/city/", 403),
        ("depthead", "/frugality/approvals/", 200),
        ("leader", "/frugality/city/", 200),
        ("leader", "/frugality/", 200),  # supervision.view: his portfolio, read only
        ("window", "/frugality/", 403),
        ("caizheng", "/frugality/report/", 200),
        ("caizheng", "/frugality/", 200),
        ("window", "/frugality/report/", 403),
        ("window", "/frugality/vehicles/", 403),
    ],
)
def test_who_opens_which_desk(
    world: World, login: Any, username: str, url: str, status: int
) -> None:
    with travel_to(REGISTER_DAY):
        assert login(username).get(url).status_code == status


def test_the_leaders_desk_shows_his_portfolio_only(world: World, client: Any, login: Any) -> None:
    trip = {
        "purpose": "会谈",
        "destination": "哈萨克斯坦",
        "start_on": "2026-11-02",
        "end_on": "2026-11-06",
        "budget": "60000",
        "person_name": ["李明", ""],
        "person_post": ["副局长", ""],
        "person_business": ["会谈", ""],
    }
    with travel_to(REGISTER_DAY):
        login("office")
        assert client.post("/frugality/trips/", trip).status_code == 302
        client.logout()
        login("zj_office")
        assert (
            client.post("/frugality/trips/", {**trip, "destination": "蒙古国"}).status_code == 302
        )
        client.logout()
        login("leader")
        desk = client.get("/frugality/city/").content.decode()
    assert "哈萨克斯坦" in desk
    assert "蒙古国" not in desk
    assert Trip.objects.count() == 2


def test_a_trip_form_with_a_person_without_business(world: World, client: Any, login: Any) -> None:
    with travel_to(REGISTER_DAY):
        login("office")
        page = client.post(
            "/frugality/trips/",
            {
                "purpose": "考察",
                "destination": "新加坡",
                "start_on": "2026-11-02",
                "end_on": "2026-11-06",
                "budget": "60000",
                "person_name": ["李明", "王芳"],
                "person_post": ["副局长", ""],
                "person_business": ["会谈", ""],
            },
        ).content.decode()
    assert "trip_person_without_business" in page
    assert "王芳" in page  # the rows typed stay in the form
    assert not Trip.objects.exists()


def test_a_missing_record_is_a_404(world: World, login: Any) -> None:
    client = login("office")
    assert client.get("/frugality/receptions/999999/").status_code == 404
    assert client.get("/frugality/vehicles/999999/").status_code == 404
    assert client.get("/frugality/trips/999999/").status_code == 404
    body = {
        "actual_guests": "1",
        "actual_companions": "0",
        "actual_meals": "1",
        "actual_nights": "0",
        "meal_cost": "10",
        "alcohol": "0",
        "checklist": "x",
    }
    assert client.post("/frugality/receptions/999999/actuals/", body).status_code == 404
    assert client.post("/frugality/receptions/1/nonsense/", {}).status_code == 404


def test_the_letter_scan_downloads_for_its_unit_only(
    registered: Any, client: Any, login: Any
) -> None:
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    row = registered(letter_scan=SimpleUploadedFile("公函.pdf", pdf, "application/pdf"))
    (scan,) = row.scans.all()
    url = f"/frugality/receptions/{row.pk}/scans/{scan.pk}/"
    login("office")
    page = client.get(f"/frugality/receptions/{row.pk}/").content.decode()
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf
    assert "attachment" in response["Content-Disposition"]
    # Another unit's office does not see the reception, nor its scan; nor a scan
    # asked for under another reception's number.
    login("zj_office")
    assert client.get(url).status_code == 404
    login("office")
    assert client.get(f"/frugality/receptions/{row.pk + 1}/scans/{scan.pk}/").status_code == 404

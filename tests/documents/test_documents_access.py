"""Who reaches a case's documents: staff through their data scope, the
applicant for their own case only; everyone else gets case_not_found. And a
server without the font answers 503 document_font_missing, never a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from xiaoneng.cases.models import Case
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User

pytestmark = pytest.mark.django_db


def _other_applicant(users: dict[str, User]) -> User:
    return org_actions.create_user(
        actor=users["admin"],
        username="applicant2",
        password=DEMO_PASSWORD,
        real_name="甘州区丝路驿站餐饮店",
        roles=[Role.objects.get(code="applicant")],
    )


def _other_department_reviewer(users: dict[str, User]) -> User:
    return org_actions.create_user(
        actor=users["admin"],
        username="reviewer_fgw",
        password=DEMO_PASSWORD,
        real_name="发改委审核员",
        department=Department.objects.get(code="620700002"),  # 市发改委
        roles=[Role.objects.get(code="reviewer")],
    )


@pytest.mark.parametrize("who", ["other_department", "other_applicant"])
def test_outsiders_get_case_not_found(
    api: Any, client: Any, users: dict[str, User], accepted: Case, who: str
) -> None:
    user = (
        _other_department_reviewer(users) if who == "other_department" else _other_applicant(users)
    )
    outsider = api(user.username)
    for path in (f"/cases/{accepted.pk}/documents", f"/cases/{accepted.pk}/documents/acceptance"):
        response = outsider.get(path)
        assert response.status_code == 404
        assert response.json()["code"] == "case_not_found"
    assert client.get(f"/documents/cases/{accepted.pk}/acceptance.pdf").status_code == 404


def test_the_applicant_and_the_staff_download_from_their_pages(
    client: Any, login: Any, accepted: Case
) -> None:
    login("applicant")
    page = client.get(f"/cases/mine/{accepted.pk}/").content.decode()
    link = f"/documents/cases/{accepted.pk}/acceptance.pdf"
    assert "文书" in page
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    client.logout()
    login("window")
    staff_page = client.get(f"/cases/{accepted.pk}/").content.decode()
    assert link in staff_page
    assert "受理通知书" in staff_page
    assert client.get(link).content == response.content
    # Not yet issued, or no such kind: 404 on the web too.
    assert client.get(f"/documents/cases/{accepted.pk}/approval.pdf").status_code == 404
    assert client.get(f"/documents/cases/{accepted.pk}/nonsense.pdf").status_code == 404


def test_anonymous_users_are_sent_to_log_in(api: Any, client: Any, accepted: Case) -> None:
    assert client.get(f"/documents/cases/{accepted.pk}/acceptance.pdf").status_code == 302
    assert client.get(f"/api/v1/cases/{accepted.pk}/documents").status_code == 401


def test_a_missing_font_is_a_clear_503(
    api: Any, client: Any, settings: Any, tmp_path: Path, accepted: Case
) -> None:
    # Neither the Fandol faces nor Noto Serif CJK, which stands in for them.
    settings.XIAONENG_PDF_FANDOL_DIR = str(tmp_path)
    settings.XIAONENG_PDF_FONT_DIR = str(tmp_path)
    response = api("window").get(f"/cases/{accepted.pk}/documents/acceptance")
    assert response.status_code == 503
    body = response.json()
    assert body["code"] == "document_font_missing"
    assert "中文字体" in body["message"]
    page = client.get(f"/documents/cases/{accepted.pk}/acceptance.pdf")
    assert page.status_code == 503
    assert "document_font_missing" in page.content.decode()
    # The list does not need the font.
    assert api("window").get(f"/cases/{accepted.pk}/documents").status_code == 200

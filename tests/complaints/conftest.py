"""Fixtures of the complaint tests: the accused bureau (市工商局, whose head is
the demo `depthead`), another department's head, and a complaint filed and
walked through the real actions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from complaint_world import ADDRESS, DAY, ID_NO, NAME, PHONE

from xiaoneng.complaints import actions
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings: Any, tmp_path: Path) -> None:
    # Attachments are stored under MEDIA_ROOT: never the repository's var/.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def bureau(demo_city: None) -> Department:
    return Department.objects.get(code="620700005")  # 市工商局


@pytest.fixture
def other_head(users: dict[str, User]) -> User:
    """The head of 市质监局: complaint.explain, but not about 市工商局."""
    return org_actions.create_user(
        actor=users["admin"],
        username="zjhead",
        password=DEMO_PASSWORD,
        real_name="秦海",
        department=Department.objects.get(code="620700024"),
        roles=Role.objects.filter(code="dept_head"),
    )


@pytest.fixture
def file_complaint(
    users: dict[str, User], bureau: Department
) -> Callable[..., tuple[Complaint, str]]:
    """file_complaint(on=…, **changes): a hotline complaint entered by the centre."""

    def file(on: date = DAY, **changes: Any) -> tuple[Complaint, str]:
        fields: dict[str, Any] = {
            "actor": users["complaint"],
            "channel": "hotline",
            "category": "rudeness",
            "department_id": bureau.pk,
            "title": "窗口人员态度蛮横",
            "description": "办理营业执照变更时，窗口人员态度蛮横，拒不解释原因。",
            "anonymous": False,
            "complainant_name": NAME,
            "complainant_phone": PHONE,
            "complainant_id_no": ID_NO,
            "complainant_address": ADDRESS,
            "staff_name": "周敏",
            **changes,
        }
        with travel_to(on):
            return actions.submit_complaint(**fields)

    return file

"""系统管理's pages (/system/…): open to user administrators only, no password
hash or Django admin internals in any page, the temporary password shown
once, export and import through the pages, and non-admins never sent to an
admin login form."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from xiaoneng.core.sheets import Sheet, xlsx
from xiaoneng.org.models import Department, Position, Role, User
from xiaoneng.org.staff_sheet import HEADERS

pytestmark = pytest.mark.django_db

HASH = re.compile(r"(argon2|pbkdf2_sha256|md5)\$")
INTERNALS = ("auth | user", "Can add user", "Permissions", "Django", "superuser status")


def _clean(html: str) -> None:
    assert not HASH.search(html), "a password hash reached the page"
    for word in INTERNALS:
        assert word not in html, word


def test_every_page_is_clean_for_the_admin(login: Any, users: dict[str, User]) -> None:
    client = login("admin")
    role = Role.objects.get(code="window")
    position = Position.objects.first()
    assert position is not None
    dept = Department.objects.get(code="620700005")
    pages = [
        "/system/users/",
        "/system/users/?q=window&status=active",
        f"/system/users/?department={dept.pk}",
        "/system/users/new/",
        f"/system/users/{users['window'].pk}/",
        f"/system/users/{users['admin'].pk}/",
        "/system/users/import/",
        "/system/roles/",
        f"/system/roles/{role.pk}/",
        "/system/roles/new/",
        "/system/departments/",
        f"/system/departments/{dept.pk}/",
        "/system/departments/new/",
        "/system/positions/",
        f"/system/positions/{position.pk}/",
        "/system/positions/new/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.content.decode())
    listing = client.get("/system/users/?q=window").content.decode()
    assert "窗口" in listing
    # The list shows phone numbers masked.
    User.objects.filter(username="window").update(phone="13912345678")
    listing = client.get("/system/users/?q=window").content.decode()
    assert "139****5678" in listing
    assert "13912345678" not in listing


def test_non_admins_get_the_staff_403(login: Any) -> None:
    client = login("window")
    for url in ("/system/users/", "/system/roles/", "/system/users/export/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "无权访问" in response.content.decode()
    # The admin site: the staff 403 page, never its login form nor a loop.
    for url in ("/admin/", "/admin/system/parameter/", "/admin/login/?next=/admin/"):
        response = client.get(url, follow=True)
        assert response.status_code == 403, url
        page = response.content.decode()
        assert "无权访问" in page
        assert "工作人员登录" not in page


def test_adding_a_user_shows_the_temporary_password_once(login: Any) -> None:
    client = login("admin")
    dept = Department.objects.get(code="620700005")
    role = Role.objects.get(code="reviewer")
    response = client.post(
        "/system/users/new/",
        {
            "username": "liwei",
            "real_name": "李伟",
            "department": dept.pk,
            "title": "科员",
            "phone": "13800001111",
            "roles": [role.pk],
        },
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    shown = re.search(r"data-password>([^<]+)<", page)
    assert shown is not None
    user = User.objects.get(username="liwei")
    assert user.check_password(shown.group(1))
    assert user.must_change_password
    assert not user.is_staff  # a reviewer has no admin-site page
    _clean(page)
    again = client.post(
        "/system/users/new/",
        {"username": "liwei", "real_name": "李伟", "department": dept.pk, "roles": [role.pk]},
    )
    assert again.status_code == 409
    assert "已存在" in again.content.decode()


def test_the_admin_cannot_disable_itself_through_the_page(
    login: Any, users: dict[str, User]
) -> None:
    client = login("admin")
    response = client.post(
        f"/system/users/{users['admin'].pk}/status/", {"active": "0", "back": "edit"}, follow=True
    )
    assert "不能停用自己的账号" in response.content.decode()
    assert User.objects.get(username="admin").is_active


def test_export_and_import_through_the_pages(login: Any) -> None:
    client = login("admin")
    response = client.get("/system/users/export/?q=window")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "全部机构用户名单"
    assert [c.value for c in sheet[3]] == list(HEADERS)
    assert sheet["A4"].data_type == "s"
    bad = xlsx([Sheet(title="用户", headers=HEADERS, rows=[["x y", "", "NOPE"]])])
    upload = io.BytesIO(bad)
    upload.name = "users.xlsx"
    refused = client.post("/system/users/import/", {"file": upload})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "第 2 行" in page
    assert "导入未执行" in page
    good = xlsx(
        [
            Sheet(
                title="用户",
                headers=HEADERS,
                rows=[["zhouli", "周丽", "620700005", "", "", "", "window", "", "正常"]],
            )
        ]
    )
    upload = io.BytesIO(good)
    upload.name = "users.xlsx"
    done = client.post("/system/users/import/", {"file": upload})
    assert done.status_code == 200
    assert "zhouli" in done.content.decode()
    assert User.objects.get(username="zhouli").must_change_password

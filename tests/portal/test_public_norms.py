"""Public-site norms: 403/404 in the portal's look for public addresses (the
staff keep their own), 样表/空表 uploaded by the administrator through an
audited action and downloaded from the guide, the rest-day notice saying
what the window and the online application do, the 长者模式 toggle."""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from portal_world import INSTANT

from xiaoneng.audit.models import AuditEvent
from xiaoneng.catalog.models import ItemMaterial
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.portal import actions

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SATURDAY = date(2026, 3, 7)


def _upload(name: str, data: bytes) -> BytesIO:
    f = BytesIO(data)
    f.name = name
    return f


def test_a_public_404_in_the_portals_look(client: Client, db: None) -> None:
    response = client.get("/guide/no-such-item/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "张掖市政务服务网" in html
    assert 'class="pt-nav"' in html
    assert "您访问的页面不存在" in html
    mistyped = client.get("/no-such-page/")
    assert mistyped.status_code == 404
    assert 'class="pt-nav"' in mistyped.content.decode()


def test_a_staff_404_keeps_the_shell(client: Client, login: Any) -> None:
    login("window")
    response = client.get("/cases/999999/")
    assert response.status_code == 404
    assert 'class="pt-nav"' not in response.content.decode()


def test_a_sample_form_uploaded_and_downloaded(
    client: Client, users: dict[str, User], catalog: None
) -> None:
    material = ItemMaterial.objects.filter(item__code=INSTANT).first()
    assert material is not None
    with pytest.raises(InvalidInput):
        actions.attach_sample(
            actor=users["admin"],
            material_id=material.pk,
            kind="sample",
            upload=_upload("a.exe", b"MZ"),
        )
    row = actions.attach_sample(
        actor=users["admin"],
        material_id=material.pk,
        kind="sample",
        upload=_upload("样表.pdf", PDF),
    )
    assert AuditEvent.objects.filter(event_type="portal.sample_attached").exists()
    html = client.get(f"/guide/{INSTANT}/").content.decode()
    link = f"/guide/{INSTANT}/samples/{row.pk}/"
    assert link in html
    assert "下载样表" in html
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    # Another item's address does not serve it.
    assert client.get(f"/guide/0100090000620700005/samples/{row.pk}/").status_code == 404
    actions.remove_sample(actor=users["admin"], pk=row.pk)
    assert client.get(link).status_code == 404


def test_the_rest_day_notice(client: Client, catalog: None) -> None:
    with travel_to(SATURDAY):
        home = client.get("/").content.decode()
        guide = client.get(f"/guide/{INSTANT}/").content.decode()
    for html in (home, guide):
        notice = re.sub(r"<[^>]+>", "", html.split("data-rest-day", 1)[1].split("</p>", 1)[0])
        assert "网上申请照常提交" in notice
        assert "办理时限自下一个工作日（3月9日 星期一）起计算" in notice
    assert "窗口暂停办理" in guide


def test_the_elder_mode_toggle_is_a_button_and_a_static_script(client: Client, db: None) -> None:
    html = client.get("/").content.decode()
    assert 'data-elder-toggle aria-pressed="false"' in html
    assert "portal/elder" in html
    assert "<script>" not in html

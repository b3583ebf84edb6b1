"""Intake at the window with the certificate and an agent, the materials
actually received on the case page, and the 材料接收凭证 printed at intake
with the query code (posted, never in a URL; never stored)."""

from __future__ import annotations

from typing import Any

import pytest
from test_desks_support import RECEIVED_ON, html

from xiaoneng.catalog.models import ApprovalItem, ItemMaterial
from xiaoneng.core.timesource import travel_to

pytestmark = pytest.mark.django_db

INTAKE = "/cases/window/intake/"
ENTERPRISE = "91620700MA72XKXX81"


def _intake(client: Any, item: ApprovalItem, **extra: str) -> Any:
    response = client.get(f"{INTAKE}?item={item.code}")
    materials = list(ItemMaterial.objects.filter(item=item))
    ticks = {f"m{m.pk}": "on" for m in materials[1:]}  # the first one not handed in
    assert materials
    data = {
        "item": item.code,
        "form_token": response.context["form_token"],
        "applicant_name": "张掖市祁连绿源农业科技有限公司",
        "applicant_id_type": "credit_code",
        "applicant_id_no": ENTERPRISE,
        "applicant_address": "张掖市甘州区青年西街18号",
        "handler_kind": "proxy",
        "handler_name": "王五",
        "handler_id_no": "62070219900202002X",
        "confirm_notice": "1",
        **ticks,
        **extra,
    }
    with travel_to(RECEIVED_ON):
        return client.post(INTAKE, data)


def test_intake_records_certificate_agent_and_materials(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("window")
    response = _intake(client, promise_item)
    assert response.status_code == 200
    case = response.context["outcome"].case
    assert case.applicant_id_no == ENTERPRISE
    assert (case.handler_kind, case.handler_name) == ("proxy", "王五")
    page = html(client.get(f"/cases/{case.pk}/"))
    assert ENTERPRISE in page  # a credit code is public: shown in full
    assert "62070219900202002X" not in page  # the agent's number masked
    assert "王五" in page
    # The test item lists one material, not handed in: the table says so.
    assert 'data-received="no"' in page
    assert "未收（需补正）" in page
    assert "青年西街18号" not in page  # the address cut to its district


def test_a_bad_certificate_comes_back_with_its_code(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("window")
    response = _intake(client, promise_item, applicant_id_no="91620700MA72XKXX82")
    assert response.status_code == 400
    assert "applicant_id_no_invalid" in html(response) or "校验位" in html(response)
    assert response.context["form"]["applicant_id_no"].value() == "91620700MA72XKXX82"


def test_the_receipt_prints_with_the_query_code_only_when_posted(
    client: Any, login: Any, promise_item: ApprovalItem
) -> None:
    login("window")
    outcome = _intake(client, promise_item).context["outcome"]
    url = f"/documents/cases/{outcome.case.pk}/intake-receipt.pdf"
    assert client.get(url).status_code == 405
    wrong = client.post(url, {"query_code": "WRONG1"})
    assert wrong.status_code == 404
    printed = client.post(url, {"query_code": outcome.query_code})
    assert printed.status_code == 200
    assert printed["Content-Type"] == "application/pdf"
    assert printed["Cache-Control"] == "private, no-store"
    assert printed.content.startswith(b"%PDF")
    # The re-printable receipt is among the case's documents.
    again = client.get(f"/documents/cases/{outcome.case.pk}/receipt.pdf")
    assert again.status_code == 200
    assert again.content != printed.content

"""The applicant's documents from the portal: after a POSTed look-up in this
browser (or signed in as the case's own applicant), from the portal's own
address — never the staff login; nobody else, whatever the case id; the
query code never in an address."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from portal_world import JOINT, ON

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.portal import tracked
from xiaoneng.portal.views.tracking import for_applicant

pytestmark = pytest.mark.django_db


def _look_up(client: Client, case: Case, code: str) -> str:
    with travel_to(ON):
        return client.post("/track/", {"no": case.tracking_no, "code": code}).content.decode()


def test_a_look_up_opens_the_documents_of_that_case_only(
    client: Client, decided: tuple[Case, str], users: dict[str, User]
) -> None:
    case, code = decided
    url = f"/track/cases/{case.pk}/documents/acceptance.pdf"
    before = client.get(url)
    assert before.status_code == 403
    assert "请先输入办件编号和查询码" in before.content.decode()
    html = _look_up(client, case, code)
    assert f'href="{url}"' in html
    assert "/documents/cases/" not in html  # the staff's address, behind their login
    assert "/accounts/login/" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "private" in response["Cache-Control"]
    # Another case (a second look-up elsewhere) stays closed to this browser.
    with travel_to(ON):
        other, _ = actions.submit_application(
            actor=users["window"], item_code=JOINT, applicant_name="张三丰"
        )
        actions.accept_case(actor=users["window"], case_id=other.pk)
    assert client.get(f"/track/cases/{other.pk}/documents/acceptance.pdf").status_code == 403


def test_a_wrong_code_opens_nothing(client: Client, decided: tuple[Case, str]) -> None:
    case, _ = decided
    _look_up(client, case, "000000")
    assert client.get(f"/track/cases/{case.pk}/documents/approval.pdf").status_code == 403


def test_the_proof_runs_out(
    client: Client, decided: tuple[Case, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    case, code = decided
    _look_up(client, case, code)
    url = f"/track/cases/{case.pk}/documents/approval.pdf"
    assert client.get(url).status_code == 200
    later = tracked.time.time() + tracked.REMEMBER_MINUTES * 60 + 1
    monkeypatch.setattr(tracked.time, "time", lambda: later)
    assert client.get(url).status_code == 403


def test_the_signed_in_applicant_reads_their_own(
    client: Client, login: Any, users: dict[str, User], catalog: None
) -> None:
    with travel_to(ON):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=JOINT, applicant_name="张三丰"
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
    url = f"/track/cases/{case.pk}/documents/acceptance.pdf"
    login("window")  # staff, not the applicant: the portal does not open it
    assert client.get(url).status_code == 403
    login("applicant")
    assert client.get(url).status_code == 200


def test_only_the_applicants_kinds(client: Client, decided: tuple[Case, str]) -> None:
    case, code = decided
    _look_up(client, case, code)
    assert client.get(f"/track/cases/{case.pk}/documents/internal-memo.pdf").status_code == 404
    assert (
        client.get(f"/track/cases/{case.pk}/documents/denial.pdf").status_code == 404
    )  # not issued
    assert for_applicant("extension-2")
    assert not for_applicant("receipt-internal")


def test_a_code_in_the_address_is_not_looked_up_and_dropped(
    client: Client, decided: tuple[Case, str]
) -> None:
    case, code = decided
    response = client.get("/track/", {"no": case.tracking_no, "code": code})
    assert response.status_code == 302
    assert response["Location"] == f"/track/?no={case.tracking_no}"
    assert code not in response["Location"]
    form = client.get(response["Location"]).content.decode()
    assert f'value="{case.tracking_no}"' in form
    assert case.item.name not in form.split("<main", 1)[1]
    assert 'method="post"' in form


def test_the_acceptance_notice_says_where_the_code_is(
    client: Client, decided: tuple[Case, str]
) -> None:
    from xiaoneng.documents.services import find_document, letter_of
    from xiaoneng.portal.selectors import case_of_applicant

    case, code = decided
    full = case_of_applicant(case.pk)
    letter = letter_of(full, find_document(full, "acceptance"))
    text = "".join(p.text for p in letter.paragraphs)
    assert "查询码（载于材料接收凭证" in text
    assert "材料接收凭证" in text
    assert code not in text
    help_text = client.get("/track/").content.decode()
    assert "文书上不印查询码" in help_text
    assert "材料接收凭证" in help_text


def test_a_look_up_leaves_no_code_in_the_operation_log(
    client: Client, decided: tuple[Case, str]
) -> None:
    from xiaoneng.system.models import OperationLog

    case, code = decided
    _look_up(client, case, code)
    client.post("/ratings/follow/", {"ref": "PJ20260302000001", "code": code})
    assert not OperationLog.objects.filter(url__in=["/track/", "/ratings/follow/"]).exists()
    assert not [row for row in OperationLog.objects.all() if code in str(row.params)]

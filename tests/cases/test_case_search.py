"""综合查询, the intake's receipt and the 送达 record: a clerk finds
yesterday's finished case by the applicant's certificate number and prints
its decision again; the search sees only the actor's scope; the list leaves
as .xlsx (title row, numbers as numbers) or a print view; 邮寄送达 keeps its
邮件号 for the 送达回证."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from test_desks_support import INSTANT, RECEIVED_ON, html

from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.catalog.models import ApprovalItem, ItemMaterial
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.documents.services import find_document, issued_documents, letter_of
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

PERSON = "62070219800101001X"
SEARCH = "/cases/search/"


def _materials(code: str, *, skip: str = "") -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "originals": m.originals,
            "copies": m.copies,
            "required": m.required,
            "received": m.name != skip,
        }
        for m in ItemMaterial.objects.filter(item__code=code)
    ]


def _finished_instant(users: dict[str, User], on: date = RECEIVED_ON) -> Case:
    """An instant item received at the window with the certificate: finished at once."""
    with travel_to(on):
        case, _ = actions.submit_application(
            actor=users["window"],
            item_code=INSTANT,
            applicant_name="张三",
            applicant_id_type="resident_id",
            applicant_id_no=PERSON,
            materials_received=_materials(INSTANT),
        )
        return actions.accept_case(actor=users["window"], case_id=case.pk)


def _rows(response: Any) -> list[Case]:
    assert response.status_code == 200
    return [row.case for row in response.context["rows"]]


def test_a_clerk_finds_yesterdays_finished_case_by_certificate(
    client: Any, login: Any, users: dict[str, User], catalog: None
) -> None:
    case = _finished_instant(users)
    assert case.status == CaseStatus.DELIVERED
    _finished_instant(users, on=date(2026, 2, 11)).applicant_id_no  # noqa: B018 - another one
    login("window")
    # The number as typed at the counter (lower-case x, spaces) finds it exactly.
    found = _rows(client.get(SEARCH, {"id_no": "620702 19800101001x"}))
    assert len(found) == 2
    assert case.pk in {c.pk for c in found}
    assert _rows(client.get(SEARCH, {"id_no": "620702198001010036"})) == []
    # Partial numbers do not match (the number is sealed; only its digest is searched).
    assert _rows(client.get(SEARCH, {"id_no": PERSON[:10]})) == []
    # By received date: only the first.
    only = _rows(client.get(SEARCH, {"received_from": "2026-02-10", "received_to": "2026-02-10"}))
    assert [c.pk for c in only] == [case.pk]
    page = html(client.get(SEARCH, {"q": case.tracking_no}))
    assert f"/documents/cases/{case.pk}/approval.pdf" in page  # 打印决定书
    assert "打印决定书" in page
    assert client.get(f"/documents/cases/{case.pk}/approval.pdf").status_code == 200


def test_the_search_keeps_to_the_actors_scope(
    client: Any, login: Any, users: dict[str, User], other_item: ApprovalItem
) -> None:
    own = _finished_instant(users)
    with travel_to(RECEIVED_ON):
        other, _ = actions.submit_application(
            actor=users["admin"], item_code=other_item.code, applicant_name="别的部门的申请人"
        )
    login("window")
    seen = {c.pk for c in _rows(client.get(SEARCH))}
    assert own.pk in seen
    assert other.pk not in seen
    client.logout()
    login("supervisor")
    assert {own.pk, other.pk} <= {c.pk for c in _rows(client.get(SEARCH))}
    # An applicant has no desk to search from.
    client.logout()
    login("applicant")
    assert client.get(SEARCH).status_code == 403


def test_status_and_decided_date_filters(
    client: Any, login: Any, users: dict[str, User], promise_item: ApprovalItem
) -> None:
    finished = _finished_instant(users)
    with travel_to(RECEIVED_ON):
        open_case, _ = actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="李四"
        )
    login("window")
    delivered = _rows(client.get(SEARCH, {"status": "delivered"}))
    assert [c.pk for c in delivered] == [finished.pk]
    assert open_case.pk in {c.pk for c in _rows(client.get(SEARCH, {"status": "received"}))}
    decided = _rows(client.get(SEARCH, {"decided_from": "2026-02-10", "decided_to": "2026-02-10"}))
    assert [c.pk for c in decided] == [finished.pk]
    # A malformed date filters nothing rather than failing.
    assert client.get(SEARCH, {"decided_from": "2026-13-45"}).status_code == 200


def test_the_list_exports_as_xlsx_and_print(
    client: Any, login: Any, users: dict[str, User], catalog: None
) -> None:
    case = _finished_instant(users)
    login("window")
    response = client.get(SEARCH, {"id_no": PERSON, "export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "办件综合查询"
    header = next(i for i, row in enumerate(rows) if row[0] == "办件编号")
    data = rows[header + 1]
    assert data[0] == case.tracking_no
    committed = rows[header].index("承诺时限（工作日）")
    assert isinstance(data[committed], int)
    printed = client.get(SEARCH, {"id_no": PERSON, "export": "print"})
    assert printed.status_code == 200
    assert case.tracking_no in html(printed)


def test_the_menu_offers_the_search_to_every_desk(client: Any, login: Any) -> None:
    for who in ("window", "reviewer", "depthead", "supervisor", "leader"):
        client.logout()
        login(who)
        assert SEARCH in html(client.get("/workbench/")), who


def test_delivery_by_post_records_the_tracking_number(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    with travel_to(RECEIVED_ON):
        case, _ = actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="李四"
        )
        actions.accept_case(actor=users["window"], case_id=case.pk)
        actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
        with pytest.raises(InvalidInput) as err:
            actions.deliver_case(actor=users["window"], case_id=case.pk, method="post")
        assert err.value.code == "delivery_tracking_no_required"
        with pytest.raises(InvalidInput) as err:
            actions.deliver_case(actor=users["window"], case_id=case.pk, method="pigeon")
        assert err.value.code == "delivery_method_invalid"
        actions.deliver_case(
            actor=users["window"],
            case_id=case.pk,
            method="post",
            recipient="李四",
            tracking_no="EMS 1234 5678 9",
        )
    case = Case.objects.prefetch_related("events").get(pk=case.pk)
    assert case.status == CaseStatus.DELIVERED
    assert (case.delivery_method, case.delivery_recipient) == ("post", "李四")
    assert case.delivery_tracking_no == "EMS123456789"
    audit = AuditEvent.objects.filter(event_type="case.delivered", object_id=case.tracking_no)
    assert audit.get().payload["tracking_no"] == "EMS123456789"
    assert [d.key for d in issued_documents(case)][-1] == "delivery-proof"
    proof = letter_of(case, find_document(case, "delivery-proof"))
    text = "".join(p.text for p in proof.paragraphs)
    assert proof.title == "送达回证"
    for expected in ("准予行政许可决定书", "邮寄送达", "EMS123456789", "受送达人：李四"):
        assert expected in text, expected


def test_the_instant_item_issues_receipt_and_completion(
    users: dict[str, User], catalog: None
) -> None:
    case = _finished_instant(users)
    case = Case.objects.prefetch_related("events").get(pk=case.pk)
    keys = [d.key for d in issued_documents(case)]
    assert keys[0] == "receipt"
    assert "completion" in keys
    assert "delivery-proof" in keys
    receipt = letter_of(case, find_document(case, "receipt"))
    text = "".join(p.text for p in receipt.paragraphs)
    first = ItemMaterial.objects.filter(item__code=INSTANT).first()
    assert first is not None
    assert first.name in text
    assert "补打的凭证不再载明" in text  # re-printed later: no query code


def test_online_applications_have_no_receipt(
    users: dict[str, User], promise_item: ApprovalItem
) -> None:
    with travel_to(RECEIVED_ON):
        case, _ = actions.submit_application(
            actor=users["applicant"], item_code=promise_item.code, applicant_name="李四"
        )
    case = Case.objects.prefetch_related("events").get(pk=case.pk)
    assert issued_documents(case) == []

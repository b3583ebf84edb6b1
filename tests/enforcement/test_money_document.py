"""The decision (行政处罚决定书 and its kin) and the notice of the intended
penalty as PDF after GB/T 9704: the text, as pdftotext reads it, carries the
decision number, the party in full, the fine, where and by when to pay, the
surcharge, and the remedies (行政复议 within 六十日, 行政诉讼 within 六个月);
staff who may read the case download it, no one else — the party's copy (a
person's identity number and address in full) only the body's officers and
head, each download audited; the legal office and supervision a reading
copy with them masked."""

from __future__ import annotations

import ast
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from cases_support import PERSON_ID
from money_support import CREDIT_CODE, PARTY, penalty_case, simple_case

from xiaoneng.audit.models import AuditEvent
from xiaoneng.enforcement import document
from xiaoneng.enforcement.document import decision_pdf, notice_pdf
from xiaoneng.enforcement.models import Item, Outcome, PenaltyCase, Status
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def text_of(pdf: bytes, tmp_path: Any) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:  # pragma: no cover - poppler-utils is installed
        pytest.fail("pdftotext (poppler-utils) is needed to read the documents")
    path = tmp_path / "paper.pdf"
    path.write_bytes(pdf)
    # Our own file, our own fixed arguments.
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)  # noqa: S603
    return "".join(out.stdout.decode("utf-8").split())


def test_the_decision_says_what_where_by_when_and_the_remedies(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = penalty_case(users, enforcement_item, fine="8000", notified_on=date(2026, 2, 20))
    text = text_of(decision_pdf(case, full=True), tmp_path)
    for part in (
        "行政处罚决定书",
        "张工商罚〔2026〕7号",
        PARTY,
        CREDIT_CODE,
        "罚款人民币8000.00元",
        "2026年3月20日前",  # the payment's due day
        "百分之三加处罚款",
        "行政复议",
        "六十日",
        "六个月内",
        "行政诉讼",
        "张掖市人民政府",
        "《无证无照经营查处办法》第十三条",
        "从轻处罚",
        "张掖市工商行政管理局",
        "2026年3月2日",
    ):
        assert part in text, part


def test_the_simple_procedure_names_its_officers_and_the_receipt(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = simple_case(users, enforcement_item, fine="50")
    case.payments.create(
        channel="on_the_spot",
        amount="50",
        paid_on=case.decided_on,
        receipt_no="甘财罚0012345",
        on_the_spot_ground="small",
        recorded_by=users["zhifa"],
    )
    text = text_of(decision_pdf(case, full=True), tmp_path)
    assert "当场行政处罚决定书" in text
    assert "执法证号：620700202400001" in text
    assert "甘财罚0012345" in text


def test_a_decision_not_to_penalise(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = penalty_case(users, enforcement_item, fine=None, outcome=Outcome.NO_PENALTY_FIRST)
    text = text_of(decision_pdf(case, full=True), tmp_path)
    assert "不予行政处罚决定书" in text
    assert "第三十三条第一款" in text
    assert "罚款人民币" not in text
    assert "六十日" in text


def test_the_notice_of_the_intended_penalty(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = penalty_case(
        users,
        enforcement_item,
        status=Status.NOTIFIED,
        fine=None,
        outcome="",
        decided_on=None,
        served_on=None,
        decision_no="",
        notified_on=date(2026, 9, 29),
        defence_until=date(2026, 10, 12),
        intended_fine="120000",
        intended_penalties=["fine"],
        hearing_right=True,
    )
    text = text_of(notice_pdf(case, full=True), tmp_path)
    for part in ("行政处罚事先告知书", "罚款人民币120000.00元", "2026年10月12日前", "听证", "陈述"):
        assert part in text, part
    assert "作出如下行政处罚：罚款人民币120000.00元。" in text  # the fine said once


def test_staff_of_the_case_download_it_others_do_not(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = penalty_case(users, enforcement_item)
    url = f"/enforcement/papers/{case.pk}/decision/"
    for who in ("zhifa", "depthead", "fazhi", "supervisor"):
        client.logout()
        login(who)
        response = client.get(url)
        assert response.status_code == 200, who
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
    expected = {"fagai": 404, "window": 403, "reviewer": 403, "caizheng": 403}
    for who, status in expected.items():
        client.logout()
        login(who)
        assert client.get(url).status_code == status, who
    client.logout()
    login("zhifa")
    assert client.get(f"/enforcement/papers/{case.pk}/notice/").status_code == 404  # not notified
    assert client.get("/enforcement/papers/999999/decision/").status_code == 404


ADDRESS = "张掖市甘州区南关建材市场B区12号"


def person_case(users: dict[str, User], item: Item) -> PenaltyCase:
    return simple_case(users, item, party_id_no=PERSON_ID, party_address=ADDRESS)


def download(client: Any, login: Any, who: str, url: str) -> Any:
    client.logout()
    login(who)
    return client.get(url)


def pdf_text_of(response: Any, tmp_path: Any) -> str:
    assert response.status_code == 200
    return text_of(response.content, tmp_path)


def test_the_partys_copy_goes_to_the_bodys_officers_and_head_and_is_audited(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any, tmp_path: Any
) -> None:
    case = person_case(users, enforcement_item)
    url = f"/enforcement/papers/{case.pk}/decision/"
    for n, who in enumerate(("zhifa", "depthead"), start=1):
        response = download(client, login, who, url)
        text = pdf_text_of(response, tmp_path)
        assert f"身份证号码：{PERSON_ID}" in text, who
        assert "".join(ADDRESS.split()) in text, who
        revealed = AuditEvent.objects.filter(
            event_type="enforcement.party_revealed", object_id=str(case.pk)
        ).order_by("seq")
        assert revealed.count() == n
        last = revealed.last()
        assert last is not None
        assert (last.actor_id, last.payload["paper"]) == (users[who].pk, "decision")
        assert last.payload["fields"] == ["party_id_no", "party_address"]


@pytest.mark.parametrize("who", ["fazhi", "supervisor"])
def test_other_readers_get_a_masked_reading_copy_unrecorded(
    users: dict[str, User],
    enforcement_item: Item,
    client: Any,
    login: Any,
    tmp_path: Any,
    who: str,
) -> None:
    case = person_case(users, enforcement_item)
    response = download(client, login, who, f"/enforcement/papers/{case.pk}/decision/")
    text = pdf_text_of(response, tmp_path)
    assert PERSON_ID not in text
    assert PERSON_ID[-4:] in text  # the masked form the case page shows: 6207**********1238
    assert "南关建材市场" not in text
    assert "阅看副本" in text
    assert quote("（阅看副本）") in response["Content-Disposition"]
    assert not AuditEvent.objects.filter(event_type="enforcement.party_revealed").exists()


def test_the_api_hands_out_the_papers_by_the_same_rule(
    users: dict[str, User], enforcement_item: Item, api: Any, tmp_path: Any
) -> None:
    case = person_case(users, enforcement_item)
    url = f"/api/v1/enforcement/money/cases/{case.pk}/papers/decision"
    assert PERSON_ID not in text_of(api("fazhi").get(url).content, tmp_path)
    assert not AuditEvent.objects.filter(event_type="enforcement.party_revealed").exists()
    assert f"身份证号码：{PERSON_ID}" in text_of(api("zhifa").get(url).content, tmp_path)
    assert AuditEvent.objects.filter(event_type="enforcement.party_revealed").count() == 1


def test_a_paper_not_issued_records_nothing(
    users: dict[str, User], enforcement_item: Item, client: Any, login: Any
) -> None:
    case = person_case(users, enforcement_item)
    assert (
        download(client, login, "zhifa", f"/enforcement/papers/{case.pk}/notice/").status_code
        == 404
    )
    assert not AuditEvent.objects.filter(event_type="enforcement.party_revealed").exists()


def test_the_decision_asks_for_the_confiscated_gains_too(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = penalty_case(
        users,
        enforcement_item,
        fine="5000",
        confiscated=Decimal("800"),
        penalties=["fine", "confiscate"],
    )
    text = text_of(decision_pdf(case, full=True), tmp_path)
    assert "没收违法所得人民币800.00元" in text
    assert "缴纳罚款、没收的违法所得" in text
    assert "百分之三加处罚款" in text  # on the fine


def test_the_papers_import_no_private_name() -> None:
    """document.py once reached into documents.facts for `_government_of`."""
    source = Path(document.__file__).read_text(encoding="utf-8")
    private = [
        alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []

"""The decision (行政处罚决定书 and its kin) and the notice of the intended
penalty as PDF after GB/T 9704: the text, as pdftotext reads it, carries the
decision number, the party in full, the fine, where and by when to pay, the
surcharge, and the remedies (行政复议 within 六十日, 行政诉讼 within 六个月);
staff who may read the case download it, no one else."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from money_support import CREDIT_CODE, PARTY, penalty_case, simple_case

from xiaoneng.enforcement.document import decision_pdf, notice_pdf
from xiaoneng.enforcement.models import Item, Outcome, Status
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
    text = text_of(decision_pdf(case), tmp_path)
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
    text = text_of(decision_pdf(case), tmp_path)
    assert "当场行政处罚决定书" in text
    assert "执法证号：620700202400001" in text
    assert "甘财罚0012345" in text


def test_a_decision_not_to_penalise(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    case = penalty_case(users, enforcement_item, fine=None, outcome=Outcome.NO_PENALTY_FIRST)
    text = text_of(decision_pdf(case), tmp_path)
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
    text = text_of(notice_pdf(case), tmp_path)
    for part in ("行政处罚事先告知书", "罚款人民币120000.00元", "2026年10月12日前", "听证", "陈述"):
        assert part in text, part


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

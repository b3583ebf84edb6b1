"""Two notices of issue 19: the 延期告知书 states the new deadline, the
working days added and the reason; the 督办通知书 of a supervision order
states the case, what is asked, the deadline to answer and the issuing
organ, and reaches only those who see the order."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from documents_support import on

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.text import cn_date
from xiaoneng.documents.services import document_pdf
from xiaoneng.org.models import User
from xiaoneng.supervision.actions import issue_order
from xiaoneng.supervision.order_notice import order_letter

pytestmark = pytest.mark.django_db

EXTENDED_ON = date(2026, 2, 27)
URGED_ON = date(2026, 3, 2)


def _pdftotext(pdf: bytes) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own bytes
        [tool, "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())


def test_the_extension_notice_states_the_new_deadline(
    users: dict[str, User], accepted: Case
) -> None:
    on(
        EXTENDED_ON,
        actions.request_extension,
        actor=users["reviewer"],
        case_id=accepted.pk,
        days=10,
        reason="需要现场核查经营场所",
    )
    case = on(EXTENDED_ON, actions.approve_extension, actor=users["depthead"], case_id=accepted.pk)
    assert case.decision_due_on is not None
    _, stored = document_pdf(Case.objects.get(pk=case.pk), "extension")
    text = _pdftotext(stored.pdf)
    assert "因需要现场核查经营场所，本机关不能在规定期限内作出决定" in text
    assert "作出行政许可决定的期限延长10个工作日" in text
    assert f"延长后的办结期限为{cn_date(case.decision_due_on)}。" in text
    assert "：：" not in text


def _order(users: dict[str, User], case: Case) -> Any:
    return on(
        URGED_ON,
        issue_order,
        actor=users["supervisor"],
        case_id=case.pk,
        kind="urge",
        text="该件已临近办结期限，请抓紧审查并按时作出决定。",
        due_on=date(2026, 3, 6),
    )


def test_the_urging_notice_states_the_case_the_ask_and_the_deadline(
    users: dict[str, User], accepted: Case
) -> None:
    order = _order(users, accepted)
    letter = order_letter(order)
    assert letter.title == "督办通知书"
    assert letter.addressee == order.department.name
    assert "督〔2026〕" in letter.number
    text = "".join(p.text for p in letter.paragraphs)
    assert accepted.tracking_no in text
    assert accepted.item.name in text
    assert "督促办理事项：该件已临近办结期限，请抓紧审查并按时作出决定。" in text
    assert "请你单位于2026年3月6日前办理完毕" in text
    assert letter.dated == URGED_ON
    assert letter.signature == letter.issuer


def test_the_urging_notice_downloads_for_the_bureau_and_the_department(
    users: dict[str, User], accepted: Case, client: Any, login: Any
) -> None:
    order = _order(users, accepted)
    url = f"/supervision/orders/{order.pk}/notice.pdf"
    for who in ("supervisor", "depthead"):
        client.logout()
        login(who)
        response = client.get(url)
        assert response.status_code == 200, (who, response.content[:300])
        assert response["Content-Type"] == "application/pdf"
        text = _pdftotext(response.content)
        assert "督办通知书" in text
        assert f"{order.department.name}：" in text
        assert "2026年3月6日" in text
    client.logout()
    login("applicant")
    assert client.get(url).status_code in (403, 404)
    client.logout()
    login("zhijian")  # another department's reviewer: outside the order's scope
    assert client.get(url).status_code in (403, 404)

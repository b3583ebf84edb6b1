"""Pictures of the documents as printed (docs/screenshots/document-*.png
with XIAONENG_SCREENSHOTS=docs/screenshots): a 受理通知书, a 延长审批期限告知书
with its new deadline, a 准予行政许可决定书 and a 督办通知书, from a case built
through the actions."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from documents_support import on

from document_pictures import save_pages
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case, Decision
from xiaoneng.documents.services import document_pdf
from xiaoneng.org.models import User
from xiaoneng.supervision.actions import issue_order
from xiaoneng.supervision.order_notice import order_notice_stored

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils"),
]


def _is_a4_picture(path: object) -> bool:
    data = path.read_bytes()  # type: ignore[attr-defined]
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return data[:8] == b"\x89PNG\r\n\x1a\n" and abs(height / width - 297 / 210) < 0.01


def test_pictures_of_a_case_and_an_order(users: dict[str, User], accepted: Case) -> None:
    on(
        date(2026, 2, 27),
        actions.request_extension,
        actor=users["reviewer"],
        case_id=accepted.pk,
        days=10,
        reason="需要现场核查经营场所",
    )
    on(date(2026, 2, 27), actions.approve_extension, actor=users["depthead"], case_id=accepted.pk)
    order = on(
        date(2026, 3, 2),
        issue_order,
        actor=users["supervisor"],
        case_id=accepted.pk,
        kind="urge",
        text="该件已延期，请抓紧现场核查并在延长后的期限内作出决定",
        due_on=date(2026, 3, 6),
    )
    on(
        date(2026, 3, 4),
        actions.decide_case,
        actor=users["depthead"],
        case_id=accepted.pk,
        decision=Decision.APPROVED,
    )
    case = Case.objects.get(pk=accepted.pk)
    written = []
    for kind, name in (("acceptance", "acceptance"), ("extension", "extension")):
        written += save_pages(document_pdf(case, kind)[1].pdf, name)
    written += save_pages(document_pdf(case, "approval")[1].pdf, "decision")
    written += save_pages(order_notice_stored(order).pdf, "order")
    names = {p.name.removesuffix(".png").rstrip("-0123456789") for p in written}
    assert names == {
        "document-acceptance",
        "document-extension",
        "document-decision",
        "document-order",
    }
    assert all(_is_a4_picture(p) for p in written)

"""End to end through the real actions, the cases part's and the money
part's: a general-procedure case from the on-site record to closing (the
fine paid through the bank, published, the decision's PDF naming the
number the decision gave), and an on-the-spot fine collected on the spot,
handed over and banked across 国庆 2026, then closed."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from typing import Any

import pytest
from cases_support import PERSON_ID, decide, fresh, notify, registered, review

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.actions.closing import close_case
from xiaoneng.enforcement.actions.money import (
    bank_cash,
    collect_on_the_spot,
    hand_over_cash,
    record_bank_payment,
)
from xiaoneng.enforcement.actions.publication import publish_decision
from xiaoneng.enforcement.document import decision_pdf
from xiaoneng.enforcement.models import Item, Status
from xiaoneng.enforcement.selectors.money import amount_due
from xiaoneng.enforcement.supervise import sweep
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly, SubjectCard

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes, tmp_path: Any) -> str:
    tool = shutil.which("pdftotext")
    assert tool is not None, "pdftotext (poppler-utils) is needed"
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    # Our own file, our own fixed arguments.
    out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)  # noqa: S603
    return "".join(out.stdout.decode("utf-8").split())


def test_from_the_clue_to_closing_through_the_bank(
    users: dict[str, User], enforcement_item: Item, tmp_path: Any
) -> None:
    """Registered Mon 2 Mar 2026, notified Tue 3 Mar (defence to Tue 10 Mar),
    reviewed and decided Wed 11 Mar, served Thu 12 Mar: pay by Fri 27 Mar."""
    case = registered(users, enforcement_item)
    notify(users, case, date(2026, 3, 3))
    review(users, case, date(2026, 3, 11))
    decide(users, case, date(2026, 3, 11))
    with travel_to(date(2026, 3, 12)):
        actions.serve_decision(actor=users["zhifa"], case_id=case.pk, how="直接送达")
    case = fresh(case)
    assert (case.status, case.payment_due) == (Status.SERVED, date(2026, 3, 27))
    assert case.decision_no
    text = pdf_text(decision_pdf(case, full=True), tmp_path)
    assert case.decision_no in text
    assert f"身份证号码：{PERSON_ID}" in text  # the party's own copy: in full
    assert "罚款人民币30000.00元" in text

    with travel_to(date(2026, 3, 30)):  # paid three days late: 3 × 3 % of 30,000
        assert amount_due(case, date(2026, 3, 30)).total == 32700
        record_bank_payment(
            actor=users["caizheng"],
            decision_no=case.decision_no,
            amount="32700.00",
            paid_on=date(2026, 3, 30),
            bank_serial="ABC-2026-0330-1",
        )
        sweep(date(2026, 3, 30))  # publication was due 20 Mar: a card
        assert SubjectCard.objects.filter(subject_ref=case.pk, step="publish").exists()
        publish_decision(actor=users["depthead"], case_id=case.pk)
        close_case(actor=users["depthead"], case_id=case.pk, note="罚款及加处罚款已缴清，已公示。")
    case = fresh(case)
    assert (case.status, case.paid_on, case.published_on) == (
        Status.CLOSED,
        date(2026, 3, 30),
        date(2026, 3, 30),
    )
    assert (case.due_on, case.due_step) == (None, "")
    with travel_to(date(2026, 3, 31)):
        assert sweep(date(2026, 3, 31))["closed"] == 1  # the card closes with the case
    assert not Anomaly.objects.filter(kind="fine_not_remitted").exists()


def test_a_fine_on_the_spot_collected_handed_over_banked_and_closed(
    users: dict[str, User], enforcement_item: Item
) -> None:
    spot = date(2026, 9, 30)
    with travel_to(spot):
        case = actions.decide_on_the_spot(
            actor=users["zhifa"],
            item_id=enforcement_item.pk,
            party_kind="person",
            party_name="李四",
            party_id_no="620702198503121238",
            facts="在人行道摆摊销售服装，未取得营业执照",
            place="张掖市甘州区大佛寺巷口",
            violated_on=spot,
            penalties=["fine"],
            grade="mitigated",
            fine="50",
            officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
        )
        payment = collect_on_the_spot(
            actor=users["zhifa"],
            case_id=case.pk,
            officer_ids=[users["zhifa"].pk, users["zhifa2"].pk],
            ground="small",
            receipt_no="甘财罚0099001",
            amount="50",
        )
        publish_decision(actor=users["depthead"], case_id=case.pk)
    with travel_to(date(2026, 10, 9)):  # the hand-over's last day (8, 9 Oct worked)
        hand_over_cash(actor=users["zhifa"], payment_id=payment.pk)
    with travel_to(date(2026, 10, 12)):  # banking's last day (Sat 10 Oct worked, then 12)
        bank_cash(actor=users["depthead"], payment_id=payment.pk, bank_serial="NB-20261012")
        assert sweep(date(2026, 10, 12))["fine_not_remitted"] == 0
        close_case(actor=users["depthead"], case_id=case.pk, note="当场收缴，已缴存银行。")
    assert fresh(case).status == Status.CLOSED

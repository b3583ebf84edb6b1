"""Finance (`enforcement.payment`) records the bank's receipts of decided
fines and reads the case's money section for it — not the case file: no
facts, party data, evidence (nor its files), statements or timeline, on the
page or through the API. Those who handle, review or supervise the case
read the file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from cases_support import ORGANISATION, decide, notify, registered

from xiaoneng.core.timesource import travel_to
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.models import EvidenceFile, Item, PenaltyCase
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

SERVED = date(2026, 3, 19)


def served_fine(users: dict[str, User], item: Item) -> PenaltyCase:
    case = notify(users, registered(users, item, party=ORGANISATION), date(2026, 3, 10))
    decide(users, case, date(2026, 3, 18))
    with travel_to(SERVED):
        return actions.serve_decision(actor=users["zhifa"], case_id=case.pk, how="直接送达")


def test_finance_reads_the_money_section_not_the_case_file(
    users: dict[str, User], enforcement_item: Item, login: Any, api: Any
) -> None:
    case = served_fine(users, enforcement_item)
    file = EvidenceFile.objects.get(evidence__case=case)
    evidence_url = f"/enforcement/{case.pk}/evidence/{file.pk}/"
    with travel_to(SERVED):
        finance = login("caizheng")
        page = finance.get(f"/enforcement/{case.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert "data-money-section" in html
        assert "data-money-only" in html
        for part in ('id="evidence"', 'id="timeline"', 'id="party"', "data-facts", case.facts):
            assert part not in html, part
        assert finance.get(evidence_url).status_code == 404
        money = api("caizheng")
        assert money.get(f"/enforcement/cases/{case.pk}").json()["facts"] == ""
        assert money.get(f"/enforcement/cases/{case.pk}/timeline").status_code == 404
        assert money.get(f"/enforcement/cases/{case.pk}/evidence/{file.pk}").status_code == 404
        for name in ("zhifa", "depthead", "fazhi", "supervisor"):
            html = login(name).get(f"/enforcement/{case.pk}/").content.decode()
            assert case.facts in html, name
            assert 'id="timeline"' in html, name
            download = login(name).get(evidence_url)
            assert download.status_code == 200, name
            b"".join(download.streaming_content)
        assert api("fazhi").get(f"/enforcement/cases/{case.pk}").json()["facts"] == case.facts

"""The green-channel dossier as one dated timeline: every step of every
approval of the project in date order, tagged by stage; a decision after
its 办结期限 and an open case past its deadline marked late; the same on the
dossier page and in the API."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.cases import actions as case_actions
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.projects import actions
from xiaoneng.projects.selectors import dossier_timeline

pytestmark = pytest.mark.django_db

CORE_ITEM = "0100008000620700002"  # 企业投资项目核准, 市发改委
OPENED = date(2026, 3, 2)
FILED = date(2026, 3, 3)
LATE_DECISION = date(2026, 6, 1)  # well after any committed limit
LOOKED = date(2026, 6, 15)


def _dossier_with_two_approvals(open_project: Any, channel: dict[str, User]) -> Any:
    with travel_to(OPENED):
        dossier = open_project()
    agent, admin = channel[dossier.agent.username], channel["admin"]
    with travel_to(FILED):
        decided, _ = actions.apply_in_dossier(
            actor=agent, dossier_id=dossier.pk, item_code=CORE_ITEM, stage="project"
        )
        case_actions.accept_case(actor=admin, case_id=decided.pk)
        waiting, _ = actions.apply_in_dossier(
            actor=agent, dossier_id=dossier.pk, item_code=CORE_ITEM, stage="permit"
        )
    with travel_to(LATE_DECISION):
        case_actions.decide_case(actor=admin, case_id=decided.pk, decision="approved")
    return dossier, decided, waiting


def test_the_timeline_dates_every_step_and_marks_the_late(
    open_project: Any, channel: dict[str, User]
) -> None:
    dossier, decided, waiting = _dossier_with_two_approvals(open_project, channel)
    with travel_to(LOOKED):
        entries = dossier_timeline(dossier)
    assert [e.on for e in entries] == sorted(e.on for e in entries)
    assert (entries[0].title, entries[0].on) == ("建档（绿色通道）", OPENED)
    of_decided = [e for e in entries if e.tracking_no == decided.tracking_no]
    assert [e.title for e in of_decided] == ["收件", "受理", "作出决定", "送达期限"]
    assert {e.stage_label for e in of_decided} == {"立项"}
    decision = of_decided[2]
    assert decision.on == LATE_DECISION
    assert decision.late
    assert not of_decided[1].late  # accepted on the day it came in
    # The case still waiting at the counter: its acceptance deadline has passed.
    (pending,) = [e for e in entries if e.tracking_no == waiting.tracking_no and e.pending]
    assert pending.stage_label == "报建"
    assert pending.late
    assert pending.on < LOOKED


def test_the_page_and_the_api_carry_the_timeline(
    client: Any, login: Any, api: Any, open_project: Any, channel: dict[str, User]
) -> None:
    dossier, decided, _ = _dossier_with_two_approvals(open_project, channel)
    with travel_to(LOOKED):
        login(dossier.agent.username)
        page = client.get(f"/projects/{dossier.pk}/").content.decode()
        body = api("admin").get(f"/projects/{dossier.pk}").json()
    assert "项目进度" in page
    assert page.count("data-timeline-entry") == len(body["timeline"])
    assert "data-late" in page
    assert "逾期" in page
    assert "2026年6月1日" in page
    titles = [(t["tracking_no"], t["title"], t["late"]) for t in body["timeline"]]
    assert (decided.tracking_no, "作出决定", True) in titles
    assert body["timeline"][0]["on"] == OPENED.isoformat()

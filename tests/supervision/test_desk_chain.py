"""The supervisor desk's additions: a case's timeline with its audit-chain
status (and a row altered behind the application's back), drill-down from
every figure to the cases behind it, the per-item warning threshold."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from audit.harness import tamper as _tamper  # behind the application's back, as a DBA could
from worlds import accepted_case, publish_promise_item
from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions as case_actions
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User
from xiaoneng.supervision.actions import issue_cards
from xiaoneng.supervision.anomalies import detect_anomalies

pytestmark = pytest.mark.django_db


def test_a_case_timeline_reports_its_chain_and_the_first_broken_link(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any, api: Any
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 1))
    with travel_to(date(2026, 9, 2)):
        case_actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    login("supervisor")
    page = client.get(f"/supervision/cases/{case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-chain="intact"' in text
    assert "审计链完整" in text
    audits = list(
        AuditEvent.objects.filter(object_type="case", object_id=case.tracking_no).order_by("seq")
    )
    assert [a.event_type for a in audits] == ["case.received", "case.accepted", "case.decided"]
    for a in audits:
        assert f'data-audit-seq="{a.seq}"' in text
    for seq in (1, 2, 3):
        assert f'data-event-seq="{seq}"' in text
    assert "无审计记录" not in text

    accepted = audits[1]
    _tamper(
        "UPDATE audit_auditevent SET payload = %s WHERE seq = %s",
        ['{"seq": 2, "on": "2026-08-01"}', accepted.seq],
    )
    text = client.get(f"/supervision/cases/{case.pk}/").content.decode()
    assert 'data-chain="broken"' in text
    assert f'data-broken-seq="{accepted.seq}"' in text
    assert f"审计链断裂：第 {accepted.seq} 号事件" in text
    assert "被改动" in text
    chain = api("supervisor").get(f"/supervision/cases/{case.pk}/chain").json()
    assert chain["intact"] is False
    assert chain["broken_seq"] == accepted.seq


def test_the_case_timeline_is_scoped(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    case = accepted_case(users["window"], promise_item, date(2026, 9, 1))
    login("depthead")  # replies to supervision, is not the bureau
    assert client.get(f"/supervision/cases/{case.pk}/").status_code == 403
    login("supervisor")
    assert client.get("/supervision/cases/999999/").status_code == 404


def _count(text: str, name: str) -> int:
    match = re.search(rf'data-count="{name}">(\d+)<', text)
    assert match, name
    return int(match.group(1))


def _listed(text: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<tr data-case="(\d+)"', text)}


def test_every_desk_figure_drills_down_to_its_cases(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    late = accepted_case(users["window"], promise_item, date(2026, 9, 1))  # due 15 Sep
    soon = accepted_case(users["window"], promise_item, date(2026, 9, 17))  # due 8 Oct
    with travel_to(date(2026, 9, 28)):
        waiting, _ = case_actions.submit_application(
            actor=users["window"], item_code=promise_item.code, applicant_name="乙公司"
        )
        case_actions.issue_supplement_notice(
            actor=users["window"], case_id=waiting.pk, missing=["申请书"]
        )
    login("supervisor")
    with travel_to(date(2026, 9, 17)):
        issue_cards()  # yellow for `late`
    with travel_to(date(2026, 9, 22)):
        issue_cards()  # red: the yellow's 2 working days passed
        detect_anomalies()
    with travel_to(date(2026, 9, 30)):
        desk = client.get("/supervision/").content.decode()
        expected = {
            "overdue": {late.pk},
            "warning": {soon.pk},
            "normal": set(),
            "none": {waiting.pk},
        }
        for level, cases in expected.items():
            assert _count(desk, level) == len(cases), level
            assert f'href="?level={level}"' in desk
            listed = client.get("/supervision/", {"level": level}).content.decode()
            assert _listed(listed) == cases, level
        for figure, query in (
            ("yellow", {"card": "yellow"}),
            ("red", {"card": "red"}),
            ("anomaly", {"anomaly": "1"}),
        ):
            assert _count(desk, figure) == 1, figure
            listed = client.get("/supervision/", query).content.decode()
            assert _listed(listed) == {late.pk}, figure


def test_the_desk_shows_and_filters_by_the_items_warning_threshold(
    users: dict[str, User], promise_item: ApprovalItem, client: Any, login: Any
) -> None:
    wide = publish_promise_item(
        users["admin"],
        code="TEST-0005-03",
        basic_code="0100099003",
        name="食品经营许可（测试，预警 3 日）",
        warning_days=3,
    )
    three = accepted_case(users["window"], wide, date(2026, 9, 17))  # due 8 Oct, as `one`
    one = accepted_case(users["window"], promise_item, date(2026, 9, 17))
    assert (three.warning_days, one.warning_days) == (3, 1)
    login("supervisor")
    with travel_to(date(2026, 9, 28)):  # 29, 30 Sep and 8 Oct left: yellow at 3, green at 1
        desk = client.get("/supervision/").content.decode()
        assert 'data-threshold="3"' in desk
        assert 'data-threshold="1"' in desk
        assert "≤ 3 日</a>" in desk
        assert _listed(client.get("/supervision/", {"warning_days": "3"}).content.decode()) == {
            three.pk
        }
        assert _listed(client.get("/supervision/", {"warning_days": "1"}).content.decode()) == {
            one.pk
        }
        warning = client.get("/supervision/", {"level": "warning"}).content.decode()
        assert _listed(warning) == {three.pk}
        assert '<option value="3">剩余 ≤ 3 个工作日</option>' in desk

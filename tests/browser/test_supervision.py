"""Electronic supervision in a real browser: a case nobody touches walks from
green to yellow light, to overdue with a yellow card, to a red card, as the
clock moves (`travel_everywhere` moves the live server's day too; the
scheduler's card and anomaly jobs run between days). Every step is seen on
the supervision bureau's desk and in the department head's bell. Then the
anomalies with their evidence and the case's audit chain. Screenshots:
supervision-desk.png, supervision-anomalies.png, supervision-case-chain.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from worlds import publish_promise_item
from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.cases.steps import CaseConflict
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User
from xiaoneng.supervision import actions as supervision_actions
from xiaoneng.supervision import tasks

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
expect = sync_api.expect

ACCEPTED_ON = date(2026, 9, 17)  # Thu; 10 working days → due Thu 8 Oct (after National Day)


def _world() -> dict[str, Any]:
    """The 工商 bureau's promise item, the case nobody will touch, and a few
    neighbours so the desk is not empty: one accepted later (green), one
    waiting for the applicant, one whose window tried a second notice."""
    load_demo_city()
    users = {u.username: u for u in User.objects.all()}
    admin, window = users["admin"], users["window"]
    load_demo_catalog(admin)
    item = publish_promise_item(
        admin, code="TEST-0005-SV", basic_code="0100097000", name="外商投资企业设立登记"
    )

    def receive(on: date, name: str) -> int:
        with travel_to(on):
            case, _ = actions.submit_application(
                actor=window, item_code=item.code, applicant_name=name
            )
        return case.pk

    untouched = receive(ACCEPTED_ON, "张掖市丹霞旅游开发有限公司")
    with travel_to(ACCEPTED_ON):
        actions.accept_case(actor=window, case_id=untouched)
    later = receive(date(2026, 9, 28), "甘州区金张掖农产品有限公司")
    waiting = receive(date(2026, 9, 28), "临泽县红枣专业合作社")
    with travel_to(date(2026, 9, 28)):
        actions.accept_case(actor=window, case_id=later)
        actions.issue_supplement_notice(actor=window, case_id=waiting, missing=["设立登记申请书"])
        with pytest.raises(CaseConflict):
            actions.issue_supplement_notice(actor=window, case_id=waiting, missing=["章程"])
    # The head has read the message about that attempt: the walk starts at 0 unread.
    supervision_actions.mark_read(actor=users["depthead"])
    return {"users": users, "untouched": untouched, "later": later, "waiting": waiting}


@pytest.fixture
def world(live_server: Any) -> Iterator[dict[str, Any]]:
    with travel_everywhere(ACCEPTED_ON):
        world = _world()
        world["site"] = str(live_server.url)
        yield world


@pytest.fixture
def browser(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _sweep() -> None:
    """What the scheduler runs between days: cards and warnings, anomalies."""
    tasks.issue_cards.call()
    tasks.detect_anomalies.call()


def _desk_row(page: Any, site: str, case_id: int) -> Any:
    page.goto(f"{site}/supervision/")
    return page.locator(f'tr[data-case="{case_id}"]')


def _bell(page: Any, site: str) -> tuple[int, str]:
    """The unread count on the bell in the header, and the notification centre's text."""
    page.goto(f"{site}/supervision/notifications/")
    unread = int(page.locator(".xs-bell").first.get_attribute("data-unread") or 0)
    return unread, page.locator("main").inner_text()


def test_an_untouched_case_walks_to_a_red_card(browser: Any, world: dict[str, Any]) -> None:
    site, case_id = world["site"], world["untouched"]
    tracking_no = _tracking_no(case_id)
    walk = [
        # day, light on the desk, cards on the row, unread messages, newest title
        (date(2026, 9, 28), "normal", "—", 0, None),
        (date(2026, 9, 30), "warning", "—", 1, f"预警：办件 {tracking_no} 将于2026年10月8日到期"),
        (date(2026, 10, 8), "warning", "—", 1, None),  # due today: on time until midnight
        (date(2026, 10, 9), "overdue", "黄", 3, f"黄牌：办件 {tracking_no} 超期"),
        (date(2026, 10, 13), "overdue", "黄红", 4, f"红牌：办件 {tracking_no} 超期"),
    ]
    with (
        desktop_page(browser) as bureau,
        desktop_page(browser) as head,
        desktop_page(browser) as wall,
    ):
        sign_in(bureau, site, "supervisor")
        sign_in(head, site, "depthead")
        sign_in(wall, site, "supervisor")
        wall.goto(f"{site}/bigscreen/")  # left open: it follows by itself
        for day, light, cards, unread, title in walk:
            with travel_everywhere(day):
                _sweep()
                row = _desk_row(bureau, site, case_id)
                assert row.get_attribute("data-level") == light, day
                assert row.locator("td[data-cards]").inner_text().replace("\n", "") == cards, day
                count, text = _bell(head, site)
                assert count == unread, (day, text)
                if title:
                    assert title in text, (day, text)
                # The big screen shows the desk's lights within its 5 s promise.
                for level in ("warning", "overdue"):
                    figure = bureau.locator(f'[data-count="{level}"]').inner_text()
                    expect(wall.locator(f'[data-key="levels.{level}"]')).to_have_text(
                        figure, timeout=6000
                    )
                overdue_list = expect(wall.locator("#overdue"))
                if light == "overdue":
                    overdue_list.to_contain_text(tracking_no, timeout=6000)
                else:
                    overdue_list.not_to_contain_text(tracking_no, timeout=6000)
        # The yellow card's follow-up passed on Mon 12 Oct: red on the 13th.
        with travel_everywhere(date(2026, 10, 13)):
            assert "异常：本部门新发现 1 项异常" in _bell(head, site)[1]
            bureau.goto(f"{site}/supervision/")
            assert bureau.locator('[data-count="overdue"]').inner_text() == "1"
            assert bureau.locator('[data-count="red"]').inner_text() == "1"
            bureau.screenshot(path=str(SCREENSHOTS / "supervision-desk.png"), full_page=True)
            # Drill down from the red-card figure to the case behind it.
            bureau.click('a[href="?card=red"]')
            bureau.wait_for_url("**/supervision/?card=red")
            expect(bureau.locator("tr[data-case]")).to_have_count(1)
            expect(bureau.locator(f'tr[data-case="{case_id}"]')).to_have_count(1)


def _tracking_no(case_id: int) -> str:
    return Case.objects.get(pk=case_id).tracking_no


def test_anomalies_with_their_evidence_and_the_case_chain(
    browser: Any, world: dict[str, Any]
) -> None:
    site, case_id = world["site"], world["untouched"]
    with travel_everywhere(date(2026, 10, 13)):
        _sweep()
        with desktop_page(browser) as bureau:
            sign_in(bureau, site, "supervisor")
            bureau.goto(f"{site}/supervision/anomalies/")
            kinds = {
                row.get_attribute("data-kind") for row in bureau.locator("tr[data-anomaly]").all()
            }
            assert kinds == {"overdue_case", "second_notice"}
            # The fee rule is watched now that the fee catalog exists (issue 10).
            fee_rule = bureau.locator('tr[data-rule="fee_outside_catalog"]').inner_text()
            assert "检测中" in fee_rule
            assert "暂不适用" not in fee_rule
            bureau.screenshot(path=str(SCREENSHOTS / "supervision-anomalies.png"), full_page=True)
            bureau.click('tr[data-kind="second_notice"] >> text=证据与处理')
            expect(bureau.locator("[data-evidence-audit] tr[data-audit-seq]")).to_have_count(1)
            assert "被拒绝的操作尝试" in bureau.locator("[data-evidence-audit]").inner_text()
            bureau.goto(f"{site}/supervision/cases/{case_id}/")
            expect(bureau.locator('[data-chain="intact"]')).to_have_count(1)
            expect(bureau.locator("[data-case-timeline] tr[data-event-seq]")).to_have_count(2)
            bureau.screenshot(path=str(SCREENSHOTS / "supervision-case-chain.png"), full_page=True)
        with desktop_page(browser) as head:
            sign_in(head, site, "depthead")
            head.goto(f"{site}/supervision/anomalies/?kind=overdue_case")
            head.click("text=证据与处理")
            head.fill("#id_explanation", "专家评审意见未按时返回，已催办")
            head.click("text=提交情况说明")
            assert (
                head.locator("[data-explanation]").inner_text() == "专家评审意见未按时返回，已催办"
            )

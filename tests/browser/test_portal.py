"""The public portal in a real browser: a citizen searches by pinyin
initials, opens a service guide and its full material list, then tracks a
real case with its query code, then reads the published monthly ranking and
a department's scorecard. Every portal page is checked at desktop and phone
width: no request leaves the machine, nothing overflows a 390 px screen, and
axe-core (shipped by the PyPI package axe-playwright-python) finds no serious
or critical violation. The axe summary holds no per-run value (tracking
numbers and ids are written as placeholders); it goes to
docs/accessibility.md only when XIAONENG_SCREENSHOTS=docs/screenshots
refreshes the documented screenshots, else beside the screenshots."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import LOCAL_HOSTS, chromium, chromium_path, expect
from screenshot_dir import ROOT, SCREENSHOTS

from xiaoneng.appraisal import actions as appraisal_actions
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions
from xiaoneng.catalog.models import ApprovalItem, HandlingMode, ItemStatus
from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import Department, User
from xiaoneng.scores import actions as score_actions
from xiaoneng.supervision.actions import issue_cards
from xiaoneng.targets import actions as target_actions

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

JOINT = "0100090000620700005"  # 企业设立联合审批
SIZES = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
IMPACTS = ("critical", "serious", "moderate", "minor")
DOCS_REPORT = ROOT / "docs" / "accessibility.md"
# The documented report is rewritten only when the documented screenshots are.
DOCUMENTED = SCREENSHOTS.resolve() == (ROOT / "docs" / "screenshots").resolve()
REPORT = DOCS_REPORT if DOCUMENTED else SCREENSHOTS / "accessibility.md"
AXE_DETAILS = ROOT / "var" / "screenshots" / "portal-axe.json"  # never under docs/
PUBLISHED = (date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1))


@pytest.fixture
def world(live_server: Any) -> dict[str, Any]:
    load_demo_city()
    admin = User.objects.get(username="admin")
    load_demo_catalog(admin)
    window = User.objects.get(username="window")
    case, code = actions.submit_application(
        actor=window, item_code=JOINT, applicant_name="张掖市祁连绿源农业科技有限公司"
    )
    actions.accept_case(actor=window, case_id=case.pk)
    decided, _ = actions.submit_application(
        actor=window, item_code="0100001000620700005", applicant_name="张三丰"
    )
    actions.accept_case(actor=window, case_id=decided.pk)  # instant: decided at once
    shown = _published_months(admin, User.objects.get(username="supervisor"))
    unit = _published_targets()
    return {
        "site": str(live_server.url),
        "case": case,
        "code": code,
        "department": shown,
        "target_unit": unit,
    }


def _published_months(admin: User, supervisor: User) -> Department:
    """January to March 2026 walked and published through the real actions:
    four departments' cases decided early, on the due day, or late (a yellow
    card from the sweep), rotating from month to month so that the ranking
    and the scorecard's line move. Returns the department whose scorecard
    is shown."""
    items = list(
        ApprovalItem.objects.filter(
            status=ItemStatus.PUBLISHED,
            handling_mode=HandlingMode.SINGLE,
            committed_limit_days__gt=1,
            committed_limit_days__lte=10,
        ).order_by("department__code", "code")
    )
    per_department = list({i.department_id: i for i in reversed(items)}.values())[:4]
    calendar = current_calendar()
    assert len(per_department) >= 3
    for m, month in enumerate(PUBLISHED):
        for d, item in enumerate(per_department):
            with travel_to(month.replace(day=6)):
                case, _ = actions.submit_application(
                    actor=admin, item_code=item.code, applicant_name="张掖市示例商贸有限公司"
                )
                case = actions.accept_case(actor=admin, case_id=case.pk)
            due, accepted = case.due_on, case.accepted_on
            assert due is not None
            assert accepted is not None
            outcome = (d + m) % len(per_department)
            if outcome == 0:  # late: overdue, a yellow card, decided two working days on
                with travel_to(calendar.add_workdays(due, 1)):
                    issue_cards()
                decided_on = calendar.add_workdays(due, 2)
            elif outcome == 1:  # on the due day
                decided_on = due
            else:  # early
                decided_on = calendar.add_workdays(accepted, outcome)
            with travel_to(decided_on):
                actions.decide_case(actor=admin, case_id=case.pk, decision="approved")
                actions.deliver_case(actor=admin, case_id=case.pk)
                issue_cards()
    with travel_to(date(2026, 4, 10)):
        for month in PUBLISHED:
            score_actions.publish_ranking(
                actor=supervisor, month=month, note="经市监察局局务会审定，予以通报。"
            )
    return per_department[0].department


def _target_book(unit: str, task: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"code": "1", "title": "重点工作", "category": "政府工作报告"},
        {"code": "1.1", "lead": unit, "person": "李明", "deadline": "2026-12-31", **task},
    ]


def _published_targets() -> Department:
    """The 目标晒台's snapshots through the real actions: 市工商局 (a key task)
    and 民乐县 (a 为民办实事 item) sign their 2026 books, report March,
    verified; the first quarter, the task board and the year-end published.
    Returns the city department whose public scorecard is checked."""
    inspector, depthead, minle = (
        User.objects.get(username=name) for name in ("inspector", "depthead", "minle")
    )
    books = {
        "620700005": (
            depthead,
            {
                "title": "新增市场主体",
                "category": "政府工作报告",
                "is_key": "是",
                "indicator": "新增市场主体",
                "measure_unit": "户",
                "baseline": "0",
                "target_value": "1000",
                "weight": "100",
            },
            {"value": "320"},
        ),
        "620722": (
            minle,
            {
                "title": "农村安全饮水巩固提升",
                "category": "为民办实事",
                "standard": "完成 12 个村集中供水管网改造",
                "weight": "100",
            },
            {"percent": "40"},
        ),
    }
    reports = []
    with travel_to(date(2026, 2, 2)):
        for code, (head, task, figure) in books.items():
            unit = Department.objects.get(code=code)
            book = target_actions.import_book(
                actor=inspector,
                year=2026,
                department_id=unit.pk,
                rows=_target_book(unit.name, task),
                title=f"{unit.name}2026年度目标责任书",
            )
            target_actions.sign_book(
                actor=inspector, book_id=book.pk, signed_by="王强", signed_for="市长"
            )
            reports.append((head, book.tasks.get(code="1.1"), figure))
    with travel_to(date(2026, 4, 2)):
        for head, task, figure in reports:
            report = target_actions.submit_report(
                actor=head, task_id=task.pk, year=2026, month=3, text_="按计划推进。", **figure
            )
            target_actions.verify_report(actor=inspector, report_id=report.pk)
    with travel_to(date(2026, 4, 10)):
        ranking = appraisal_actions.compute_quarter_ranking(actor=inspector, year=2026, quarter=1)
        appraisal_actions.publish_quarter(actor=inspector, ranking_id=ranking.pk)
        appraisal_actions.publish_task_board(actor=inspector)
    with travel_to(date(2027, 1, 4)):
        result = appraisal_actions.compute_year(actor=inspector, year=2026)
        appraisal_actions.approve_year(actor=inspector, result_id=result.pk)
        appraisal_actions.publish_year(actor=inspector, result_id=result.pk)
    return Department.objects.get(code="620700005")


@pytest.fixture
def browser(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


class Visitor:
    """A citizen at one screen size; records every host the pages ask for."""

    def __init__(self, browser: Any, size: str) -> None:
        self.size = size
        self.context = browser.new_context(
            viewport=SIZES[size],
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            is_mobile=size == "phone",
            has_touch=size == "phone",
        )
        self.page = self.context.new_page()
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        self.page.on("request", self._request)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _request(self, request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme not in {"data", "blob", "about"}:
            self.hosts.add(url.hostname or "")

    def shot(self, name: str) -> Path:
        path = SCREENSHOTS / f"portal-{name}-{self.size}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def check(self) -> None:
        assert self.hosts <= LOCAL_HOSTS, f"requests left the machine: {self.hosts - LOCAL_HOSTS}"
        assert not self.errors, self.errors
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= SIZES[self.size]["width"], f"{self.page.url} overflows: {width}px"

    def close(self) -> None:
        self.context.close()


def test_search_guide_and_track(browser: Any, world: dict[str, Any]) -> None:
    site, case, code = world["site"], world["case"], world["code"]
    me = Visitor(browser, "desktop")
    try:
        page = me.page
        page.goto(f"{site}/")
        page.fill("#pt-q", "qysl")
        page.press("#pt-q", "Enter")
        page.wait_for_url("**/guide/?q=qysl")
        page.get_by_role("link", name="企业设立联合审批").first.click()
        page.wait_for_url(f"**/guide/{JOINT}/")
        page.click("a[href='#s-materials']")
        rows = page.locator(".ps-materials tbody tr")
        materials = list(
            ApprovalItem.objects.get(code=JOINT).materials.values_list("name", flat=True)
        )
        assert rows.count() == len(materials)
        for name in materials:
            expect(page.locator(".ps-materials").get_by_text(name, exact=True)).to_have_count(1)
        expect(page.locator(".ps-flow-step")).to_have_count(4)
        apply = page.get_by_role("link", name="在线申请")
        assert apply.get_attribute("href") == f"/cases/apply/{JOINT}/"
        # Tracking with the real code.
        page.goto(f"{site}/track/")
        page.fill("#t-no", case.tracking_no)
        page.fill("#t-code", code)
        page.click(".ps-track-actions button")
        page.wait_for_selector(".ps-case")
        text = page.inner_text(".ps-case")
        assert "已受理（办理中）" in text
        assert "张掖市祁连****有限公司" in text
        assert "剩余" in text
        assert "承办人员" in text
        # A wrong code: the same message as an unknown number.
        page.fill("#t-no", case.tracking_no)
        page.fill("#t-code", "000000")
        page.click(".ps-track-actions button")
        assert "办件编号或查询码不正确" in page.inner_text("[role=alert]")
        me.check()
    finally:
        me.close()


def test_ranking_and_scorecard(browser: Any, world: dict[str, Any]) -> None:
    site, shown = world["site"], world["department"]
    me = Visitor(browser, "desktop")
    try:
        page = me.page
        page.goto(f"{site}/")
        page.get_by_role("navigation", name="网站导航").get_by_role("link", name="效能排行").click()
        page.wait_for_url("**/ranking/")
        assert page.locator("[data-ranking]").get_attribute("data-ranking") == "2026-03"
        assert page.locator(".ps-ranking tbody tr").count() >= 3
        options = page.locator("#rk-month option").evaluate_all("os => os.map(o => o.value)")
        assert options == ["2026-03", "2026-02", "2026-01"]
        page.select_option("#rk-month", "2026-02")
        page.click(".ps-month-picker button")
        page.wait_for_url("**/ranking/?month=2026-02")
        assert "2026年2月各部门效能排名" in page.inner_text("#rk-title")
        page.locator(f'tr[data-department="{shown.pk}"] a').click()
        page.wait_for_url(f"**/ranking/department/{shown.pk}/")
        expect(page.locator("svg[role=img] circle")).to_have_count(3)
        expect(page.locator("[data-history] tbody tr")).to_have_count(3)
        desc = page.locator("#sc-svg-desc").text_content() or ""
        assert "2026年1月" in desc
        assert "2026年3月" in desc
        me.check()
    finally:
        me.close()


def test_screens_and_accessibility(browser: Any, world: dict[str, Any]) -> None:
    site, case, code = world["site"], world["case"], world["code"]
    pages = {
        "home": "/",
        "guides": "/guide/?q=qysl",
        "event": "/guide/?event=construction",
        "guide": f"/guide/{JOINT}/",
        "track": "/track/",  # the case looked up through the form (the code is POSTed)
        "results": "/results/",
        "duties": "/duties/",
        "ranking": "/ranking/",
        "scorecard": f"/ranking/department/{world['department'].pk}/",
        "complain": "/complaints/",
        "complaint-track": "/complaints/track/",
        "exposures": "/checks/exposures/",
        "bulletins": "/accountability/bulletins/",
        "target-board": "/appraisal/scoreboard/",
        "target-card": f"/appraisal/scoreboard/units/{world['target_unit'].pk}/",
    }
    shots = {
        "home",
        "guide",
        "track",
        "results",
        "ranking",
        "scorecard",
        "complain",
        "target-board",
        "target-card",
    }
    axe = axe_sync.Axe()
    found: dict[str, Counter[str]] = {}
    serious: list[str] = []
    details: list[dict[str, Any]] = []
    for size in SIZES:
        me = Visitor(browser, size)
        try:
            for name, path in pages.items():
                me.page.goto(f"{site}{path}")
                if name == "track":
                    me.page.fill("#t-no", case.tracking_no)
                    me.page.fill("#t-code", code)
                    me.page.click(".ps-track-actions button")
                    me.page.wait_for_selector(".ps-case")
                me.page.wait_for_load_state("networkidle")
                if name in shots:
                    me.shot(name)
                me.check()
                if name.startswith("target-"):
                    _check_target_page(me.page, name)
                result = axe.run(me.page).response
                counts: Counter[str] = Counter()
                for violation in result["violations"]:
                    impact = violation.get("impact") or "minor"
                    counts[impact] += len(violation["nodes"])
                    if impact in {"serious", "critical"}:
                        serious.append(f"{size} {path}: {violation['id']} {violation['help']}")
                    details.append(
                        {
                            "page": f"{size} {name}",
                            "impact": impact,
                            "id": violation["id"],
                            "nodes": [
                                (n["target"], n.get("failureSummary", "")[:300])
                                for n in violation["nodes"]
                            ],
                        }
                    )
                found[f"{name}|{size}|{path}"] = counts
        finally:
            me.close()
    _write_report(found, axe_version=_axe_version(axe))
    AXE_DETAILS.parent.mkdir(parents=True, exist_ok=True)
    AXE_DETAILS.write_text(json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8")
    assert not serious, serious


def _check_target_page(page: Any, name: str) -> None:
    """The 目标晒台 shows the published snapshots — and never a person's name."""
    shown = page.inner_text("main")
    assert "王强" not in shown
    assert "李明" not in shown
    assert "新增市场主体" in shown
    # On a phone each task's title reads across the screen (rows stacked as
    # cards), not as a column of one character a line.
    width = page.viewport_size["width"]
    if width < SIZES["desktop"]["width"]:
        cell = page.locator("[data-task] td").first.bounding_box()
        assert cell["width"] >= 0.6 * width, cell
    if name == "target-board":
        assert "农村安全饮水巩固提升" in page.inner_text("[data-practical]")
        quarter = page.inner_text("[data-quarter-board]")
        assert "县（区）" in quarter
        assert "32.00" in quarter
        assert "40.00" in quarter
    else:
        assert "32.00" in page.inner_text("[data-unit-quarters]")
        assert "2026年度" in page.inner_text("[data-unit-years]")


def _stable(path: str) -> str:
    """The path without what changes from run to run (tracking number, query
    code, row ids), so that the report is the same for the same pages."""
    if path.startswith("/track/?"):
        return "/track/?no=…"
    if path.startswith("/ranking/department/"):
        return "/ranking/department/<id>/"
    if path.startswith("/appraisal/scoreboard/units/"):
        return "/appraisal/scoreboard/units/<id>/"
    return path


def _axe_version(axe: Any) -> str:
    head = axe.axe_script[:60]
    return head.split("axe v", 1)[1].split()[0] if "axe v" in head else "?"


def _write_report(found: dict[str, Counter[str]], *, axe_version: str) -> None:
    total: Counter[str] = Counter()
    lines = [
        "# Accessibility of the public portal",
        "",
        "Written by `tests/browser/test_portal.py` when it refreshes the documented",
        "screenshots (`XIAONENG_SCREENSHOTS=docs/screenshots ./xiaoneng test -m browser`;",
        "other runs write it beside their screenshots under `var/`): every",
        "portal page is loaded in headless Chromium at desktop (1440×900) and phone",
        f"(390×844) size and checked with axe-core {axe_version} (from the PyPI package",
        "`axe-playwright-python`, run locally: no request leaves the machine). The test",
        "fails on any serious or critical violation. Counts are affected elements.",
        "",
        "| page | size | path | critical | serious | moderate | minor |",
        "|---|---|---|---:|---:|---:|---:|",
    ]
    for key, counts in found.items():
        name, size, path = key.split("|", 2)
        total.update(counts)
        lines.append(
            f"| {name} | {size} | `{_stable(path)}` | "
            + " | ".join(str(counts.get(i, 0)) for i in IMPACTS)
            + " |"
        )
    lines += [
        "",
        f"Pages checked: {len(found)} ({len(found) // len(SIZES)} pages × {len(SIZES)} sizes).",
        "Violations by impact: "
        + ", ".join(f"{impact} {total.get(impact, 0)}" for impact in IMPACTS)
        + ".",
        "",
    ]
    REPORT.write_text("\n".join(lines), encoding="utf-8")

"""The public portal in a real browser: a citizen searches by pinyin
initials, opens a service guide and its full material list, then tracks a
real case with its query code. Every portal page is checked at desktop and
phone width: no request leaves the machine, nothing overflows a 390 px
screen, and axe-core (shipped by the PyPI package axe-playwright-python)
finds no serious or critical violation. The axe summary is written to
docs/accessibility.md."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import CHROMIUM_ARGS, LOCAL_HOSTS, chromium_path
from screenshot_dir import ROOT, SCREENSHOTS

from xiaoneng.cases import actions
from xiaoneng.catalog.demo import load_demo_catalog
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.org.demo import load_demo_city
from xiaoneng.org.models import User

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
REPORT = ROOT / "docs" / "accessibility.md"


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
    return {"site": str(live_server.url), "case": case, "code": code}


@pytest.fixture
def browser(world: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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
            assert page.locator(".ps-materials").get_by_text(name, exact=True).count() == 1
        assert page.locator(".ps-flow-step").count() == 4
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


def test_screens_and_accessibility(browser: Any, world: dict[str, Any]) -> None:
    site, case, code = world["site"], world["case"], world["code"]
    pages = {
        "home": "/",
        "guides": "/guide/?q=qysl",
        "event": "/guide/?event=construction",
        "guide": f"/guide/{JOINT}/",
        "track": f"/track/?no={case.tracking_no}&code={code}",
        "results": "/results/",
        "duties": "/duties/",
    }
    shots = {"home", "guide", "track", "results"}
    axe = axe_sync.Axe()
    found: dict[str, Counter[str]] = {}
    serious: list[str] = []
    details: list[dict[str, Any]] = []
    for size in SIZES:
        me = Visitor(browser, size)
        try:
            for name, path in pages.items():
                me.page.goto(f"{site}{path}")
                me.page.wait_for_load_state("networkidle")
                if name in shots:
                    me.shot(name)
                me.check()
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
    (SCREENSHOTS / "portal-axe.json").write_text(
        json.dumps(details, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert not serious, serious


def _axe_version(axe: Any) -> str:
    head = axe.axe_script[:60]
    return head.split("axe v", 1)[1].split()[0] if "axe v" in head else "?"


def _write_report(found: dict[str, Counter[str]], *, axe_version: str) -> None:
    total: Counter[str] = Counter()
    lines = [
        "# Accessibility of the public portal",
        "",
        "Written by `tests/browser/test_portal.py` (`./xiaoneng test -m browser`): every",
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
            f"| {name} | {size} | `{path.split('&code=')[0]}` | "
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

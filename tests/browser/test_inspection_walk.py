"""检查评比观摩 in a real browser (seed art. 5):

- Mon 11 May 2026: 市发改委 has registered (through its action) a project
  check of 张掖市甘泉食品有限公司 on 15–16 June. 市工商局 (`depthead`)
  registers on its page an inspection of the same enterprise on 8–10 June:
  the overlap (same enterprise, within 30 days) is offered; it merges, and
  the joint activity (联合检查) has both organisers.
- The leader in charge (`leader`, 市发改委 in his portfolio) approves it
  from his approvals page.
- Tue 9 June: the enterprise, signed out, types its credit code and query
  code on 涉企检查查询, sees the joint activity with its approved items and
  dates, and reports that the inspectors also checked food labels (beyond
  the approved items): the report is a complaint (its number shown once).
- Wed 10 June: the 督查室 (`inspector`) verifies it: the overrun is on the
  supervision anomalies of the activity. The annual plan counts one merged
  and one approved; the public burden page counts both organisers once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.complaints.models import Complaint
from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.inspections import actions
from xiaoneng.inspections.models import Activity, EnterpriseReport
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

FIRM = "91620700MA7100001C"
FIRM_NAME = "张掖市甘泉食品有限公司"
REGISTERED, REPORTED, VERIFIED = date(2026, 5, 11), date(2026, 6, 9), date(2026, 6, 10)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-inspection-{name}.png"), full_page=True)


def _world() -> tuple[str, Activity]:
    users = {u.username: u for u in User.objects.all()}
    with travel_to(REGISTERED):
        _, code = actions.add_enterprise(
            actor=users["inspector"], credit_code=FIRM, name=FIRM_NAME, industry="食品"
        )
        fagai = actions.register_activity(
            actor=users["fagai"],
            kind="inspect",
            title="食品加工项目建设情况核查",
            basis="市政府重点项目推进安排",
            items=["项目备案", "建设进度"],
            start_on=date(2026, 6, 15),
            end_on=date(2026, 6, 16),
            credit_codes=[FIRM],
        )
    return code, fagai


def _register_and_merge(page: Any, site: str, fagai: Activity) -> None:
    sign_in(page, site, "depthead")
    page.goto(f"{site}/inspections/register/")
    page.select_option("#r-kind", value="inspect")
    page.fill("#r-title", "食品生产企业年报检查")
    page.fill("#r-basis", "《企业信息公示暂行条例》第十四条")
    page.fill("#r-items", "营业执照公示\n年度报告")
    page.fill("#r-start", "2026-06-08")
    page.fill("#r-end", "2026-06-10")
    page.fill("#r-codes", FIRM)
    page.fill("#r-people", "王立，市工商局")
    page.get_by_role("button", name="登记并报分管领导审批").click()
    page.wait_for_selector("[data-overlaps]")
    offered = page.inner_text(f"tr[data-overlap='{fagai.pk}']")
    assert "食品加工项目建设情况核查" in offered
    assert f"同一对象：{FIRM_NAME}" in offered
    _shot(page, "overlap-offered")
    page.get_by_role("button", name="合并为联合检查").click()
    page.wait_for_url(f"{site}/inspections/{fagai.pk}/")
    assert "已合并为联合检查" in page.inner_text("main")
    head = page.inner_text(f"[data-activity='{fagai.pk}']")
    assert "张掖市发展和改革委员会、张掖市工商行政管理局（联合检查）" in head


def _report_overrun(page: Any, site: str, code: str, joint: Activity) -> None:
    page.goto(f"{site}/inspections/enterprise/")
    page.fill("#q-credit", FIRM)
    page.fill("#q-code", code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_selector("[data-schedule]")
    row = page.inner_text(f"tr[data-coming='{joint.number}']")
    assert "2026年6月8日至2026年6月16日" in row
    assert "营业执照公示" in row
    assert "项目备案" in row
    page.select_option("#p-kind", value="overrun")
    page.select_option("#p-activity", value=str(joint.pk))
    page.fill("#p-date", "2026-06-09")
    page.fill("#p-text", "检查组除年报外，还检查了食品标签和仓库，不在批准事项内。")
    page.fill("#p-name", "李会计")
    page.fill("#p-phone", "0936-8210000")
    page.get_by_role("button", name="提交报告").click()
    page.wait_for_selector("[data-filed]")
    _shot(page, "enterprise-reported")


def test_a_department_inspection_merged_approved_and_reported_by_the_enterprise(
    site: str, browser: Any
) -> None:
    code, fagai = _world()

    with travel_everywhere(REGISTERED), desktop_page(browser) as page:
        _register_and_merge(page, site, fagai)
    mine = Activity.objects.exclude(pk=fagai.pk).get()
    assert (mine.status, mine.merged_into_id) == ("merged", fagai.pk)

    with travel_everywhere(REGISTERED), desktop_page(browser) as page:
        sign_in(page, site, "leader")
        page.goto(f"{site}/inspections/approvals/")
        page.click(f"tr[data-inspection='{fagai.pk}'] >> text=审批")
        page.wait_for_selector("[data-decide]")
        page.fill("#d-note", "同意，合并开展，减少对企业的干扰")
        page.get_by_role("button", name="批准", exact=True).click()
        page.wait_for_selector("text=已批准")
        _shot(page, "approved")
    fagai.refresh_from_db()
    assert fagai.status == "approved"

    with travel_everywhere(REPORTED), desktop_page(browser) as page:
        _report_overrun(page, site, code, fagai)
        number = page.inner_text("[data-complaint-number]").strip()
    report = EnterpriseReport.objects.get()
    assert report.complaint == Complaint.objects.get(number=number)
    assert report.complaint is not None
    assert report.complaint.category == "misconduct"

    with travel_everywhere(VERIFIED), desktop_page(browser) as page:
        sign_in(page, site, "inspector")
        page.goto(f"{site}/inspections/reports/")
        verify = f"tr[data-report='{report.pk}'] form[action$='/verify/']"
        page.fill(f"{verify} input[name=note]", "经核实属实")
        page.click(f"{verify} button")
        page.wait_for_selector("text=已核实属实")
        # The annual plan: 市工商局's registration merged, 市发改委's joint one approved.
        page.goto(f"{site}/inspections/plan/?year=2026")
        assert page.inner_text("tr[data-plan-row='620700005'] [data-merged]") == "1"
        assert page.inner_text("tr[data-plan-row='620700002'] [data-approved]") == "1"
        _shot(page, "plan")
        # The public burden page: the enterprise once, both organisers once.
        page.goto(f"{site}/inspections/burden/?year=2026")
        burden = page.inner_text("[data-burden-departments]")
        assert "张掖市工商行政管理局\t1" in burden
        assert "张掖市发展和改革委员会\t1" in burden
        _shot(page, "burden")
    found = Anomaly.objects.get(subject_kind="inspection", kind="inspection_overrun")
    assert found.subject_ref == fagai.pk
    assert found.evidence["投诉编号"] == number

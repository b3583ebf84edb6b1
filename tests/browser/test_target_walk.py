"""A year of 市工商局's target book (目标责任书, seed art. 14, 15 and 8) in a
real browser: imported and signed by the 督查室, reported on monthly by
the unit, a milestone gone red, urged, an adjustment requested and
approved, the quarter ranked, the year graded, the public scoreboard.
Dates by hand (2026 calendar; 清明 4–6 April off; the reporting day of
month M is the 5th working day of M+1, `target.report_day`; a light turns
yellow 5 working days before its day, `target.warning_days`):

- Mon 2 Feb: the 督查室 (`inspector`) uploads the book of 市工商局 (two
  tasks under one heading: 1.1 新增市场主体 1000 户, weight 60, key; 1.2
  企业登记全程电子化, qualitative, weight 40, deadline Tue 31 Mar, its
  milestone 系统上线试运行 due Fri 20 Mar) and signs it.
- Wed 4 Mar: the unit (`depthead`) reports February (due Fri 6 Mar: 2–6
  March): 1.1 at 260 户 with a scanned list as evidence, 1.2 at 30 %.
  The milestone is green (12 working days left).
- Mon 23 Mar: the milestone's day (Fri 20 Mar) has passed: red on the
  督查室's desk and on the task page; the 督查室 urges (催办), the order
  is on the unit's supervision orders desk.
- Tue 24 Mar: the unit asks to move 1.2's deadline to Thu 30 Apr; pending,
  the task keeps 31 Mar and stays red.
- Wed 25 Mar: the leader (`leader`, 市工商局 in his portfolio) approves on
  his page: the deadline is 30 Apr.
- March's reports are due Wed 8 Apr (1, 2, 3 April, then 清明, then 7, 8;
  without the holiday it would have been Tue 7 Apr). Wed 8 Apr: 1.2 at
  60 %, the milestone done — the task is green again (16 working days to
  30 Apr). Thu 9 Apr: 1.1 at 320 户, a day late.
- Fri 10 Apr: the 督查室 verifies the four reports, computes the first
  quarter and publishes it. By hand: completion = (60 × 320/1000 + 40 ×
  0.60) / 100 = 43.20 %, one late report × 0.5 = 0.50, score 42.70, rank 1
  of the city departments.
- Thu 3 Dec: November's reports (due Mon 7 Dec: 1, 2, 3, 4, 7 December):
  1.1 at 950 户 (its half-year milestone, red since July, ticked at last),
  1.2 at 100 %; Fri 4 Dec verified (1.2 done).
- Mon 4 Jan 2027: the year-end. Targets part = 60 × 0.95 + 40 × 1 = 97.00
  less the year's one late report 0.50 = 96.50; no published monthly
  efficiency score for 2026 → the targets part alone (weights
  renormalised); no deductions; total 96.50, in the 优秀 band, but a class
  of one city department may have ⌊1 × 30 %⌋ = 0 优秀: graded 良好.
  Computed, approved, published. (The board of key tasks is this year's:
  it was published on Fri 4 Dec, 1.1 then at 95 %, green with 19 working
  days to 31 Dec.)
- The public 目标晒台 (signed out) shows the ranking, the grade and the
  unit's scorecard, and no person's name.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.appraisal.models import QuarterRanking, YearResult
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.org.models import Department, User
from xiaoneng.scores.models import RankingEntry
from xiaoneng.supervision.models import SupervisionOrder
from xiaoneng.targets.actions.common import report_due
from xiaoneng.targets.models import ProgressReport, ReportStatus, TargetBook, Task
from xiaoneng.targets.sheet import COLUMNS, write_xlsx

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

GONGSHANG = "620700005"  # 市工商局, head `depthead`
BOOK_TITLE = "市工商局2026年度目标责任书"
SIGNER = "赵建国"
PEOPLE = ("王副市长", "李局长", "张科长", SIGNER)  # names in the book: never public

IMPORTED, FEB_REPORTED, RED, REQUESTED, APPROVED = (
    date(2026, 2, 2),
    date(2026, 3, 4),
    date(2026, 3, 23),
    date(2026, 3, 24),
    date(2026, 3, 25),
)
MAR_DUE, MAR_LATE, RANKED = date(2026, 4, 8), date(2026, 4, 9), date(2026, 4, 10)
NOV_REPORTED, NOV_VERIFIED, YEAR_END = date(2026, 12, 3), date(2026, 12, 4), date(2027, 1, 4)
MILESTONE_DUE, OLD_DEADLINE, NEW_DEADLINE = date(2026, 3, 20), date(2026, 3, 31), date(2026, 4, 30)

EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _book_xlsx() -> bytes:
    """The book as the office types it (the app's own layout, sheet.COLUMNS)."""

    def row(**cells: object) -> list[object]:
        return [cells.get(key, "") for key in COLUMNS]

    return write_xlsx(
        BOOK_TITLE,
        [
            row(code="1", title="优化营商环境", category="政府工作报告"),
            row(
                code="1.1",
                category="政府工作报告",
                title="新增市场主体",
                is_key="是",
                lead="市工商局",
                leader="王副市长",
                person="李局长",
                deadline="2026-12-31",
                indicator="新增市场主体",
                measure_unit="户",
                baseline="0",
                target_value="1000",
                weight="60",
                m1="上半年新增 500 户",
                m1_due="2026-06-30",
            ),
            row(
                code="1.2",
                category="改革任务",
                title="企业登记全程电子化",
                lead="市工商局",
                leader="王副市长",
                person="张科长",
                deadline=OLD_DEADLINE.isoformat(),
                standard="企业登记全程网上办理，办理时限压缩至 3 个工作日",
                weight="40",
                m1="系统上线试运行",
                m1_due=MILESTONE_DUE.isoformat(),
            ),
        ],
    )


def _flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-target-{name}.png"), full_page=True)


def _import_and_sign(page: Any, site: str, dept: Department) -> None:
    sign_in(page, site, "inspector")
    page.goto(f"{site}/targets/")
    assert page.input_value("#i-year") == "2026"
    page.select_option("#i-unit", value=str(dept.pk))
    page.set_input_files(
        "#i-file",
        files=[
            {
                "name": "目标责任分解表.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": _book_xlsx(),
            }
        ],
    )
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_url("**/targets/books/*/")
    tasks = page.inner_text("[data-book-tasks]")
    assert "新增市场主体" in tasks
    assert "企业登记全程电子化" in tasks
    page.fill("#s-by", SIGNER)
    page.get_by_role("button", name="签订", exact=True).click()
    page.wait_for_selector("text=与 市长")
    assert "已签订" in page.inner_text("main")
    page.goto(f"{site}/targets/")
    listed = page.inner_text("[data-target-books]")
    assert BOOK_TITLE in listed
    assert "已签订" in listed
    assert "2026年2月2日" in listed
    _shot(page, "desk-imported")


def _report(
    page: Any,
    site: str,
    task: Task,
    month: int,
    text: str,
    *,
    value: str = "",
    percent: str = "",
    evidence: bool = False,
    milestone: bool = False,
) -> None:
    page.goto(f"{site}/targets/tasks/{task.pk}/")
    page.select_option("#r-month", value=str(month))
    page.fill("#r-text", text)
    if value:
        page.fill("#r-value", value)
    if percent:
        page.fill("#r-percent", percent)
    if milestone:
        page.check("input[name=milestones]")
    if evidence:
        page.set_input_files(
            "#r-files",
            files=[
                {"name": "新增市场主体名单.pdf", "mimeType": "application/pdf", "buffer": EVIDENCE}
            ],
        )
    page.get_by_role("button", name="报送", exact=True).click()
    page.wait_for_selector("text=进度已报送，待督查室核实")


def _verify_all(page: Any, site: str, task: Task) -> None:
    page.goto(f"{site}/targets/tasks/{task.pk}/")
    waiting = page.locator("li[data-status=submitted]")
    while waiting.count():
        waiting.first.get_by_role("button", name="核实", exact=True).click()
        page.wait_for_selector("text=进度已核实")


def _light(page: Any, task: Task) -> str:
    return str(page.get_attribute(f"tr[data-task='{task.pk}']", "data-light"))


def test_a_target_book_through_the_year(browser: Any, site: str) -> None:
    calendar = current_calendar()
    assert report_due(2026, 2) == date(2026, 3, 6)
    assert report_due(2026, 3) == MAR_DUE  # 清明 (4–6 Apr) in between
    assert calendar.add_workdays(date(2026, 3, 31), 5) == MAR_DUE
    assert report_due(2026, 11) == date(2026, 12, 7)
    assert calendar.workdays_between(FEB_REPORTED, MILESTONE_DUE) > 5  # still green
    dept = Department.objects.get(code=GONGSHANG)
    assert not RankingEntry.objects.filter(
        department=dept, publication__month__year=2026
    ).exists()  # no efficiency part: the targets part is the whole score

    # 1. The 督查室 imports the book through the page's form and signs it.
    with travel_everywhere(IMPORTED), desktop_page(browser) as page:
        _import_and_sign(page, site, dept)
    book = TargetBook.objects.get(year=2026, department=dept)
    assert (book.title, book.status, book.signed_on, book.signed_by) == (
        BOOK_TITLE,
        "signed",
        IMPORTED,
        SIGNER,
    )
    market, online = book.tasks.get(code="1.1"), book.tasks.get(code="1.2")

    # 2. The unit reports February, with evidence.
    with travel_everywhere(FEB_REPORTED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/targets/mine/")
        assert _light(page, online) == "normal"
        assert "企业登记全程电子化" in page.inner_text("[data-target-tasks]")
        _report(page, site, market, 2, "2月新增市场主体260户。", value="260", evidence=True)
        assert "新增市场主体名单.pdf" in page.inner_text("[data-reports]")
        _report(page, site, online, 2, "系统完成招标，正在开发。", percent="30")
        assert page.get_attribute("tr[data-milestone]", "data-light") == "normal"
        _shot(page, "unit-reported")
    feb = ProgressReport.objects.get(task=market, year=2026, month=2)
    assert (feb.value, feb.late, feb.due_on, feb.files.count()) == (
        Decimal(260),
        False,
        date(2026, 3, 6),
        1,
    )

    # 3–4. The milestone's day has passed: red; the 督查室 urges.
    with travel_everywhere(RED), desktop_page(browser) as page:
        sign_in(page, site, "inspector")
        page.goto(f"{site}/targets/?light=overdue")
        assert _light(page, online) == "overdue"
        assert "红灯" in page.inner_text(f"tr[data-task='{online.pk}']")
        assert page.locator(f"tr[data-task='{market.pk}']").count() == 0  # green: filtered out
        _shot(page, "desk-red")
        page.goto(f"{site}/targets/tasks/{online.pk}/")
        assert page.get_attribute("tr[data-milestone]", "data-light") == "overdue"
        page.fill("#u-text", "系统上线试运行节点已逾期，请于3日内报告进展。")
        page.get_by_role("button", name="催办", exact=True).click()
        page.wait_for_selector("text=已发出催办通知")
        assert "系统上线试运行节点已逾期" in page.inner_text("[data-order]")
        _shot(page, "task-urged")
    order = SupervisionOrder.objects.get(subject_kind="target_task", subject_ref=online.pk)
    assert order.department_id == dept.pk
    with travel_everywhere(RED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/supervision/orders/")
        row = page.inner_text(f"tr[data-order='{order.pk}']")
        assert "企业登记全程电子化" in row
        page.fill(f"#order-reply-{order.pk}", "已协调省平台，系统预计4月上旬上线试运行。")
        page.get_by_role("button", name="提交答复", exact=True).click()
        page.wait_for_selector(f"tr[data-order='{order.pk}'][data-status=replied]")
        _shot(page, "unit-orders")

    # 5. The unit asks for a new deadline; pending, the task stays due (red).
    with travel_everywhere(REQUESTED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/targets/tasks/{online.pk}/")
        page.fill("#a-reason", "省级登记平台接口延期开放，申请将完成时限调整至4月30日。")
        page.fill("#a-deadline", NEW_DEADLINE.isoformat())
        page.get_by_role("button", name="报送调整申请", exact=True).click()
        page.wait_for_selector("text=调整待审批（审批前仍按原时限执行）")
        main = _flat(page.inner_text("main"))
        assert "完成时限2026年3月31日" in main
        assert "时限调整为2026年4月30日" in main
        page.goto(f"{site}/targets/mine/")
        assert _light(page, online) == "overdue"
        assert "调整待审批" in page.inner_text(f"tr[data-task='{online.pk}']")
    online.refresh_from_db()
    assert (online.deadline, online.pending_adjustment) == (OLD_DEADLINE, True)
    with travel_everywhere(REQUESTED), desktop_page(browser) as page:  # the 督查室 closes its order
        sign_in(page, site, "inspector")
        page.goto(f"{site}/supervision/orders/")
        page.fill(f"#order-note-{order.pk}", "答复属实，继续跟踪。")
        page.get_by_role("button", name="办结", exact=True).click()
        page.wait_for_selector(f"tr[data-order='{order.pk}'][data-status=closed]")
    order.refresh_from_db()
    assert (order.status, order.closed_on) == ("closed", REQUESTED)

    with travel_everywhere(APPROVED), desktop_page(browser) as page:
        sign_in(page, site, "leader")
        page.goto(f"{site}/targets/leader/")
        assert page.inner_text("[data-count=overdue]").strip() == "1"
        pending = page.locator("[data-adjustment]")
        assert "企业登记全程电子化" in pending.inner_text()
        _shot(page, "leader")
        pending.locator("input[name=note]").fill("同意，务必于4月30日前完成。")
        pending.get_by_role("button", name="批准", exact=True).click()
        page.wait_for_selector("text=调整申请已审批")
        assert page.url.endswith("/targets/leader/")
        page.goto(f"{site}/targets/tasks/{online.pk}/")
        main = _flat(page.inner_text("main"))
        assert "完成时限2026年4月30日" in main
        assert "调整待审批" not in main
    online.refresh_from_db()
    assert (online.deadline, online.pending_adjustment) == (NEW_DEADLINE, False)

    # March: 1.2 on the reporting day with its milestone done; 1.1 a day late.
    with travel_everywhere(MAR_DUE), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _report(page, site, online, 3, "系统已上线试运行。", percent="60", milestone=True)
        assert page.get_attribute("tr[data-milestone]", "data-light") == "none"
        page.goto(f"{site}/targets/mine/")
        assert _light(page, online) == "normal"
    with travel_everywhere(MAR_LATE), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _report(page, site, market, 3, "一季度累计新增市场主体320户。", value="320")
        assert "迟报" in page.inner_text("[data-reports]")
    lateness = dict(ProgressReport.objects.filter(month=3).values_list("task__code", "late"))
    assert lateness == {"1.1": True, "1.2": False}

    # 6. The 督查室 verifies, computes the first quarter and publishes it.
    with travel_everywhere(RANKED), desktop_page(browser) as page:
        sign_in(page, site, "inspector")
        page.goto(f"{site}/targets/")
        expect(page.locator("[data-reports-waiting] tr[data-report]")).to_have_count(4)
        for task in (market, online):
            _verify_all(page, site, task)
            _shot(page, f"verified-{task.code}")
        main = _flat(page.inner_text("main"))
        assert "完成时限2026年4月30日" in main  # 1.2, as adjusted
        page.goto(f"{site}/targets/tasks/{market.pk}/")
        main = _flat(page.inner_text("main"))
        assert "基数0，目标1000户" in main
        assert "最近核实值320户（32%）" in main
        page.goto(f"{site}/appraisal/")
        page.fill("#q-year", "2026")
        page.select_option("#q-quarter", value="1")
        page.get_by_role("button", name="计算季度评比", exact=True).click()
        page.wait_for_url(f"{site}/appraisal/")
        page.locator("[data-quarter] a").first.click()
        ranked = page.inner_text("[data-quarter-rows] tbody")
        assert ranked.split() == ["市直部门", "1", dept.name, "2", "43.20", "1", "0.50", "42.70"]
        page.get_by_role("button", name="公布季度评比", exact=True).click()
        page.wait_for_selector("text=2026年4月10日公布")
        _shot(page, "quarter")
    assert not ProgressReport.objects.exclude(status=ReportStatus.VERIFIED).exists()
    assert QuarterRanking.objects.get(year=2026, quarter=1).status == "published"

    # November's reports, verified.
    with travel_everywhere(NOV_REPORTED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _report(page, site, market, 11, "累计新增市场主体950户。", value="950", milestone=True)
        _report(page, site, online, 11, "企业登记已全程网上办理。", percent="100")
    with travel_everywhere(NOV_VERIFIED), desktop_page(browser) as page:
        sign_in(page, site, "inspector")
        for task in (market, online):
            _verify_all(page, site, task)
        assert "已完成" in page.inner_text("main")
        page.goto(f"{site}/appraisal/")
        page.get_by_role("button", name="公布当前进展", exact=True).click()
        page.wait_for_selector("text=重点工作与为民办实事进展已公布")
    online.refresh_from_db()
    assert (online.status, online.done_on) == ("done", NOV_REPORTED)

    # 7. The year-end: computed, approved, published; the key tasks' board too.
    with travel_everywhere(YEAR_END), desktop_page(browser) as page:
        sign_in(page, site, "inspector")
        page.goto(f"{site}/appraisal/")
        page.fill("#y-year", "2026")
        page.get_by_role("button", name="计算年终考核", exact=True).click()
        page.wait_for_url(f"{site}/appraisal/")
        page.locator("[data-result] a").first.click()
        line = page.inner_text(f"tr[data-unit='{dept.pk}']")
        cells = line.split()
        assert cells[:5] == ["市直部门", "1", dept.name, "96.50", "—"]
        assert "96.50" in cells[5:]
        assert "良好（分数段优秀，限于比例）" in line
        page.get_by_role("button", name="审定考核结果", exact=True).click()
        page.wait_for_selector("text=公布考核结果")
        page.get_by_role("button", name="公布考核结果", exact=True).click()
        page.wait_for_load_state()
        _shot(page, "year")
    result = YearResult.objects.get(year=2026)
    row = result.rows.get(department=dept)
    assert result.status == "published"
    assert (row.targets, row.efficiency, row.total, row.band, row.grade) == (
        Decimal("96.50"),
        None,
        Decimal("96.50"),
        "excellent",
        "good",
    )

    # 8. The public scoreboard, signed out.
    with travel_everywhere(YEAR_END), desktop_page(browser) as page:
        page.goto(f"{site}/")
        page.get_by_role("link", name="目标晒台").first.click()
        page.wait_for_url("**/appraisal/scoreboard/")
        quarter = page.inner_text("[data-quarter-board]")
        assert dept.name in quarter
        assert "42.70" in quarter
        year = page.inner_text("[data-year-board]")
        assert "96.50" in year
        assert "良好" in year
        board = _flat(page.inner_text("[data-board]"))
        assert "2026年重点工作和为民办实事进展情况（截至2026年12月4日）" in board
        assert "新增市场主体" in board
        assert "95%" in board
        assert "绿灯" in board
        public = page.inner_text("body")
        assert not [name for name in PEOPLE if name in public]
        _shot(page, "scoreboard")
        page.locator("[data-year-board]").get_by_role("link", name=dept.name).click()
        page.wait_for_url(f"**/appraisal/scoreboard/units/{dept.pk}/")
        card = page.inner_text("main")
        assert "42.70" in _flat(page.inner_text("[data-unit-quarters]"))
        assert "良好" in page.inner_text("[data-unit-years]")
        assert "96.50" in page.inner_text("[data-unit-years]")
        assert not [name for name in PEOPLE if name in card]
        for username in ("depthead", "inspector", "leader"):
            assert User.objects.get(username=username).real_name not in card
        _shot(page, "scorecard")

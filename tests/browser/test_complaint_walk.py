"""An efficiency complaint from the citizen's form to the accountability it
leads to and the department's score, in a real browser, across the 2026
Labour Day holiday (1–5 May off; Saturday 9 May a make-up working day).
Dates by hand:

- Thu 30 Apr: a citizen complains anonymously (a phone left for the call-back
  only) about the attitude of 市工商局's window on a case. Acceptance is due
  5 working days on: 6, 7, 8, Sat 9, Mon 11 May.
- Wed 6 May: the complaint centre accepts it: conclusion due 15 working days
  on (7, 8, 9, 11–15, 18–22, 25, 26) = Tue 26 May; it asks 市工商局 to
  explain, due 5 working days on = Tue 12 May.
- Sat 9 May (a working day): the department's head explains, seeing the
  matter and never who complained.
- Mon 11 May: the centre concludes it 属实 and replies; the bureau finds it
  among its 问责线索, opens a case, asks for the statement.
- Tue 12 May: the department's statement; the bureau proposes 通报批评.
- Wed 13 May: approved (张监问〔2026〕1号): the 通报 is public, and May's
  score of 市工商局, recomputed, is lower by exactly the configured amounts
  (`score.complaint` for the substantiated complaint and the measure's
  points).
- Thu 14 May: the citizen tracks the complaint with number and query code
  and rates the handling.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, sign_in
from screenshot_dir import SCREENSHOTS

from worlds import publish_promise_item
from xiaoneng.accountability.models import AccountabilityCase, MeasureKind
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases import actions as case_actions
from xiaoneng.complaints.models import Complaint
from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.org.models import Department, User
from xiaoneng.scores.models import MonthlyMetric
from xiaoneng.system.params import get_param

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

GONGSHANG = "620700005"  # 市工商局
PHONE = "13993601234"
FILED, ACCEPTED, EXPLAINED = date(2026, 4, 30), date(2026, 5, 6), date(2026, 5, 9)
CONCLUDED, STATEMENT, DECIDED, RATED = (
    date(2026, 5, 11),
    date(2026, 5, 12),
    date(2026, 5, 13),
    date(2026, 5, 14),
)
ACCEPT_DUE, CONCLUDE_DUE, EXPLAIN_DUE = date(2026, 5, 11), date(2026, 5, 26), date(2026, 5, 12)
MAY = "2026-05"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _a_case_at_the_window() -> str:
    """A case 市工商局's window (`window`, 周敏) accepted on Wed 29 Apr and
    its head decided on Thu 7 May: the department has a May on the board."""
    item = publish_promise_item(User.objects.get(username="admin"))
    window = User.objects.get(username="window")
    with travel_everywhere(date(2026, 4, 29)):
        case, _code = case_actions.submit_application(
            actor=window, item_code=item.code, applicant_name="张掖市甘泉商贸有限公司"
        )
        case_actions.accept_case(actor=window, case_id=case.pk)
    with travel_everywhere(date(2026, 5, 7)):
        head = User.objects.get(username="depthead")
        case_actions.decide_case(actor=head, case_id=case.pk, decision="approved")
    return case.tracking_no


def _score(page: Any, site: str, dept: Department) -> Decimal:
    """May's score of `dept` after the bureau's 重新计算 on the ranking page."""
    page.goto(f"{site}/scores/ranking/?month={MAY}")
    page.get_by_role("button", name="重新计算", exact=True).click()
    page.wait_for_selector("[data-ranking]")
    return Decimal(page.inner_text(f"tr[data-department='{dept.pk}'] .sc-score").strip())


def _file(page: Any, site: str, case_no: str, dept: Department) -> tuple[str, str]:
    page.goto(f"{site}/")
    page.get_by_role("link", name="效能投诉").first.click()
    page.wait_for_url("**/complaints/")
    page.select_option("#c-cat", label="态度蛮横")
    page.select_option("#c-dept", value=str(dept.pk))
    page.fill("#c-staff", "周敏")
    page.fill("#c-case", case_no)
    page.fill("#c-title", "窗口工作人员态度蛮横")
    page.fill(
        "#c-desc", "4月29日上午在市政务服务中心工商窗口办理业务，工作人员态度生硬，拒绝解释。"
    )
    page.check("input[name=anonymous]")
    page.fill("#c-phone", PHONE)
    page.get_by_role("button", name="提交投诉", exact=True).click()
    page.wait_for_selector("[data-complaint-no]")
    page.screenshot(path=str(SCREENSHOTS / "walk-complaint-filed.png"), full_page=True)
    return page.inner_text("[data-complaint-no]").strip(), page.inner_text(
        "[data-query-code]"
    ).strip()


def _centre_accepts(page: Any, site: str, row: Complaint) -> None:
    sign_in(page, site, "complaint")
    page.goto(f"{site}/complaints/desk/")
    with page.expect_navigation():
        page.click(f"tr[data-complaint='{row.pk}'] a")
    details = page.inner_text("main")
    assert "受理期限2026年5月11日" in details.replace(" ", "").replace("\n", "")
    assert "匿名" in details
    assert PHONE in details  # the centre may call back
    page.get_by_role("button", name="受理", exact=True).click()
    page.wait_for_selector("text=办结期限")
    page.fill("#s-q", "请说明4月29日窗口接待情况。")
    page.get_by_role("button", name="要求说明情况", exact=True).click()
    page.wait_for_selector("text=要求说明，期限2026年5月12日")
    page.screenshot(path=str(SCREENSHOTS / "walk-complaint-centre.png"), full_page=True)


def _department_explains(page: Any, site: str, row: Complaint) -> None:
    sign_in(page, site, "depthead")
    page.goto(f"{site}/complaints/explain/")
    listed = page.inner_text(f"tr[data-complaint='{row.pk}']")
    assert "2026年5月12日" in listed or "2026-05-12" in listed
    with page.expect_navigation():
        page.click(f"tr[data-complaint='{row.pk}'] a")
    assert PHONE not in page.content()
    page.fill("#x-t", "经核查，窗口工作人员当日解释不耐心，已批评教育。")
    page.get_by_role("button", name="报送投诉中心", exact=True).click()
    page.wait_for_load_state()
    assert PHONE not in page.content()


def _centre_concludes(page: Any, site: str, row: Complaint) -> None:
    sign_in(page, site, "complaint")
    page.goto(f"{site}/complaints/desk/{row.pk}/")
    page.select_option("#s-o", label="属实")
    page.fill("#s-f", "经调查，窗口工作人员态度生硬属实。")
    page.fill("#s-op", "建议启动问责。")
    page.fill("#s-r", "您反映的问题经调查属实，已责成市工商局整改并建议问责。")
    page.get_by_role("button", name="办结并答复", exact=True).click()
    page.wait_for_selector("text=已办结")


def _bureau_opens(page: Any, site: str, number: str) -> None:
    page.goto(f"{site}/accountability/")
    lead = page.locator(f"tr[data-lead='complaint:{number}']")
    assert PHONE not in lead.inner_text()
    lead.get_by_role("link", name="立案").click()
    page.fill("#o-title", "市工商局窗口工作人员态度蛮横")
    page.fill("#o-facts", "经效能投诉中心调查，2026年4月29日市工商局窗口工作人员态度生硬属实。")
    page.select_option("select[name=s0_kind]", value="unit")
    page.get_by_role("button", name="立案", exact=True).last.click()
    page.get_by_role("button", name="告知陈述申辩", exact=True).click()
    page.wait_for_selector("text=待陈述申辩")


def test_complaint_to_accountability_to_score(browser: Any, site: str) -> None:
    calendar = current_calendar()
    assert calendar.add_workdays(FILED, 5) == ACCEPT_DUE
    assert calendar.add_workdays(ACCEPTED, 15) == CONCLUDE_DUE
    assert calendar.add_workdays(ACCEPTED, get_param("complaint.explanation_days")) == EXPLAIN_DUE
    dept = Department.objects.get(code=GONGSHANG)
    case_no = _a_case_at_the_window()

    with travel_everywhere(FILED), desktop_page(browser) as page:
        number, code = _file(page, site, case_no, dept)
    row = Complaint.objects.get(number=number)
    assert (row.anonymous, row.department, row.case.tracking_no) == (True, dept, case_no)
    assert row.accept_due_on == ACCEPT_DUE

    with travel_everywhere(ACCEPTED), desktop_page(browser) as page:
        _centre_accepts(page, site, row)
    row.refresh_from_db()
    assert (row.conclude_due_on, row.explanation_due_on) == (CONCLUDE_DUE, EXPLAIN_DUE)

    with travel_everywhere(EXPLAINED), desktop_page(browser) as page:
        _department_explains(page, site, row)

    with travel_everywhere(CONCLUDED), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        before = _score(page, site, dept)
    with travel_everywhere(CONCLUDED), desktop_page(browser) as page:
        _centre_concludes(page, site, row)
    with travel_everywhere(CONCLUDED), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        _bureau_opens(page, site, number)
    case = AccountabilityCase.objects.get(source_kind="complaint", source_ref=number)

    with travel_everywhere(STATEMENT), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/accountability/{case.pk}/")
        page.fill("#st", "接受调查结论，已组织窗口人员整改。")
        page.get_by_role("button", name="提交陈述申辩", exact=True).click()
        page.wait_for_load_state()
    with travel_everywhere(STATEMENT), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/accountability/{case.pk}/")
        page.select_option("#pm", value="circulated_criticism")
        page.fill("#pp", "对市工商局予以通报批评。")
        page.get_by_role("button", name="拟定问责方式", exact=True).click()
        page.wait_for_selector("text=待批准")

    with travel_everywhere(DECIDED), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/accountability/{case.pk}/")
        page.get_by_role("button", name="批准问责决定", exact=True).click()
        page.wait_for_selector("text=张监问〔2026〕1号")
        page.screenshot(path=str(SCREENSHOTS / "walk-accountability-decided.png"), full_page=True)
        after = _score(page, site, dept)
    points = MeasureKind.objects.get(code="circulated_criticism").score_deduction
    assert after == before - get_param("score.complaint") - points
    metric = MonthlyMetric.objects.get(department=dept, month=date(2026, 5, 1))
    assert (metric.complaints, metric.accountability) == (1, points)

    with travel_everywhere(DECIDED), desktop_page(browser) as page:  # anyone, signed out
        page.goto(f"{site}/accountability/bulletins/")
        with page.expect_navigation():
            page.get_by_role("link", name="市工商局窗口工作人员态度蛮横").first.click()
        bulletin = page.inner_text("main")
        assert "通报批评" in bulletin
        assert "张监问〔2026〕1号" in bulletin
        assert PHONE not in bulletin

    with travel_everywhere(RATED), desktop_page(browser) as page:
        page.goto(f"{site}/complaints/track/")
        page.fill("#t-no", number)
        page.fill("#t-code", code)
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_selector("[data-complaint]")
        assert page.inner_text("[data-outcome]").strip() == "属实"
        assert "已责成市工商局整改" in page.inner_text("[data-reply]")
        assert code not in page.url
        page.check("input[name=satisfaction][value='2']")
        page.get_by_role("button", name="提交评价", exact=True).click()
        page.wait_for_selector("[data-satisfaction]")
        assert page.inner_text("[data-satisfaction]").strip() == "满意"
        page.screenshot(path=str(SCREENSHOTS / "walk-complaint-rated.png"), full_page=True)
    row.refresh_from_db()
    assert (row.satisfaction, row.satisfaction_source) == (2, "complainant")

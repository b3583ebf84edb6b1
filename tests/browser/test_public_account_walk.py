"""Public accounts in a real browser (issue 19, item 1), at 1366×768 and 390×844:

(a) a citizen opens a guide's 在线申请, is sent to the public login (个人/法人
    tabs, not the staff login), registers with her 身份证号 and comes back to
    the application; saves a draft, resumes it from 我的办件 and submits.
    Staff finish the case through the actions. She signs in again with her
    phone number, finds the finished case in 我的办件, downloads its
    documents and rates the service; the rating shows under 我的评价.
(b) the enterprise 张掖市祁连绿源农业科技有限公司 signs in through 法人登录
    with its 统一社会信用代码 and sees the approvals the agent (帮办代办)
    filed for its green-channel project, and the dossier itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import checked_page, chromium, chromium_path, expect
from screenshot_dir import SCREENSHOTS

from xiaoneng.cases import actions
from xiaoneng.cases.models import Case
from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.projects import load_demo_projects
from xiaoneng.demo.public_accounts import ENTERPRISE, load_demo_public_accounts
from xiaoneng.org.models import User

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

JOINT = "0100090000620700005"  # 企业设立联合审批 (市工商局; opinions of 质监 and 公安)
APPLIED, ACCEPTED, DECIDED, DELIVERED = (
    date(2026, 4, 27),
    date(2026, 4, 28),
    date(2026, 4, 29),
    date(2026, 4, 30),
)
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PERSON = {"name": "刘晓燕", "id_no": "620702199203150023", "phone": "13619360005"}
PASSWORD = "Ganzhou#2026ok"


@pytest.fixture
def site(live_server: Any) -> str:
    load_demo_city()
    admin = User.objects.get(username="admin")
    load_demo_catalog(admin)
    load_demo_projects(admin)
    load_demo_public_accounts()
    return str(live_server.url)


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Seven people share two cores here: give pages and waits room.
    sync_api.expect.set_options(timeout=30_000)
    with chromium(monkeypatch) as launched:
        yield launched
    sync_api.expect.set_options(timeout=5_000)


def _patient(page: Any) -> Any:
    page.set_default_timeout(120_000)
    return page


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / name), full_page=True)


def _no_overflow(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def _finish(case: Case) -> None:
    """The staff's part, through the case actions, each on its own day."""
    names = ["window", "zhijian", "gongan", "depthead"]
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    with travel_everywhere(ACCEPTED):
        actions.accept_case(actor=users["window"], case_id=case.pk)
        for co in ("zhijian", "gongan"):
            actions.give_opinion(
                actor=users[co], case_id=case.pk, agrees=True, opinion="符合条件，同意"
            )
    with travel_everywhere(DECIDED):
        actions.decide_case(actor=users["depthead"], case_id=case.pk, decision="approved")
    with travel_everywhere(DELIVERED):
        actions.deliver_case(actor=users["window"], case_id=case.pk)


def _register_and_apply(page: Any, site: str) -> tuple[str, str]:
    _patient(page)
    page.goto(f"{site}/guide/{JOINT}/")
    page.get_by_role("link", name="在线申请").first.click()
    page.wait_for_url("**/portal/login/**")
    expect(page.locator("[data-tab=person]")).to_have_attribute("aria-current", "page")
    assert "仅限授权工作人员" not in page.content()
    _shot(page, "portal-login-person.png")
    page.get_by_role("link", name="个人注册").click()
    page.wait_for_url("**/portal/register/**")
    page.fill("#id_person_name", PERSON["name"])
    page.fill("#id_id_no", "620702199203150022")  # a wrong check character first
    page.fill("#id_phone", PERSON["phone"])
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("[data-register] button[type=submit]")
    expect(page.locator(".xn-field-error")).to_contain_text("校验位不正确")
    _shot(page, "portal-register-person.png")  # the check digit caught on the page
    page.fill("#id_id_no", PERSON["id_no"])
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("[data-register] button[type=submit]")
    page.wait_for_url(f"**/cases/apply/{JOINT}/")  # back to the application
    page.fill("#id_summary", "个体工商户转为有限公司，申请企业设立联合审批")
    page.click("[data-save-draft]")
    page.wait_for_url("**/portal/me/drafts/")
    page.get_by_role("link", name="继续填写").click()
    page.wait_for_url(f"**/cases/apply/{JOINT}/")
    assert "个体工商户转为有限公司" in page.input_value("#id_summary")
    page.click("[data-apply-form] button[type=submit]:not([data-save-draft])")
    page.wait_for_selector('[data-outcome="applied"]')
    return page.inner_text("[data-tracking-no]").strip(), page.inner_text("[data-code]").strip()


def _sign_in(page: Any, site: str, kind: str, identifier: str, password: str) -> None:
    _patient(page)
    page.goto(f"{site}/portal/login/?kind={kind}")
    page.fill("#id_identifier", identifier)
    page.fill("#id_password", password)
    page.click("[data-public-login] button[type=submit]")
    page.wait_for_url("**/portal/me/")


def test_a_citizen_registers_applies_downloads_and_rates(browser: Any, site: str) -> None:
    with travel_everywhere(APPLIED), checked_page(browser, LAPTOP) as page:
        tracking_no, code = _register_and_apply(page, site)
    case = Case.objects.get(tracking_no=tracking_no)
    assert case.applicant is not None
    assert case.applicant.public_account.person_name == PERSON["name"]

    _finish(case)

    with travel_everywhere(DELIVERED), checked_page(browser, LAPTOP) as page:
        _sign_in(page, site, "person", PERSON["phone"], PASSWORD)
        row = page.locator(f'[data-case="{case.pk}"]')
        expect(row).to_contain_text("企业设立联合审批")
        assert PERSON["id_no"] not in page.content()  # never shown unmasked
        _no_overflow(page)
        _shot(page, "portal-me-cases.png")
        page.goto(f"{site}/portal/me/documents/")
        links = page.locator("[data-download]")
        assert links.count() >= 2  # 受理通知书, 准予许可决定书 …
        _shot(page, "portal-me-documents.png")
        pdf = page.request.get(f"{site}{links.first.get_attribute('href')}")
        assert pdf.status == 200
        assert pdf.body()[:5] == b"%PDF-"
        page.goto(f"{site}/portal/me/cases/{case.pk}/")
        page.click("[data-rate]")
        page.wait_for_url(f"**/ratings/?no={tracking_no}")
        page.fill("#r-code", code)
        page.get_by_role("button", name="下一步").click()
        page.wait_for_selector("#case-title")
        page.click("label[for=r-level-1]")  # 非常满意 (a face)
        page.get_by_role("button", name="提交评价").click()
        expect(page.locator('[data-level="1"]')).to_be_visible()
        page.goto(f"{site}/portal/me/ratings/")
        expect(page.locator("[data-my-ratings] tbody")).to_contain_text("企业设立联合审批")

    with travel_everywhere(DELIVERED), checked_page(browser, PHONE) as page:
        _patient(page).goto(f"{site}/portal/login/")
        _no_overflow(page)
        _shot(page, "portal-login-person-phone.png")
        _sign_in(page, site, "person", PERSON["id_no"], PASSWORD)
        _no_overflow(page)
        _shot(page, "portal-me-cases-phone.png")


def test_an_enterprise_sees_its_agent_filed_project(browser: Any, site: str) -> None:
    filed = Case.objects.filter(agent__username="agent")
    assert filed.exists()  # the demo agent filed approvals for 祁连绿源's dossier
    with checked_page(browser, LAPTOP) as page:
        _patient(page).goto(f"{site}/portal/login/?kind=enterprise")
        _shot(page, "portal-login-enterprise.png")
        _sign_in(page, site, "enterprise", ENTERPRISE["credit_code"], DEMO_PASSWORD)
        for case in filed:
            expect(page.locator(f'[data-case="{case.pk}"]')).to_contain_text(case.item.name)
        page.get_by_role("link", name="绿色通道项目").click()
        page.wait_for_url("**/portal/me/projects/")
        expect(page.locator("[data-my-projects] tbody")).to_contain_text(
            "张掖市祁连绿源现代农业产业园建设项目"
        )
        _no_overflow(page)
        _shot(page, "portal-me-projects.png")
        # The staff login is not its way in.
        page.goto(f"{site}/accounts/login/")
        page.wait_for_url("**/portal/me/")

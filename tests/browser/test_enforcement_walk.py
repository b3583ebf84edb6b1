"""A penalty case of 市工商局 in a real browser, from the street to the
public list (行政处罚法 2021; 国办发〔2018〕118号). The demo lists: the
无照经营 item GS-CF-001 with its 从重 benchmark 20,000–200,000 yuan;
zhifa (韩立军) and zhifa2 (宋佳) certified. The 2026 calendar, dates by
hand (start day never counted; 中秋 Fri 25–Sun 27 Sep, 国庆 Thu 1–Wed 7 Oct
off, Sat 10 Oct a make-up working day):

- Wed 23 Sep, on a phone (390×844): zhifa records 张掖市金川商贸有限公司
  trading without a licence, with a photo and the phone's location. He
  forgets to tick his colleague: refused, `enforcement_two_officers_required`
  (art. 42), the form kept; with 宋佳 ticked the clue is opened. 立案 must
  be decided within 15 working days: 24, 28, 29, 30 Sep, 8, 9, 10, 12, 13,
  14, 15, 16, 19, 20, 21 Oct → Wed 21 Oct.
- Thu 24 Sep: the head (`depthead`, 王振华) registers it from his desk; the
  decision limit is 90 calendar days (art. 60): 6 + 31 + 30 + 23 → Wed 23 Dec.
- Tue 29 Sep: the officers notify a 150,000 yuan fine (从重), at least the
  organisations' threshold of 100,000, so the party may ask for a hearing
  (art. 63). The window is 5 working days (art. 64, 85): 30 Sep, 8, 9, 10
  (Sat, make-up), 12 Oct → Mon 12 Oct.
- Thu 8 Oct: the head tries to decide. The page says what is missing; the
  decision is refused, `enforcement_decided_before_defence` (art. 62).
- Fri 9 Oct: the party asks for a hearing (within the window). Mon 12 Oct:
  the officers notify it. Set for Wed 21 Oct it is refused
  (`enforcement_hearing_too_early`: 7 working days must lie between, 13–21
  Oct, art. 64); set for Thu 22 Oct, hosted by 王丽 who did not
  investigate (the officers are not offered), it stands.
- Thu 22 Oct: the hearing held and recorded; the case sent for legality
  review (art. 58: the party had the hearing right and was heard). Fri 23
  Oct: the legal office (`fazhi`) passes it.
- Mon 26 Oct: the head decides 150,000 yuan within the benchmark; service
  and publication within 7 working days: 27, 28, 29, 30 Oct, 2, 3, 4 Nov
  → Wed 4 Nov. Tue 27 Oct: served; 15 calendar days to pay (art. 66) →
  Wed 11 Nov, a working day.
- Thu 29 Oct: finance (`caizheng`) sees 150,000.00 due on its desk and
  records the bank's receipt (罚缴分离, art. 67).
- Fri 30 Oct: the head publishes the decision (on time); the public page,
  reached from the portal's footer, shows it with the enterprise's name and
  credit code (public registers) and none of its legal representative's
  identity or phone number, which the officer typed into the facts; the
  head closes the case.
- The supervision bureau (`supervisor`) sees both refused acts as anomalies.
Each role finds its own entries under 行政执法 in the side navigation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import (
    LOCAL_HOSTS,
    chromium,
    chromium_path,
    desktop_page,
    expect,
    sign_in,
)
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere, travel_to
from xiaoneng.demo.enforcement import load_demo_enforcement
from xiaoneng.enforcement.models import PenaltyCase, Status
from xiaoneng.org.models import User
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

LISTED = date(2026, 9, 1)  # the demo lists and certificates are published
FOUND, REGISTERED, NOTIFIED = date(2026, 9, 23), date(2026, 9, 24), date(2026, 9, 29)
TRIED, REQUESTED, HEARING_TOLD = date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 12)
HEARD, REVIEWED, DECIDED = date(2026, 10, 22), date(2026, 10, 23), date(2026, 10, 26)
SERVED, PAID, PUBLISHED = date(2026, 10, 27), date(2026, 10, 29), date(2026, 10, 30)

PHONE = {"width": 390, "height": 844}
ZHANGYE = {"latitude": 38.932412, "longitude": 100.451237}  # 甘州区南关
PARTY = "张掖市金川商贸有限公司"
CREDIT_CODE = "91620702MA7XK3L2Q5"  # GB 32100 check character 5
PARTY_PHONE = "13909365678"
REPRESENTATIVE_ID = "620702198503121238"  # GB 11643 check character 8
REPRESENTATIVE_PHONE = "13909361234"
FACTS = (
    f"当事人{PARTY}（法定代表人刘建国，身份证号{REPRESENTATIVE_ID}，电话{REPRESENTATIVE_PHONE}）"
    "未取得营业执照，自2026年5月起在南关建材市场批发瓷砖、卫浴，经营规模较大，"
    "经责令停止后仍继续经营。"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64  # the upload checks the content
FINE = "150000"


@pytest.fixture
def world(site: str) -> str:
    """The demo city with the four bodies' enforcement lists and certificates."""
    with travel_to(LISTED):
        load_demo_enforcement(User.objects.get(username="admin"))
    return site


@pytest.fixture
def browser(world: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


@contextmanager
def phone_page(browser: Any) -> Iterator[Any]:
    """An officer's phone: 390×844, touch, the location allowed for this
    site. Like `desktop_page`, nothing may leave the machine and no script
    may fail; and no page may be wider than the screen."""
    context = browser.new_context(
        viewport=PHONE,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=True,
        has_touch=True,
        geolocation=ZHANGYE,
        permissions=["geolocation"],
    )
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        yield page
        assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
        assert not errors, errors
    finally:
        context.close()


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} overflows the phone: {width}px"


def _shot(page: Any, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header where it belongs
    page.screenshot(path=str(SCREENSHOTS / f"walk-enforcement-{name}.png"), full_page=True)


def _menu(page: Any) -> list[str]:
    """The entries of the side navigation's 行政执法 group."""
    group = page.get_by_role("list", name="行政执法")
    if group.count() == 0:
        return []
    return [text.strip() for text in group.get_by_role("link").all_inner_texts()]


def _submit(page: Any, form: Any, button: str) -> None:
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()


def _case_page(page: Any, site: str, pk: int) -> None:
    page.goto(f"{site}/enforcement/{pk}/")
    expect(page.locator(f'[data-case="{pk}"]')).to_be_visible()


def _messages(page: Any) -> Any:
    return page.locator(".xn-messages")


def _record_on_site(browser: Any, site: str) -> int:
    """Wed 23 Sep on the phone: refused alone, then opened by two officers."""
    with travel_everywhere(FOUND), phone_page(browser) as page:
        sign_in(page, site, "zhifa")
        page.goto(f"{site}/enforcement/new/")
        page.select_option("#f-item", label="GS-CF-001 未取得营业执照擅自从事经营活动（无照经营）")
        page.get_by_role("radio", name="法人或其他组织").check()
        page.fill("#f-party-name", PARTY)
        page.fill("#f-credit", CREDIT_CODE)
        page.fill("#f-phone", PARTY_PHONE)
        page.fill("#f-address", "张掖市甘州区南关建材市场B区12号")
        page.fill("#f-facts", FACTS)
        page.fill("#f-place", "张掖市甘州区南关建材市场B区12号")
        expect(page.locator("#f-found")).to_have_value("2026-09-23")
        page.fill("#f-violated", "2026-09-23")
        page.fill(
            "#f-ev-desc", "现场检查：店内陈列瓷砖约300箱、卫浴产品40余件，正在营业，未悬挂营业执照"
        )
        page.set_input_files(
            "#f-photos", {"name": "现场1.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
        )
        expect(page.locator("[data-photo-list]")).to_contain_text("现场1.jpg")
        page.get_by_role("button", name="获取定位").click()
        expect(page.locator("[data-geo-status]")).to_contain_text("已定位")
        expect(page.locator("input[name=latitude]")).to_have_value("38.932412")
        expect(page.locator("input[name=longitude]")).to_have_value("100.451237")
        officers = page.locator("[data-officers]")
        expect(officers.get_by_label("韩立军")).to_be_checked()
        expect(officers.get_by_label("宋佳")).not_to_be_checked()
        _fits(page)
        _submit(page, page.locator("[data-clue-form]"), "登记线索")
        # Alone: refused with its code, everything typed kept but the photo.
        expect(page.locator('[data-error="enforcement_two_officers_required"]')).to_contain_text(
            "执法人员不得少于两人"
        )
        expect(page.locator("#f-party-name")).to_have_value(PARTY)
        expect(page.locator("input[name=latitude]")).to_have_value("38.932412")
        assert not PenaltyCase.objects.exists()
        page.locator("[data-officers]").get_by_label("宋佳").check()
        page.set_input_files(
            "#f-photos", {"name": "现场1.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
        )
        _fits(page)
        _shot(page, "onsite")
        _submit(page, page.locator("[data-clue-form]"), "登记线索")
        case = PenaltyCase.objects.get()
        expect(page.locator(f'[data-case="{case.pk}"]')).to_be_visible()
        expect(page.locator("[data-register]")).to_contain_text("立案决定期限 2026年10月21日")
        evidence = page.locator("[data-evidence]")
        expect(evidence).to_contain_text("现场1.jpg")
        expect(evidence).to_contain_text("38.932412, 100.451237")
        expect(evidence).to_contain_text("韩立军、宋佳")
        expect(page.locator("[data-party-phone]")).not_to_contain_text(PARTY_PHONE)
        _fits(page)
    return case.pk


def _register(browser: Any, site: str, pk: int) -> str:
    """Thu 24 Sep: the head registers the clue from his desk."""
    with travel_everywhere(REGISTERED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        assert _menu(page) == ["执法案件", "负责人审批", "执法事项与裁量基准"]
        page.get_by_role("list", name="行政执法").get_by_role("link", name="负责人审批").click()
        clues = page.locator('[data-rows="clues"]')
        expect(clues).to_contain_text(PARTY)
        expect(clues).to_contain_text("2026年10月21日")
        with page.expect_navigation():
            clues.locator(f'[data-case="{pk}"] a').click()
        _submit(page, page.locator('[data-step-form="register"]'), "立案")
        expect(_messages(page)).to_contain_text("已立案")
        expect(page.locator("[data-register]")).to_contain_text("2026年9月24日 立案")
        expect(page.locator("[data-decision-due]")).to_contain_text("2026年12月23日")
    number = PenaltyCase.objects.get(pk=pk).number
    assert number
    return number


def _notify(browser: Any, site: str, pk: int) -> None:
    """Tue 29 Sep: 150,000 yuan notified; the window runs across 国庆."""
    with travel_everywhere(NOTIFIED), desktop_page(browser) as page:
        sign_in(page, site, "zhifa")
        assert _menu(page) == ["执法案件", "现场执法", "当场处罚", "执法事项与裁量基准"]
        _case_page(page, site, pk)
        form = page.locator('[data-step-form="notify"]')
        form.locator('[name="penalties"][value="fine"]').check()
        form.locator('[name="grade"]').select_option("heavier")
        form.locator('[name="fine"]').fill(FINE)
        expect(form.locator('[name="notified_on"]')).to_have_value("2026-09-29")
        _submit(page, form, "告知")
        expect(_messages(page)).to_contain_text("已告知拟处罚")
        notice = page.locator("[data-notice]")
        expect(notice).to_contain_text("2026年9月29日")
        expect(notice).to_contain_text("罚款 150000.00 元（从重处罚）")
        expect(page.locator("[data-defence-until]")).to_contain_text("2026年10月12日")
        expect(page.locator("[data-hearing-right]")).to_contain_text("有")
        expect(page.locator("[data-review-grounds]")).to_contain_text("当事人享有听证权利")


def _decide_too_early(browser: Any, site: str, pk: int) -> None:
    """Thu 8 Oct: the window still runs; the decision is refused and recorded."""
    with travel_everywhere(TRIED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _case_page(page, site, pk)
        missing = page.locator("[data-missing]")
        expect(missing).to_contain_text("陈述、申辩期限尚未届满")
        expect(missing).to_contain_text("法制审核")
        form = page.locator('[data-step-form="decide"]')
        form.locator('[name="decision_text"]').fill("罚款人民币壹拾伍万元整。")
        _submit(page, form, "作出决定")
        refused = '[data-error-code="enforcement_decided_before_defence"]'
        expect(_messages(page).locator(refused)).to_have_count(1)
        expect(_messages(page)).to_contain_text("陈述、申辩期限尚未届满")
        expect(page.locator('[data-event="enforcement.act_refused"]')).to_contain_text(
            "陈述申辩期限未满或听证未结束"  # the refusal's code, in its declared words
        )
        _shot(page, "refused")
    assert PenaltyCase.objects.get(pk=pk).decided_on is None


def _hearing(browser: Any, site: str, pk: int) -> None:
    """The request within the window, the notice 7 working days ahead, the hearing."""
    with travel_everywhere(REQUESTED), desktop_page(browser) as page:
        sign_in(page, site, "zhifa")
        _case_page(page, site, pk)
        form = page.locator('[data-step-form="request_hearing"]')
        expect(form.locator('[name="requested_on"]')).to_have_value("2026-10-09")
        _submit(page, form, "登记听证申请")
        expect(page.locator("[data-hearing]")).to_contain_text("2026年10月9日")
    with travel_everywhere(HEARING_TOLD), desktop_page(browser) as page:
        sign_in(page, site, "zhifa")
        _case_page(page, site, pk)
        form = page.locator('[data-step-form="schedule_hearing"]')
        hosts = form.locator('[name="host_id"]')
        assert "韩立军" not in hosts.inner_text()
        assert "宋佳" not in hosts.inner_text()
        form.locator('[name="scheduled_on"]').fill("2026-10-21")
        form.locator('[name="place"]').fill("市工商局三楼听证室")
        hosts.select_option(label="王丽")
        _submit(page, form, "通知听证")
        too_early = '[data-error-code="enforcement_hearing_too_early"]'
        expect(_messages(page).locator(too_early)).to_have_count(1)
        expect(_messages(page)).to_contain_text("七个工作日前通知当事人")
        expect(_messages(page)).to_contain_text("七个工作日前")
        form = page.locator('[data-step-form="schedule_hearing"]')
        form.locator('[name="scheduled_on"]').fill("2026-10-22")
        form.locator('[name="place"]').fill("市工商局三楼听证室")
        form.locator('[name="host_id"]').select_option(label="王丽")
        _submit(page, form, "通知听证")
        expect(_messages(page)).to_contain_text("已通知听证")
        expect(page.locator("[data-hearing]")).to_contain_text(
            "2026年10月12日 通知；2026年10月22日 在 市工商局三楼听证室 举行；主持人 王丽"
        )
    with travel_everywhere(HEARD), desktop_page(browser) as page:
        sign_in(page, site, "zhifa")
        _case_page(page, site, pk)
        form = page.locator('[data-step-form="record_hearing"]')
        form.locator('[name="record"]').fill(
            "当事人委托代理人到场，对无照经营事实无异议，请求从轻处罚；调查人员出示现场笔录和照片。"
        )
        _submit(page, form, "登记")
        expect(page.locator("[data-hearing-held]")).to_contain_text("2026年10月22日")
        expect(page.locator("[data-review-grounds]")).to_contain_text("经过听证程序")
        _submit(page, page.locator('[data-step-form="submit_review"]'), "提请审核")
        expect(_messages(page)).to_contain_text("已提请法制审核")


def _review(browser: Any, site: str, pk: int, number: str) -> None:
    """Fri 23 Oct: the legal office passes it from its desk."""
    with travel_everywhere(REVIEWED), desktop_page(browser) as page:
        sign_in(page, site, "fazhi")
        assert _menu(page) == ["法制审核", "执法事项与裁量基准", "执法证管理"]
        page.get_by_role("list", name="行政执法").get_by_role("link", name="法制审核").click()
        row = page.locator("[data-reviews] tr", has_text=number)
        expect(row).to_contain_text("当事人享有听证权利、经过听证程序")
        expect(row).to_contain_text("2026年10月22日")
        _shot(page, "review-desk")
        row.locator('[name="opinion"]').fill(
            "事实清楚，证据确凿，适用依据正确，裁量适当，程序合法。"
        )
        _submit(page, row, "提交")
        expect(_messages(page)).to_contain_text("已出具法制审核意见")
        _case_page(page, site, pk)
        expect(page.locator("[data-reviews]")).to_contain_text("2026年10月23日 吴志刚")
        expect(page.locator("[data-reviews]")).to_contain_text("通过")


def _decide(browser: Any, site: str, pk: int) -> str:
    """Mon 26 Oct: decided within the benchmark; Tue 27 Oct: served."""
    with travel_everywhere(DECIDED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _case_page(page, site, pk)
        expect(page.locator("[data-missing]")).to_have_count(0)
        form = page.locator('[data-step-form="decide"]')
        expect(form.locator('[name="fine"]')).to_have_value("150000.00")
        form.locator('[name="decision_text"]').fill(
            "依据《无照经营查处取缔办法》第十四条第一款，罚款人民币壹拾伍万元整。"
        )
        _submit(page, form, "作出决定")
        expect(_messages(page)).to_contain_text("已作出决定")
        decision_no = page.locator("[data-decision-no]").inner_text().strip()
        assert decision_no
        expect(page.locator("[data-decided-on]")).to_contain_text("2026年10月26日（王振华）")
        expect(page.locator("[data-service-due]")).to_contain_text("2026年11月4日")
        expect(page.locator("[data-publication]")).to_contain_text("期限 2026年11月4日")
    with travel_everywhere(SERVED), desktop_page(browser) as page:
        sign_in(page, site, "zhifa")
        _case_page(page, site, pk)
        form = page.locator('[data-step-form="serve"]')
        form.locator('[name="how"]').select_option("直接送达")
        _submit(page, form, "登记送达")
        expect(page.locator("[data-served]")).to_contain_text("2026年10月27日 直接送达")
        expect(page.locator("[data-payment-due]")).to_contain_text("2026年11月11日")
        expect(page.locator("[data-amount-due]")).to_contain_text("150000.00 元")
    return decision_no


def _pay(browser: Any, site: str, pk: int, decision_no: str) -> None:
    """Thu 29 Oct: finance records the bank's receipt of the amount due."""
    with travel_everywhere(PAID), desktop_page(browser) as page:
        sign_in(page, site, "caizheng")
        assert _menu(page) == ["罚没款登记"]
        page.get_by_role("list", name="行政执法").get_by_role("link", name="罚没款登记").click()
        row = page.locator(f'[data-owing] [data-case="{pk}"]')
        expect(row).to_contain_text(decision_no)
        expect(row).to_contain_text("2026年11月11日")
        expect(row.locator("[data-amount-due]")).to_have_text("150000.00")
        _shot(page, "money-desk")
        form = page.locator('[data-money-form="bank_payment"]')
        form.locator('[name="decision_no"]').fill(decision_no)
        form.locator('[name="amount"]').fill("150000.00")
        expect(form.locator('[name="paid_on"]')).to_have_value("2026-10-29")
        form.locator('[name="bank_serial"]').fill("ZYNH20261029000173")
        _submit(page, form, "登记")
        expect(_messages(page)).to_contain_text("已登记银行缴款 150000.00 元")
        expect(page.locator(f'[data-owing] [data-case="{pk}"]')).to_have_count(0)
        _case_page(page, site, pk)
        expect(page.locator("[data-paid-on]")).to_contain_text("2026年10月29日")
        expect(page.locator("[data-payments]")).to_contain_text("ZYNH20261029000173")


def _publish(browser: Any, site: str, pk: int) -> None:
    """Fri 30 Oct: the head publishes the decision, within its 7 working days."""
    with travel_everywhere(PUBLISHED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _case_page(page, site, pk)
        form = page.locator('[data-money-form="publish"]')
        expect(form.locator("[data-publish-day]")).to_have_text("2026年10月30日")
        _submit(page, form, "公示处罚决定（当事人个人信息隐去）")
        expect(page.locator("[data-publication]")).to_have_text("2026年10月30日 已公示（按期）")


def _public(browser: Any, site: str, decision_no: str) -> None:
    """The public list, from the portal's footer: the decision, no personal data."""
    with travel_everywhere(PUBLISHED), desktop_page(browser) as page:
        page.goto(f"{site}/")
        with page.expect_navigation():
            page.locator("footer").get_by_role("link", name="执法公示").click()
        with page.expect_navigation():
            page.get_by_role("link", name="行政处罚决定").click()
        row = page.locator(f'[data-decision="{decision_no}"]')
        expect(row).to_contain_text(PARTY)
        expect(row).to_contain_text(CREDIT_CODE)
        expect(row.locator('[data-label="处罚内容"]')).to_have_text("罚款 150000.00 元")
        expect(row).to_contain_text("2026年10月26日")
        expect(row).to_contain_text("******************")
        text = page.inner_text("main")
        for secret in (REPRESENTATIVE_ID, REPRESENTATIVE_PHONE, PARTY_PHONE, "南关建材市场B区12号"):
            assert secret not in text, secret
        _shot(page, "public")
    with travel_everywhere(PUBLISHED), phone_page(browser) as page:
        page.goto(f"{site}/enforcement/public/decisions/")
        expect(page.locator(f'[data-decision="{decision_no}"]')).to_contain_text(PARTY)
        _fits(page)
        _shot(page, "public-phone")


def _close(browser: Any, site: str, pk: int) -> None:
    with travel_everywhere(PUBLISHED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        _case_page(page, site, pk)
        form = page.locator('[data-money-form="close"]')
        form.locator('[name="note"]').fill("罚款已缴清，处罚决定已公示，执行完毕。")
        _submit(page, form, "结案")
        expect(page.locator("[data-closed]")).to_contain_text("2026年10月30日")
        expect(page.locator('[data-status="closed"]').first).to_have_text("已结案")
        expect(page.locator("[data-step-form]")).to_have_count(0)
        _shot(page, "case")
    assert PenaltyCase.objects.get(pk=pk).status == Status.CLOSED


def _supervise(browser: Any, site: str) -> None:
    """The supervision bureau sees both refused acts."""
    with travel_everywhere(PUBLISHED), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        assert _menu(page) == ["执法案件", "执法事项与裁量基准"]
        page.goto(f"{site}/supervision/anomalies/?kind=decided_before_defence")
        expect(page.locator("main")).to_contain_text(PARTY)
        _shot(page, "anomalies")
        page.goto(f"{site}/supervision/anomalies/?kind=officer_alone")
        expect(page.locator("main")).to_contain_text("未成案")
    with travel_everywhere(PUBLISHED), desktop_page(browser) as page:
        sign_in(page, site, "window")
        assert _menu(page) == []


def test_a_penalty_case_from_the_street_to_the_public_list(browser: Any, world: str) -> None:
    site = world
    pk = _record_on_site(browser, site)
    number = _register(browser, site, pk)
    _notify(browser, site, pk)
    _decide_too_early(browser, site, pk)
    _hearing(browser, site, pk)
    _review(browser, site, pk, number)
    decision_no = _decide(browser, site, pk)
    _pay(browser, site, pk, decision_no)
    _publish(browser, site, pk)
    _public(browser, site, decision_no)
    _close(browser, site, pk)
    _supervise(browser, site)
    kinds = set(Anomaly.objects.values_list("kind", flat=True))
    assert {"officer_alone", "decided_before_defence"} <= kinds

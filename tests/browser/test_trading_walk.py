"""A road tender of 市交通运输局 in a real browser, from registration to the
signed contract and the public page (招标投标法 and its 实施条例; OCDS 1.1).
The 2026 calendar, dates by hand (the start day is never counted; 中秋 Fri
25–Sun 27 Sep and 国庆 Thu 1–Wed 7 Oct off, Sat 10 Oct a make-up working day):

- Mon 24 Aug: zhaobiao (彭建华) registers the project; the centre (jiaoyi)
  accepts it from its desk; zhaobiao announces, documents issued that day.
  20 calendar days (art. 24) end on Sun 13 Sep: a deadline that day is
  refused (`trading_deadline_not_workday`), Mon 14 Sep 09:30 stands.
- Tue 1 / Wed 2 Sep: toubiao1 and toubiao2 submit on a phone; the centre's
  pages show two bids and neither name nor price; the stored rows hold
  ciphertext only.
- Tue 15 Sep, the deadline passed: two bids are fewer than three (实施条例
  art. 44) — no opening, 流标, re-tender. zhaobiao announces again with
  documents from 15 Sep: 20 days end on Mon 5 Oct (国庆), so 7 Oct is refused
  (a holiday) and Thu 8 Oct 09:30 stands.
- 16/17 Sep: three bids (toubiao3 is set up as a member of 张掖市交通建设工程有限公司).
- Fri 9 Oct: the centre opens, each bidder decrypts with the code the
  receipt showed once, the record is published; the committee of five
  experts is drawn — 曹建平 excluded as an employee of a bidder (潘立群 for
  his declared tie with 祁连建工); the five score; the ranking; zhaobiao
  publishes the candidates: the publicity runs to Mon 12 Oct (3 days, not
  moved), the award from Tue 13 Oct.
- Sat 10 Oct (a working day): toubiao2 objects; the answer is due 3 days
  later, Tue 13 Oct. Mon 12 Oct: zhaobiao answers.
- Tue 13 Oct: zhaobiao awards to the first candidate; the contract is due
  within 30 days, Thu 12 Nov (a working day). Tue 20 Oct: signed.
- The public portal page of the project lists its notices and links the
  OCDS record; /trading/ocds/records.json holds the ocid.

The walk's expert pool is narrowed in its setup to the five eligible road
experts (two others retired) so the committee — and the experts who sign in
to score — are known; the draw's randomness and replay are tested in
tests/trading."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pytest
from browsing import LOCAL_HOSTS, chromium, chromium_path, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.demo.trading import load_trading_world
from xiaoneng.org.models import Role, User
from xiaoneng.trading.common import ocid
from xiaoneng.trading.models import Bid, Expert, Member, Party, Project, Round

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

REGISTERED, BID1, BID2 = date(2026, 8, 24), date(2026, 9, 1), date(2026, 9, 2)
FAILED, REBID1, REBID2 = date(2026, 9, 15), date(2026, 9, 16), date(2026, 9, 17)
OPENED, OBJECTED, ANSWERED = date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12)
AWARDED, SIGNED = date(2026, 10, 13), date(2026, 10, 20)

SCREEN = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
TITLE = "G227线张掖城区过境段改建工程施工"
LUQIAO, QILIAN, JIAOJIAN = (
    "张掖市路桥建设有限责任公司",
    "甘肃祁连建工集团有限公司",
    "张掖市交通建设工程有限公司",
)
PRICES = {"toubiao1": "8350000", "toubiao2": "8420000", "toubiao3": "8510000"}
TOTALS = {LUQIAO: "88", QILIAN: "85", JIAOJIAN: "80"}
# the pool's road experts who sign in to score (zhuanjia1 is 许文博 in the demo)
EXPERT_ACCOUNTS = {
    "任晓东": "zhuanjia2",
    "范志华": "zhuanjia3",
    "邹国强": "zhuanjia4",
    "丁宏伟": "zhuanjia5",
}
RETIRED = ("严少华", "侯振东")


@pytest.fixture
def world(site: str) -> str:
    """The demo city's trading world; a third bidder's account and the
    experts' accounts linked; the pool narrowed to five eligible experts."""
    load_trading_world()
    bidder_role = Role.objects.get(code="bidder")
    third = User.objects.create_user("toubiao3", password=DEMO_PASSWORD, real_name="孟晓")
    third.roles.set([bidder_role])
    Party.objects.get(name=JIAOJIAN).members.add(third)
    expert_role = Role.objects.get(code="trading_expert")
    for name, username in EXPERT_ACCOUNTS.items():
        user = User.objects.create_user(username, password=DEMO_PASSWORD, real_name=name)
        user.roles.set([expert_role])
        Expert.objects.filter(name=name).update(user=user)
    Expert.objects.filter(name__in=RETIRED).update(active=False)
    return site


@pytest.fixture
def browser(world: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


@contextmanager
def signed_in(browser: Any, site: str, username: str, *, phone: bool = False) -> Iterator[Any]:
    """One person's window (1366×768, or a phone): nothing leaves the
    machine, no script fails, confirmations are accepted."""
    context = browser.new_context(
        viewport=PHONE if phone else SCREEN,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    hosts: set[str] = set()
    errors: list[str] = []
    page.on("request", lambda r: hosts.add(urlparse(r.url).hostname or ""))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: d.accept())
    try:
        sign_in(page, site, username)
        yield page
        assert hosts <= LOCAL_HOSTS, f"requests left the machine: {hosts - LOCAL_HOSTS}"
        assert not errors, errors
    finally:
        context.close()


def _shot(page: Any, name: str) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOTS / f"walk-trading-{name}.png"), full_page=True)


def _fits(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} overflows the phone: {width}px"


def _click(page: Any, target: Any) -> None:
    with page.expect_navigation():
        target.click()


def _messages(page: Any) -> Any:
    return page.locator(".xn-messages")


def _round(pk: int, number: int) -> Round:
    return Round.objects.get(project_id=pk, number=number)


def _register(browser: Any, site: str) -> int:
    """Mon 24 Aug: registered by the tenderer, accepted by the centre, announced."""
    with travel_everywhere(REGISTERED), signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/register/")
        page.select_option("#f-kind", "construction")
        page.fill("#f-title", TITLE)
        page.fill("#f-description", "改建公路 6.8 公里，二级公路标准，含桥涵 4 座。")
        page.select_option("#f-criteria", "comprehensive")
        page.select_option("#f-speciality", "road")
        page.fill("#f-estimate", "8600000")
        page.fill("#f-approval", "张发改审批〔2026〕88号")
        page.fill("#f-funding", "车购税补助和地方配套")
        page.fill("#f-location", "张掖市甘州区")
        _shot(page, "01-register")
        _click(page, page.get_by_role("button", name="提交进场登记"))
        pk = int(urlparse(page.url).path.strip("/").split("/")[-1])
        expect(page.locator(f'[data-project="{pk}"]')).to_contain_text("交通运输局")
    with travel_everywhere(REGISTERED), signed_in(browser, site, "jiaoyi") as page:
        page.goto(f"{site}/trading/centre/")
        _click(page, page.get_by_role("link", name=Project.objects.get(pk=pk).code).first)
        _shot(page, "02-centre-accept")
        _click(page, page.locator("[data-step=accept] button"))
        expect(_messages(page)).to_contain_text("已受理进场登记")
    with travel_everywhere(REGISTERED), signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/{pk}/")
        _announce(page, "2026-09-13T09:30", "2026-09-14T09:30", "第1次")
        expect(page.locator('[data-round="1"]')).to_contain_text("2026年9月14日")
        _shot(page, "03-announced")
    return pk


def _announce(page: Any, refused: str, deadline: str, which: str) -> None:
    """The announce form: a deadline on a day off refused, then the first working day."""
    form = page.locator("[data-step=announce]")
    for moment in (refused, deadline):
        form = page.locator("[data-step=announce]")
        form.locator("#s-deadline").fill(moment)
        form.locator("#s-ann").fill(f"{TITLE}（{which}招标）已具备招标条件，现公开招标。")
        form.locator("#s-docs").fill("招标范围、投标人资格要求、评标办法（综合评估法）和合同条款。")
        _click(page, form.get_by_role("button", name="发布"))
        if moment == refused:
            refused = '[data-error-code="trading_deadline_not_workday"]'
            expect(_messages(page).locator(refused)).to_have_count(1)
    expect(_messages(page)).to_contain_text("已发布招标公告和招标文件")


def _bid(browser: Any, site: str, username: str, round_id: int, *, phone: bool = False) -> str:
    """A bidder submits from the desk; the receipt shows the 解密码 once."""
    with signed_in(browser, site, username, phone=phone) as page:
        page.goto(f"{site}/trading/bids/")
        row = page.locator(f'[data-open-tenders] tr[data-round="{round_id}"]')
        expect(row).to_contain_text(TITLE)
        if phone:
            _fits(page)
            _shot(page, "04-bidder-desk-phone")
        _click(page, row.get_by_role("link", name="投标"))
        page.fill("#b-price", PRICES[username])
        page.fill("#b-period", "300")
        page.fill("#b-summary", "施工组织设计、项目班子和类似业绩详见投标文件。")
        if phone:
            _fits(page)
            _shot(page, "05-bid-form-phone")
        _click(page, page.get_by_role("button", name="加密并递交"))
        code = page.locator(".tb-code").inner_text().strip()
        assert code
        if phone:
            _shot(page, "06-bid-receipt-phone")
        page.reload()  # shown once
        expect(page.locator("[data-bid-code]")).to_have_count(0)
        return code


def _sealed_to_the_centre(browser: Any, site: str, pk: int, round_id: int) -> None:
    """Before the deadline the centre sees how many bids, not whose nor how much;
    the rows hold ciphertext only."""
    for bid in Bid.objects.filter(round_id=round_id):
        assert bid.price is None
        assert bid.summary == ""
        assert not any(p in bid.envelope for p in PRICES.values())
        assert "施工组织设计" not in bid.envelope
    with signed_in(browser, site, "jiaoyi") as page:
        page.goto(f"{site}/trading/{pk}/")
        expect(page.locator("[data-bids-count]")).to_have_text("2")
        text = page.locator("main").inner_text()
        for secret in (LUQIAO, QILIAN, *PRICES.values(), "8,350,000"):
            assert secret not in text
        _shot(page, "07-centre-sealed")
        _click(page, page.get_by_role("link", name="开标页面"))
        expect(page.locator("[data-count]")).to_have_text("2 份")
        expect(page.locator("[data-left]")).to_be_visible()
        text = page.locator("main").inner_text()
        for secret in (LUQIAO, QILIAN, *PRICES.values()):
            assert secret not in text


def _fail_and_retender(browser: Any, site: str, pk: int, round_id: int) -> None:
    with signed_in(browser, site, "jiaoyi") as page:
        page.goto(f"{site}/trading/bids/rounds/{round_id}/opening/")
        _click(page, page.locator("[data-start]"))
        expect(page.locator("[data-round-status]")).to_have_attribute("data-round-status", "failed")
        expect(page.locator("main")).to_contain_text("流标")
        _shot(page, "08-failed")
    with signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/{pk}/")
        expect(page.locator("[data-step=announce] h3")).to_contain_text("重新招标")
        _announce(page, "2026-10-07T09:30", "2026-10-08T09:30", "第2次")
        expect(page.locator('[data-round="2"]')).to_contain_text("2026年10月8日")
        _shot(page, "09-reannounced")


def _open(browser: Any, site: str, pk: int, round_id: int, codes: dict[str, str]) -> None:
    """Fri 9 Oct: opened; each bidder decrypts on the desk; the record."""
    with signed_in(browser, site, "jiaoyi") as centre:
        centre.goto(f"{site}/trading/bids/rounds/{round_id}/opening/")
        _click(centre, centre.locator("[data-start]"))
        expect(centre.locator("[data-decrypting]")).to_contain_text(JIAOJIAN)
        for username, code in codes.items():
            with signed_in(browser, site, username, phone=username == "toubiao1") as page:
                page.goto(f"{site}/trading/bids/")
                form = page.locator("[data-decrypt-form]")
                form.locator("input[name=code]").fill(code)
                _click(page, form.get_by_role("button", name="解密"))
                expect(_messages(page)).to_contain_text("投标文件已解密")
                shown = f"报价 {int(PRICES[username]):,}.00 元"  # as the page groups yuan
                expect(page.locator("[data-my-bids]")).to_contain_text(shown)
        centre.reload()
        _click(centre, centre.locator("[data-close]"))
        expect(centre.locator("main")).to_contain_text(LUQIAO)
        _shot(centre, "10-opening-record")


def _committee(browser: Any, site: str, pk: int, round_id: int) -> list[str]:
    with signed_in(browser, site, "jiaoyi") as page:
        page.goto(f"{site}/trading/{pk}/")
        _click(page, page.get_by_role("link", name="评标委员会"))
        page.fill("#c-size", "5")
        page.fill("#c-experts", "5")
        _click(page, page.get_by_role("button", name="组建"))
        expect(_messages(page)).to_contain_text("评标委员会已组建")
        _click(page, page.locator("[data-draw]"))
        expect(_messages(page)).to_contain_text("已随机抽取评标专家")
        expect(page.locator('[data-excluded="bidder_employee"]')).to_contain_text("曹建平")
        expect(page.locator('[data-excluded="declared_tie"]')).to_contain_text("潘立群")
        expect(page.locator('[data-replay="match"]')).to_be_visible()
        _shot(page, "11-committee-draw")
    seated = Member.objects.filter(committee__round_id=round_id, declined_at__isnull=True)
    names = sorted(m.expert.name for m in seated if m.expert)
    assert names == sorted(["许文博", *EXPERT_ACCOUNTS])
    return names


def _score(browser: Any, site: str, round_id: int, names: list[str]) -> None:
    for name in names:
        username = EXPERT_ACCOUNTS.get(name, "zhuanjia1")
        phone = username == "zhuanjia1"
        with signed_in(browser, site, username, phone=phone) as page:
            page.goto(f"{site}/trading/evaluation/")
            if phone:
                _fits(page)
                _shot(page, "12-expert-desk-phone")
            _click(page, page.get_by_role("link", name="评分"))
            for bidder, total in TOTALS.items():
                page.get_by_label(f"{bidder} 得分").fill(total)
                page.get_by_label(f"{bidder} 评审意见").fill("响应招标文件实质性要求。")
            if phone:
                _fits(page)
                _shot(page, "13-expert-score-phone")
            _click(page, page.get_by_role("button", name="提交评分"))
            expect(page.locator("[data-own-total]").first).to_contain_text("88")
            if username == "zhuanjia2":
                _shot(page, "14-expert-scored")
    with signed_in(browser, site, "jiaoyi") as page:
        page.goto(f"{site}/trading/evaluation/rounds/{round_id}/committee/")
        _click(page, page.locator("[data-finish]"))
        expect(page.locator("[data-ranking] tbody tr").first).to_contain_text(LUQIAO)
        _shot(page, "15-ranking")


def _publish(browser: Any, site: str, pk: int) -> None:
    with signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/{pk}/")
        _click(page, page.locator("[data-publish-candidates]"))
        expect(page.locator("[data-publicity-ends]")).to_have_text("2026年10月12日")
        expect(page.locator("[data-award-earliest]")).to_have_text("2026年10月13日")
        page.locator("#awards").scroll_into_view_if_needed()
        _shot(page, "16-candidates")


def _object(browser: Any, site: str) -> None:
    """Sat 10 Oct, a make-up working day: toubiao2 objects from its desk."""
    with travel_everywhere(OBJECTED), signed_in(browser, site, "toubiao2", phone=True) as page:
        page.goto(f"{site}/trading/bids/")
        _click(page, page.get_by_role("link", name="提出异议").first)
        page.fill("#o-text", "第一中标候选人类似工程业绩证明材料不全，请复核。")
        _fits(page)
        _shot(page, "17-objection-phone")
        _click(page, page.get_by_role("button", name="提交"))
        expect(_messages(page)).to_contain_text("招标人应于2026年10月13日前答复")
    with travel_everywhere(ANSWERED), signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/awards/objections/")
        row = page.locator("[data-objections] tbody tr").first
        expect(row).to_contain_text("2026年10月13日")
        row.locator("textarea[name=reply]").fill("经复核，业绩证明材料齐全，异议不成立。")
        row.locator("select[name=upheld]").select_option("0")
        _shot(page, "18-objection-answer")
        _click(page, row.get_by_role("button", name="答复"))
        expect(page.locator("[data-objections]")).to_contain_text("暂无待答复")


def _award_and_contract(browser: Any, site: str, pk: int) -> None:
    with travel_everywhere(AWARDED), signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/{pk}/")
        _click(page, page.locator("[data-award-link]"))
        _shot(page, "19-award")
        _click(page, page.get_by_role("button", name="定标并发布中标结果公告"))
        expect(page.locator("[data-winner]")).to_have_text(LUQIAO)
        expect(page.locator("[data-contract-due]")).to_contain_text("2026年11月12日")
    with travel_everywhere(SIGNED), signed_in(browser, site, "zhaobiao") as page:
        page.goto(f"{site}/trading/{pk}/")
        _click(page, page.get_by_role("link", name="登记合同"))
        page.fill("#c-no", "ZYJT-2026-HT-031")
        page.fill("#c-signed", "2026-10-20")
        page.fill("#c-start", "2026-10-26")
        page.fill("#c-end", "2027-08-21")
        _shot(page, "20-contract")
        _click(page, page.get_by_role("button", name="登记并公开合同"))
        expect(page.locator("[data-signed-on]")).to_have_text("2026年10月20日")
        page.locator("#awards").scroll_into_view_if_needed()
        _shot(page, "21-project-signed")


def _public(browser: Any, site: str, pk: int) -> None:
    project = Project.objects.get(pk=pk)
    context = browser.new_context(viewport=SCREEN, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        page = context.new_page()
        page.goto(f"{site}/trading/public/")
        _click(page, page.get_by_role("link", name=TITLE).first)
        expect(page.locator("[data-timeline]")).to_contain_text("中标")
        link = page.locator("[data-ocds-record]")
        expect(link).to_contain_text(ocid(project))
        _shot(page, "22-public")
        records = json.loads(page.request.get(f"{site}/trading/ocds/records.json").text())
        assert ocid(project) in {r["ocid"] for r in records["records"]}
    finally:
        context.close()


def test_a_road_tender_from_registration_to_contract(browser: Any, world: str) -> None:
    site = world
    pk = _register(browser, site)
    first = _round(pk, 1).pk
    with travel_everywhere(BID1):
        codes = {"toubiao1": _bid(browser, site, "toubiao1", first, phone=True)}
    with travel_everywhere(BID2):
        codes["toubiao2"] = _bid(browser, site, "toubiao2", first)
        _sealed_to_the_centre(browser, site, pk, first)
    with travel_everywhere(FAILED):
        _fail_and_retender(browser, site, pk, first)
    second = _round(pk, 2).pk
    with travel_everywhere(REBID1):
        codes = {u: _bid(browser, site, u, second) for u in ("toubiao1", "toubiao2")}
    with travel_everywhere(REBID2):
        codes["toubiao3"] = _bid(browser, site, "toubiao3", second)
    with travel_everywhere(OPENED):
        _open(browser, site, pk, second, codes)
        names = _committee(browser, site, pk, second)
        _score(browser, site, second, names)
        _publish(browser, site, pk)
    _object(browser, site)
    _award_and_contract(browser, site, pk)
    _public(browser, site, pk)

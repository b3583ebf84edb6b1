"""A major decision of 市工商局 in a real browser (seed art. 7; 2026
calendar, dates by hand):

- Mon 3 Aug: the 局长 (`depthead`) registers 城区个体工商户经营场所登记
  改革方案. The page offers only the first gate's form (later gates say
  待完成前序环节); a risk assessment posted all the same (a crafted POST
  from the page) is refused there with `decision_step_out_of_order`, naming
  公众参与、专家论证. He publishes the draft for comment until Wed 2 Sep
  (30 days, the opening day not counted).
- Wed 5 Aug: a citizen, signed out, sends a comment from the public page
  (name and phone given, never shown).
- Thu 3 Sep: the period over, the 局长 publishes how comments were used,
  records an expert's signed opinion, a controllable risk, and submits
  the draft for legality review (due Mon 14 Sep, 7 working days).
- Fri 4 Sep: the legal office (`fazhi`) fails it; the 局长 revises the
  draft and submits again; Mon 7 Sep the legal office passes round 2.
- Tue 8 Sep: the government office (`zhengfuban`) records the executive
  meeting, the mayor speaking last; the 局长 publishes the decision; the
  public page shows it with how comments were used and no personal data.
- The supervision bureau (`supervisor`) sees the refused step on the
  anomalies desk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from browsing import chromium, chromium_path, desktop_page, expect, sign_in
from screenshot_dir import SCREENSHOTS

from xiaoneng.core.timesource import travel_everywhere
from xiaoneng.decisions.models import Decision, LegalityReview
from xiaoneng.supervision.models import Anomaly

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

if chromium_path() is None:
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

OPENED, COMMENTED, CLOSED = date(2026, 8, 3), date(2026, 8, 5), date(2026, 9, 3)
FAILED, PASSED, MET = date(2026, 9, 4), date(2026, 9, 7), date(2026, 9, 8)
TITLE = "城区个体工商户经营场所登记改革方案"


@pytest.fixture
def browser(site: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    with chromium(monkeypatch) as launched:
        yield launched


def _shot(page: Any, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"walk-decision-{name}.png"), full_page=True)


def _step(page: Any, name: str, fields: dict[str, str], button: str) -> None:
    form = page.locator(f'[data-step-form="{name}"]')
    for field, value in fields.items():
        target = form.locator(f'[name="{field}"]')
        if target.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        elif target.get_attribute("type") == "checkbox":
            target.check()
        else:
            target.fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()


def _post_anyway(page: Any, action: str, fields: dict[str, str]) -> None:
    """A step the page does not offer, posted all the same (with the page's
    CSRF token), as a hand-made request would."""
    with page.expect_navigation():
        page.evaluate(
            """([action, fields]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
                const all = {...fields, csrfmiddlewaretoken: token};
                for (const [name, value] of Object.entries(all)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [action, fields],
        )


def _register(page: Any, site: str) -> int:
    page.goto(f"{site}/decisions/")
    with page.expect_navigation():
        page.get_by_role("link", name="登记决策").click()
    page.fill("#r-title", TITLE)
    page.select_option("#r-category", "reform")
    page.fill("#r-basis", "《个体工商户条例》第八条")
    page.fill("#r-draft", "一、个体工商户可以住所作为经营场所登记……")
    page.fill("#r-expl", "为降低创业门槛……")
    with page.expect_navigation():
        page.get_by_role("button", name="登记").click()
    expect(page.locator('[data-gate="consultation"][data-state="next"]')).to_be_visible()
    return Decision.objects.get(title=TITLE).pk


def test_a_decision_through_its_five_gates(browser: Any, site: str) -> None:
    # 1. Registered; a step out of order refused on the page; the draft published.
    with travel_everywhere(OPENED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        pk = _register(page, site)
        expect(page.locator('[data-step-form="risk"]')).to_have_count(0)
        expect(page.locator('[data-gate="risk"] [data-waiting]')).to_contain_text("待完成前序环节")
        _post_anyway(
            page,
            f"/decisions/{pk}/risk/",
            {"level": "low", "controllable": "1", "report": "可控"},
        )
        alert = page.locator(".xn-messages")
        # The code is for support staff, on the alert, not in its words.
        expect(alert.locator('[data-error-code="decision_step_out_of_order"]')).to_have_count(1)
        expect(alert).not_to_contain_text("decision_step_out_of_order")
        expect(alert).to_contain_text("请先完成公众参与、专家论证")
        _shot(page, "refused")
        _step(page, "publish_draft", {"closes_on": "2026-09-02"}, "公布征求意见稿")
        expect(page.locator(".xn-messages")).to_contain_text("征求意见稿已公布")
    assert Anomaly.objects.filter(subject_kind="decision", subject_ref=pk).count() == 1

    # 2. A citizen comments from the public page.
    with travel_everywhere(COMMENTED), desktop_page(browser) as page:
        page.goto(f"{site}/decisions/public/consultations/")
        with page.expect_navigation():
            page.get_by_role("link", name="查看并提出意见").click()
        page.fill("#p-content", "建议允许网店以住所登记。")
        page.fill("#p-name", "李秀英")
        page.fill("#p-contact", "13912345678")
        with page.expect_navigation():
            page.get_by_role("button", name="提交意见").click()
        expect(page.locator("[data-submitted]")).to_be_visible()
        assert "13912345678" not in page.content()
        _shot(page, "comment")

    # 3. The adoption, an expert, the risk, and the draft to the legal office.
    with travel_everywhere(CLOSED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/decisions/{pk}/")
        expect(page.locator("[data-comments]")).to_contain_text("建议允许网店以住所登记")
        _step(
            page,
            "adoption",
            {"adoption": "采纳网店以住所登记的建议。"},
            "结束征求意见并公布采纳情况",
        )
        _step(
            page,
            "opinion",
            {"expert": "赵明", "affiliation": "兰州大学法学院 教授", "opinion": "方案可行"},
            "登记专家意见",
        )
        _step(
            page,
            "risk",
            {"level": "low", "controllable": "1", "report": "风险可控"},
            "登记风险评估",
        )
        _step(page, "submit_review", {}, "送请合法性审查")
        expect(page.locator('[data-gate="legality"][data-state="next"]')).to_be_visible()
        _shot(page, "submitted")
    assert LegalityReview.objects.get().due_on == date(2026, 9, 14)

    # 4. Failed, revised, passed.
    with travel_everywhere(FAILED), desktop_page(browser) as page:
        sign_in(page, site, "fazhi")
        page.goto(f"{site}/decisions/reviews/")
        expect(page.locator("[data-reviews]")).to_contain_text("2026年9月14日")
        _shot(page, "review-desk")
        page.fill("[data-review-form] textarea", "第一条缺少住所使用证明的要求")
        with page.expect_navigation():
            page.get_by_role("button", name="审查未通过").click()
        expect(page.locator("[data-reviews]")).to_contain_text("审查未通过")
    with travel_everywhere(FAILED), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/decisions/{pk}/")
        page.get_by_text("修改草案").click()
        _step(page, "revise", {"draft": "一、个体工商户凭住所使用证明可以住所登记……"}, "保存修改稿")
        _step(page, "submit_review", {}, "送请合法性审查")
        expect(page.locator('[data-round="2"]')).to_be_visible()
    with travel_everywhere(PASSED), desktop_page(browser) as page:
        sign_in(page, site, "fazhi")
        page.goto(f"{site}/decisions/reviews/")
        page.fill("[data-review-form] textarea", "合法")
        with page.expect_navigation():
            page.get_by_role("button", name="审查通过").click()
        expect(page.locator("[data-reviews]")).to_contain_text("审查通过")

    # 5. The executive meeting decides; the decision published.
    with travel_everywhere(MET), desktop_page(browser) as page:
        sign_in(page, site, "zhengfuban")
        page.goto(f"{site}/decisions/{pk}/")
        speeches = "刘卫东：同意\n李建国：建议加强事中事后监管\n陈志远：同意，按程序公布实施"
        _step(
            page,
            "meeting",
            {
                "session": "市政府第15次常务会议",
                "attendees": "陈志远、刘卫东、李建国",
                "speeches": speeches,
                "head": "陈志远",
                "dissent": "无",
                "outcome": "adopted",
            },
            "登记集体讨论决定",
        )
        expect(page.locator("[data-meeting]")).to_contain_text("行政首长，最后发言")
        _shot(page, "meeting")
    with travel_everywhere(MET), desktop_page(browser) as page:
        sign_in(page, site, "depthead")
        page.goto(f"{site}/decisions/{pk}/")
        _step(
            page,
            "publish",
            {
                "text_published": "决定：个体工商户凭住所使用证明可以住所登记。",
                "explanation": "解读：……",
            },
            "公布决策",
        )
        expect(page.locator("[data-published]")).to_be_visible()
        _shot(page, "published")
    with travel_everywhere(MET), desktop_page(browser) as page:
        page.goto(f"{site}/decisions/public/{pk}/")
        expect(page.locator("[data-adoption]")).to_contain_text("采纳网店以住所登记的建议")
        text = page.inner_text("main")
        assert "李秀英" not in text
        assert "13912345678" not in text
        _shot(page, "public")

    # 6. The refused step on the supervision desk.
    with travel_everywhere(MET), desktop_page(browser) as page:
        sign_in(page, site, "supervisor")
        page.goto(f"{site}/supervision/anomalies/?kind=decision_out_of_order")
        expect(page.locator("main")).to_contain_text(TITLE)
        _shot(page, "anomalies")

"""The UI kit's pieces on their own: pagination, the light presenter, form
tokens, the outcome of a POSTed action, and the pure text helpers."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import Http404, HttpRequest
from django.template.loader import render_to_string
from django.test import RequestFactory

from xiaoneng.core.clock import AlertLevel
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.core.text import cn_date, new_query_code, query_digest, require_text
from xiaoneng.web.forms import (
    current_form_token,
    form_token_valid,
    issue_form_token,
    spend_form_token,
)
from xiaoneng.web.lights import PAUSED_NOTE, light_text, light_words, lit, unlit
from xiaoneng.web.outcome import flash_outcome, post_action
from xiaoneng.web.paging import paginate

FORM = "application/x-www-form-urlencoded"


def _request(method: str = "get", data: dict[str, Any] | None = None) -> HttpRequest:
    factory = RequestFactory()
    if method == "post":  # urlencoded: the multipart parser's upload limits live in the database
        form = urlencode(data or {})
        request: HttpRequest = factory.post("/desk/", form, content_type=FORM)
    else:
        request = factory.get("/desk/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _messages(request: HttpRequest) -> list[str]:
    return [str(m) for m in get_messages(request)]


# --- pagination ---------------------------------------------------------------


def test_paginate_keeps_the_other_parameters_and_counts_the_rows() -> None:
    pages = paginate(_request(data={"q": "营业", "page": "2"}), list(range(25)))
    assert list(pages["page_obj"].object_list) == list(range(10, 20))
    assert pages["page_query"] == "q=%E8%90%A5%E4%B8%9A"
    assert pages["total"] == 25
    assert list(pages["page_range"]) == [1, 2, 3]


def test_paginate_answers_a_bad_page_number_with_a_page() -> None:
    assert paginate(_request(data={"page": "x"}), list(range(5)))["page_obj"].number == 1
    assert paginate(_request(data={"page": "99"}), list(range(25)))["page_obj"].number == 3


@pytest.mark.parametrize(
    ("template", "previous"),
    [("kit/pagination.html", "‹"), ("kit/pagination_public.html", "上一页")],
)
def test_both_partials_render_from_the_same_context(template: str, previous: str) -> None:
    html = render_to_string(template, paginate(_request(data={"page": "2"}), list(range(25))))
    assert previous in html
    assert "page=3" in html
    assert 'aria-current="page">2<' in html


# --- lights -------------------------------------------------------------------


def test_a_lit_light_has_its_word_colour_and_days() -> None:
    light = lit(AlertLevel.WARNING, 1, due=date(2026, 12, 7))
    assert (light.level, light.label, light.css, light.text) == (
        "warning",
        "黄灯",
        "xn-tag-warning",
        "剩余 1 个工作日",
    )
    assert lit(AlertLevel.OVERDUE, -2).text == "超期 2 个工作日"
    assert lit(AlertLevel.OVERDUE, 0).text == "已超期"
    assert lit(AlertLevel.NORMAL, 0, note=PAUSED_NOTE).text == "今日到期（计时中止）"


def test_an_unlit_row_says_only_its_state() -> None:
    light = unlit("按期办结")
    assert (light.level, light.label, light.css, light.remaining) == (
        "none",
        "",
        "xn-tag-info",
        None,
    )
    assert light_words("none") == ("", "xn-tag-info")
    assert light_text("normal", 3) == "剩余 3 个工作日"


# --- form tokens --------------------------------------------------------------


def test_a_form_token_lets_one_submission_through() -> None:
    request = _request()
    token = issue_form_token(request, "t")
    posted = _request("post", {"form_token": token})
    posted.session = request.session
    assert form_token_valid(posted, "t")
    assert current_form_token(posted, "t") == token
    spend_form_token(posted, "t")
    assert not form_token_valid(posted, "t")


def test_the_session_keeps_the_last_twenty_tokens() -> None:
    request = _request()
    tokens = [issue_form_token(request, "t") for _ in range(25)]
    assert request.session["t"] == tokens[-20:]


# --- outcome of an action -----------------------------------------------------


def _refuse() -> None:
    raise DomainError("不能这样做", code="not_allowed")


def test_a_refused_action_flashes_the_rule_and_keeps_its_code_out_of_the_text() -> None:
    request = _request("post")
    assert flash_outcome(request, _refuse, "完成") is False
    assert _messages(request) == ["不能这样做"]
    (message,) = list(get_messages(request))
    assert message.extra_tags == "not_allowed"  # the shell's data-error-code


def test_post_action_reports_the_result_and_redirects() -> None:
    request = _request("post")
    response = post_action(request, lambda: 3, lambda n: f"完成 {n} 项", to="/desk/done/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/done/"
    assert _messages(request) == ["完成 3 项"]


def test_post_action_follows_a_safe_next_only() -> None:
    safe = _request("post", {"next": "/desk/?page=2"})
    assert post_action(safe, lambda: None, "好", to="/x/", follow_next=True)["Location"] == (
        "/desk/?page=2"
    )
    unsafe = _request("post", {"next": "https://evil.example/"})
    assert post_action(unsafe, lambda: None, "好", to="/x/", follow_next=True)["Location"] == "/x/"


def test_missing_is_404_turns_not_found_into_the_page_404() -> None:
    def missing() -> None:
        raise NotFound("没有", code="gone")

    with pytest.raises(Http404):
        flash_outcome(_request("post"), missing, "好", missing_is_404=True)
    request = _request("post")
    assert not flash_outcome(request, missing, "好", show_code=False)
    assert _messages(request) == ["没有"]


# --- text ---------------------------------------------------------------------


def test_text_helpers() -> None:
    assert cn_date(date(2026, 3, 5)) == "2026年3月5日"
    assert require_text("  说明 ", code="c", message="m") == "说明"
    assert require_text("abcdef", code="c", message="m", limit=3) == "abc"
    with pytest.raises(InvalidInput) as refused:
        require_text("  ", code="reason_required", message="请填写理由")
    assert (refused.value.code, refused.value.status) == ("reason_required", 400)
    with pytest.raises(DomainError) as rule:
        require_text(None, code="c", message="m", error=DomainError)
    assert rule.value.status == 422


def test_query_codes_are_readable_and_digested_as_typed() -> None:
    code = new_query_code()
    assert len(code) == 10
    assert not set(code) & set("0O1lI")
    assert query_digest(f" {code} ") == query_digest(code)


def test_audit_event_labels_are_the_apps_declared_meanings() -> None:
    """The trail's labels read the registered vocabularies, so an event
    type any app declares is shown in words, and an unknown one as 其他操作, never as its code."""
    from xiaoneng.cases.vocabulary import EVENTS as CASE_EVENTS
    from xiaoneng.web.templatetags.xn import event_label

    assert event_label("case.accepted") == CASE_EVENTS["case.accepted"] == "受理"
    assert event_label("accounts.forced_logout") == "强制退出"
    assert event_label("nobody.declared_this") == "其他操作"  # never the code

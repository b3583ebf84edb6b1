"""Batch work on a list (web.batch): every ticked row through the action, a
refused row named in the summary while the others go through."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from xiaoneng.core.errors import DomainError
from xiaoneng.web.batch import BATCH_MAX, flash_batch, run_each, selected_ids, summary


def _request(ids: list[str]) -> HttpRequest:
    body = urlencode([("id", i) for i in ids])
    request = RequestFactory().post("/x/", body, content_type="application/x-www-form-urlencoded")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _refuse_odd(pk: int) -> None:
    if pk % 2:
        raise DomainError("该异常当前为“已说明”，不能执行此操作", code="anomaly_not_open")


def test_ids_are_numbers_each_once_and_capped() -> None:
    assert selected_ids(_request(["3", "x", "3", " 4", "-1"])) == [3, 4]
    assert len(selected_ids(_request([str(i) for i in range(500)]))) == BATCH_MAX


def test_refused_rows_are_counted_and_named_and_the_rest_goes_through() -> None:
    result = run_each([1, 2, 3, 4], _refuse_odd)
    assert result.done == [2, 4]
    assert [pk for pk, _, _ in result.refused] == [1, 3]
    text = summary(result, done="已提交情况说明")
    assert text == "已提交情况说明 2 项；2 项未办理：该异常当前为“已说明”，不能执行此操作（2 项）"
    assert "anomaly_not_open" not in text


def test_the_message_level_says_how_the_batch_went() -> None:
    levels = {}
    for name, ids in {"all": [2, 4], "some": [1, 2], "none": [1], "empty": []}.items():
        request = _request([])
        flash_batch(request, run_each(ids, _refuse_odd), done="已办结")
        (message,) = list(get_messages(request))
        levels[name] = message.level_tag
    assert levels == {"all": "success", "some": "warning", "none": "error", "empty": "error"}

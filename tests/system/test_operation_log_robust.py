"""The operation log is written whatever happens to the request, and writing
it never fails the request (issue 18, item 12); bad input that only the
database notices is a 4xx on the web pages too (item 19).

The views that fail on purpose live in this module's own URLconf, in front
of the product's (whose names the error pages link to)."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import pytest
from django.db import DataError, IntegrityError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from xiaoneng.config.urls import urlpatterns as product_urls
from xiaoneng.system import middleware
from xiaoneng.system.middleware import input_out_of_range
from xiaoneng.system.models import OperationLog

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


@csrf_exempt
def fine(request: HttpRequest) -> HttpResponse:
    return HttpResponse("好")


@csrf_exempt
def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


def _raises(exc: Exception) -> Any:
    @csrf_exempt
    def view(request: HttpRequest) -> HttpResponse:
        raise exc

    return view


def _mismatch() -> IntegrityError:
    """What Django raises when SQLite gets OFFSET 1e30."""
    try:
        sqlite3.connect(":memory:").execute("select 1 limit 1e30").fetchall()
    except sqlite3.IntegrityError as cause:
        exc = IntegrityError("datatype mismatch")
        exc.__cause__ = cause
        return exc
    raise AssertionError("SQLite took a float LIMIT")


urlpatterns = [
    path("t/fine/", fine),
    path("t/broken/", broken),
    path(
        "t/overflow/", _raises(OverflowError("Python int too large to convert to SQLite INTEGER"))
    ),
    path("t/data/", _raises(DataError("integer out of range"))),
    path("t/mismatch/", _raises(_mismatch())),
    path("t/unique/", _raises(IntegrityError("UNIQUE constraint failed"))),
    *product_urls,
]


@pytest.fixture
def client_(client: Client, demo_city: None) -> Client:
    client.raise_request_exception = False
    return client


def _row(url: str) -> OperationLog:
    return OperationLog.objects.get(url=url)


def test_a_failing_log_write_does_not_fail_the_request(
    client_: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def fail(**fields: Any) -> None:
        raise RuntimeError("log table gone")

    monkeypatch.setattr(middleware, "record_operation", fail)
    with caplog.at_level(logging.ERROR, logger="xiaoneng.system.middleware"):
        response = client_.post("/t/fine/", {"a": "1"})
    assert (response.status_code, response.content.decode()) == (200, "好")
    assert "operation log not written" in caplog.text


def test_a_failing_log_write_leaves_the_transaction_usable(
    client_: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write has its own savepoint: the original failure (a lone
    surrogate the driver cannot encode) must not poison the transaction the
    request runs in (here the test's; with ATOMIC_REQUESTS, the request's)."""

    def unencodable(**fields: Any) -> None:
        OperationLog.objects.create(**{**fields, "params": "\ud800"})

    monkeypatch.setattr(middleware, "record_operation", unencodable)
    assert client_.post("/t/fine/").status_code == 200
    assert OperationLog.objects.count() == 0  # would raise TransactionManagementError


def test_the_row_is_written_when_the_view_fails(client_: Client) -> None:
    response = client_.post("/t/broken/", {"a": "1"})
    assert response.status_code == 500
    row = _row("/t/broken/")
    assert (row.status_code, row.success) == (500, False)
    assert row.params == '{"a": ["1"]}'


def test_what_is_stored_is_cleaned_and_cut_to_size(
    client_: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(middleware, "_read", lambda request: ("a\ud800b\x00c", None))
    long_query = "q=" + "长" * 600
    assert client_.post(f"/t/fine/?{long_query}").status_code == 200
    row = OperationLog.objects.get()
    assert row.params == "a\ufffdb\ufffdc"
    assert row.url.startswith("/t/fine/?q=")
    assert len(row.url) == 500


def test_secrets_are_masked_at_any_depth_and_deep_bodies_are_cut(client_: Client) -> None:
    deep: Any = "底"
    for _ in range(900):  # json.dumps of this, 900 levels down, ran out of stack
        deep = [deep]
    body = {
        "user": {"name": "李静", "password": "hunter22"},
        "items": list(range(500)),
        "deep": deep,
    }
    response = client_.post("/t/fine/", body, content_type="application/json")
    assert response.status_code == 200
    row = _row("/t/fine/")
    assert "hunter22" not in row.params
    assert '"password": "******"' in row.params
    assert "李静" in row.params
    assert "<…>" in row.params
    assert "499" not in row.params  # a list keeps its first 100 items


@pytest.mark.parametrize("url", ["/t/overflow/", "/t/data/", "/t/mismatch/"])
def test_out_of_range_input_on_a_web_page_is_400(client_: Client, url: str) -> None:
    response = client_.post(url, {"page": str(10**30)})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
    assert _row(url).status_code == 400
    assert client_.get(url).status_code == 400


def test_out_of_range_input_sent_as_json_is_answered_in_json(client_: Client) -> None:
    response = client_.post("/t/overflow/", {"n": 10**30}, content_type="application/json")
    assert response.status_code == 422
    assert response.json() == {
        "code": "value_out_of_range",
        "message": "请求中的数值、日期或文字超出允许范围",
        "detail": None,
    }


def test_other_errors_stay_server_errors(client_: Client) -> None:
    assert client_.post("/t/unique/").status_code == 500
    assert not input_out_of_range(RuntimeError())
    assert not input_out_of_range(IntegrityError("UNIQUE constraint failed"))

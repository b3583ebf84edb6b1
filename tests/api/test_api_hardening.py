"""Bad input is a 4xx with the error shape before anything commits, and the
error handlers themselves cannot fail (issue 18, items 12 and 19)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from django.db import DataError, IntegrityError
from django.test import Client, RequestFactory
from ninja.errors import HttpError, ValidationError

from xiaoneng.accounts import actions as account_actions
from xiaoneng.accounts.models import ApiToken
from xiaoneng.api.errors import validation_detail
from xiaoneng.api.main import api as ninja_api
from xiaoneng.audit.models import AuditEvent
from xiaoneng.cases import actions as case_actions
from xiaoneng.cases.models import Case
from xiaoneng.catalog.models import ApprovalItem
from xiaoneng.core.errors import Conflict
from xiaoneng.demo.projects import load_demo_projects
from xiaoneng.org.models import User
from xiaoneng.projects.models import ProjectDossier
from xiaoneng.system.models import OperationLog

pytestmark = pytest.mark.django_db

SHAPE = {"code", "message", "detail"}
HUGE = 10**30  # past any database integer


@pytest.fixture
def received(users: dict[str, User], promise_item: ApprovalItem) -> Case:
    case, _ = case_actions.submit_application(
        actor=users["window"], item_code=promise_item.code, applicant_name="祁连绿源有限公司"
    )
    return case


def _post(client: Client, path: str, body: bytes, content_type: str = "application/json") -> Any:
    """Raw bytes, as a client that sends broken text would (the test client
    passes bytes through unencoded)."""
    return client.post(f"/api/v1{path}", body, content_type=content_type)


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    payload: dict[str, Any] = json.loads(response.content)
    assert set(payload) == SHAPE
    assert payload["code"] == code, payload
    return payload


def _unchanged(case: Case, audit_events: int) -> None:
    fresh = Case.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.accepted_on) == (
        case.status,
        case.version,
        case.accepted_on,
    )
    assert AuditEvent.objects.count() == audit_events


# --- item 12: text no database can store is refused at the door -----------------------


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        # A lone surrogate in a field the step ignores: the step used to
        # commit, then the operation log failed to store it (HTML 500, no row).
        (b'{"note": "\\ud800"}', ["note"]),
        (b'{"version": 1, "note": "ab\\udfffcd"}', ["note"]),
        (b'{"\\udc00": 1}', ["\ufffd"]),  # in a key
        (b'{"note": ["ok", {"deep": "\\ud800"}]}', ["note[1].deep"]),
        (b'{"note": "a\\u0000b"}', ["note"]),  # NUL: PostgreSQL stores none in text
        (b'{"note": "\xed\xa0\x80"}', None),  # the surrogate UTF-8-encoded: not UTF-8
        (b'{"note": "\xff"}', None),  # not UTF-8 at all
    ],
)
def test_unstorable_text_is_refused_before_the_step_commits(
    login: Any, received: Case, body: bytes, fields: list[str] | None
) -> None:
    client = login("window")
    audit_events = AuditEvent.objects.count()
    response = _post(client, f"/cases/{received.pk}/accept", body)
    payload = _error(response, 400, "invalid_encoding")
    assert payload["detail"] == ({"fields": fields} if fields else None)
    _unchanged(received, audit_events)
    # The operation log has the refusal, with who and what.
    row = OperationLog.objects.get(url=f"/api/v1/cases/{received.pk}/accept")
    assert (row.status_code, row.success) == (400, False)
    assert "invalid_encoding" in row.error
    assert row.operator_name == User.objects.get(username="window").display_name
    assert "\ud800" not in row.params


def test_an_operation_without_a_body_is_not_run_on_a_refused_one(
    login: Any, users: dict[str, User]
) -> None:
    """Revoking a token reads no body, so only the door stops a broken one:
    otherwise the token would be revoked and the client told it failed."""
    token, _ = account_actions.create_api_token(actor=users["window"], name="对接")
    client = login("window")
    response = client.delete(
        f"/api/v1/tokens/{token.pk}", b'{"note": "\\ud800"}', content_type="application/json"
    )
    _error(response, 400, "invalid_encoding")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    row = OperationLog.objects.get(url=f"/api/v1/tokens/{token.pk}")
    assert (row.method, row.status_code) == ("DELETE", 400)


def test_the_same_step_with_clean_text_commits_and_is_logged(login: Any, received: Case) -> None:
    """The refusal above is about the text: a surrogate pair (an emoji) is
    one character and fine, and the step goes through."""
    client = login("window")
    response = _post(client, f"/cases/{received.pk}/accept", b'{"note": "\\ud83d\\ude00"}')
    assert response.status_code == 200, response.content
    assert Case.objects.get(pk=received.pk).status != received.status
    row = OperationLog.objects.get(url=f"/api/v1/cases/{received.pk}/accept")
    assert (row.status_code, row.success) == (200, True)
    assert "😀" in row.params


def test_malformed_json_is_refused_before_the_step_commits(login: Any, received: Case) -> None:
    client = login("window")
    audit_events = AuditEvent.objects.count()
    for body in (b'{"note": ', b"[" * 100_000, b"\x00"):
        _error(_post(client, f"/cases/{received.pk}/accept", body), 400, "invalid_json")
    _unchanged(received, audit_events)
    assert OperationLog.objects.filter(status_code=400).count() == 3


def test_a_body_sent_as_text_plain_meets_the_same_rule(login: Any, received: Case) -> None:
    """ninja reads a JSON body whatever its content type; its parser refuses
    what the door refuses, with the same code."""
    client = login("window")
    audit_events = AuditEvent.objects.count()
    response = _post(client, f"/cases/{received.pk}/refuse", b'{"reason": "\\ud800"}', "text/plain")
    payload = _error(response, 400, "invalid_encoding")
    assert payload["detail"] == {"fields": ["reason"]}
    response = _post(client, f"/cases/{received.pk}/refuse", b'{"reason": ', "text/plain")
    _error(response, 400, "invalid_json")
    _unchanged(received, audit_events)


def test_nul_in_a_query_is_refused(login: Any, received: Case) -> None:
    client = login("window")
    payload = _error(client.get("/api/v1/cases", {"status": "a\x00"}), 400, "invalid_encoding")
    assert payload["detail"] == {"fields": ["status"]}


# --- item 19: numbers past what a database holds --------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/supervision/cards?offset={HUGE}",  # found by the fuzz run
        f"/api/v1/supervision/anomalies?offset={2**63}",
        f"/api/v1/cases?offset={HUGE}",
        f"/api/v1/projects?offset=-{HUGE}",
        f"/api/v1/cases?offset={'9' * 5000}",  # past what int() reads
    ],
)
def test_a_huge_number_in_a_query_is_refused_before_any_query(
    login: Any, received: Case, path: str
) -> None:
    """Refused by the parser, not left to the database: on PostgreSQL the
    failed OFFSET would abort the transaction the request runs in."""
    client = login("supervisor")
    payload = _error(client.get(path), 422, "value_out_of_range")
    assert payload["detail"] == {"fields": ["offset"]}


def test_long_numbers_a_database_holds_pass(api: Any, catalog: None) -> None:
    """An item code is 19 digits: a search for one is not refused."""
    response = api("window").get("/items?q=0100001000620700005")
    assert response.status_code == 200
    assert api("window").get(f"/cases?offset={2**63 - 1}").json() == []


def test_huge_numbers_in_path_and_body_are_4xx(login: Any, received: Case) -> None:
    client = login("window")
    audit_events = AuditEvent.objects.count()
    assert client.get(f"/api/v1/cases/{HUGE}").status_code == 404
    for body in (
        {"procedure": "专家评审", "expected_days": HUGE},
        {"procedure": "专家评审", "expected_days": 3, "version": HUGE},
    ):
        response = client.post(
            f"/api/v1/cases/{received.pk}/suspend", body, content_type="application/json"
        )
        assert 400 <= response.status_code < 500, response.content
        assert set(response.json()) == SHAPE
    _unchanged(received, audit_events)


@pytest.mark.parametrize(
    "exc",
    [
        DataError("numeric field overflow"),  # PostgreSQL: NumericValueOutOfRange
        DataError("value too long for type character varying(100)"),
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        OverflowError("date value out of range"),
    ],
)
def test_database_range_errors_are_422(exc: Exception) -> None:
    request = RequestFactory().get("/api/v1/cases")
    response = ninja_api.on_exception(request, exc)
    assert response.status_code == 422
    _error(response, 422, "value_out_of_range")


def test_sqlite_datatype_mismatch_is_422() -> None:
    """What SQLite says to LIMIT or OFFSET 1e30 (an IntegrityError)."""
    try:
        sqlite3.connect(":memory:").execute("select 1 limit 1e30").fetchall()
    except sqlite3.IntegrityError as cause:
        exc = IntegrityError("datatype mismatch")
        exc.__cause__ = cause
    request = RequestFactory().get("/api/v1/cases")
    _error(ninja_api.on_exception(request, exc), 422, "value_out_of_range")


def test_other_integrity_errors_stay_server_errors() -> None:
    """Only SQLite's datatype mismatch is the input's fault; a broken
    constraint is a bug to see."""
    request = RequestFactory().get("/api/v1/cases")
    response = ninja_api.on_exception(request, IntegrityError("UNIQUE constraint failed"))
    _error(response, 500, "internal_error")


# --- item 19: the handlers cannot fail -------------------------------------------------


class Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("no text")


@pytest.mark.parametrize(
    "errors",
    [
        [{"loc": ("body", "reason"), "msg": "Field required", "type": "missing"}],
        [{"loc": None, "msg": "x"}],
        [{"loc": "body"}],  # a string, not a tuple
        [{"loc": 7, "msg": 1, "type": None}],
        [{"loc": ("body", 0, Unprintable()), "msg": Unprintable(), "type": Unprintable()}],
        [{"loc": ["body"], "msg": "m", "ctx": {"error": ValueError("x")}, "type": "value_error"}],
        [{"loc": ["\ud800"], "msg": "bad \ud800", "type": "t"}],
        [{}],
        ["not a dict"],
        [Unprintable()],
        {"loc": ["body"], "msg": "a lone dict"},
        "a string",
        None,
        42,
        [{"loc": ["x"], "msg": "m", "type": "t"}] * 500,
    ],
)
def test_the_validation_handler_answers_any_shape(errors: Any) -> None:
    request = RequestFactory().post("/api/v1/projects/1/reassign")
    response = ninja_api.on_exception(request, ValidationError(errors))
    payload = _error(response, 422, "invalid_input")
    assert isinstance(payload["detail"], list)
    assert len(payload["detail"]) <= 50
    for entry in payload["detail"]:
        assert set(entry) == {"loc", "msg", "type"}
        assert all(isinstance(part, str) for part in entry["loc"])
        assert isinstance(entry["msg"], str)
        assert "\ud800" not in entry["msg"]


def test_validation_detail_keeps_what_ninja_says() -> None:
    detail = validation_detail(
        [{"loc": ("body", "body", "reason"), "msg": "Field required", "type": "missing"}]
    )
    assert detail == [
        {"loc": ["body", "body", "reason"], "msg": "Field required", "type": "missing"}
    ]


def test_a_domain_error_with_a_detail_that_does_not_serialise_keeps_its_code() -> None:
    request = RequestFactory().post("/api/v1/cases/1/accept")
    exc = Conflict("办件已被他人更新", code="case_version_conflict", detail={"x": object()})
    payload = _error(ninja_api.on_exception(request, exc), 409, "case_version_conflict")
    assert payload["detail"] is None


def test_an_http_error_with_an_odd_status_is_still_an_error() -> None:
    request = RequestFactory().get("/api/v1/me")
    _error(ninja_api.on_exception(request, HttpError(200, "odd")), 400, "http_error")


# --- the green channel's reassignment, the case that crashed the handler --------------


@pytest.fixture
def dossier(users: dict[str, User], catalog: None) -> ProjectDossier:
    load_demo_projects(users["admin"])
    found = ProjectDossier.objects.order_by("pk").first()
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "invalid_input"),
        ({"agent_id": None}, 422, "invalid_input"),
        ({"agent_id": "x", "reason": "调整分工"}, 422, "invalid_input"),
        ({"agent_id": 1.5, "reason": "调整分工"}, 422, "invalid_input"),
        ({"agent_id": HUGE, "reason": "调整分工"}, 400, "agent_not_in_county"),
        ({"agent_id": {"id": 1}, "reason": "调整分工"}, 422, "invalid_input"),
        ([], 422, "invalid_input"),
        ('"调整分工"', 422, "invalid_input"),  # a JSON string, not an object
        # No agent named: the least-loaded other one; the demo's 甘州区 has one.
        ({"reason": "调整分工"}, 422, "no_agent_for_county"),
    ],
)
def test_reassigning_without_a_valid_agent_id_is_a_4xx(
    login: Any, dossier: ProjectDossier, body: Any, status: int, code: str
) -> None:
    client = login("admin")
    response = client.post(
        f"/api/v1/projects/{dossier.pk}/reassign", body, content_type="application/json"
    )
    _error(response, status, code)
    assert ProjectDossier.objects.get(pk=dossier.pk).agent_id == dossier.agent_id

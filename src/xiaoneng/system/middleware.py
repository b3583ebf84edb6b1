"""Operation log (操作日志): one row per state-changing request.

The row is written whatever happens to the request: refused at the door,
answered with an error, or failing with an exception; and writing it never
raises (what it stores is cleaned first; a failure is logged, not shown to
the client, whose action may already have committed).

Before the view runs, a JSON body that no database could store (not UTF-8,
a lone surrogate such as "\\ud800", NUL) or that is not JSON at all is
refused with 400 and the API's error shape, so that nothing acts on it."""

from __future__ import annotations

import ipaddress
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.db import DataError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.views.defaults import bad_request

from xiaoneng.core.encoding import NotJson, Unstorable, load_json, scrub
from xiaoneng.core.net import client_ip

from .actions import record_operation
from .models import BusinessType, OperationLog
from .writer import one_writer

log = logging.getLogger(__name__)

# Keys whose values the log never keeps: credentials (api_key of Open311 systems) and
# personal data (a complainant's name, ID number, address, e-mail; Open311's first/last_name).
SENSITIVE = (
    "password",
    "token",
    "secret",
    "csrfmiddlewaretoken",
    "id_number",
    "phone",
    "api_key",
    "complainant",
    "first_name",
    "last_name",
    "email",
    "id_no",
    "address",  # a disclosure requester's postal address (sealed at rest, system/pii.py)
    "query_code",
)
# On an anonymous request `code` is a citizen's query code (ratings, complaints,
# disclosure look-ups), kept nowhere in clear; staff forms' `code` is an item's.
ANONYMOUS_SENSITIVE = ("code",)
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
_PENDING = "_xn_operation_log"  # the request's attribute holding its `_Pending`
# Requests recorded elsewhere (the login log) or too frequent to be worth a row;
# the portal's look-ups by number and query code (a read, and the code must
# not be kept in clear: only its digest is stored anywhere).
SKIP_PREFIXES = ("/accounts/login", "/static/", "/favicon", "/track/", "/ratings/follow/")

_METHOD_TYPE = {
    "POST": BusinessType.CREATE,
    "PUT": BusinessType.UPDATE,
    "PATCH": BusinessType.UPDATE,
    "DELETE": BusinessType.DELETE,
}


# How much of a body the log keeps: nesting levels, items of a list.
MAX_DEPTH, MAX_ITEMS = 8, 100


def _mask(value: object, depth: int = 0, extra: tuple[str, ...] = ()) -> object:
    """`value` with every sensitive key's value masked, at any depth, and
    cut to MAX_DEPTH levels and MAX_ITEMS items (so that what is stored is
    small, and encoding it cannot recurse past Python's limit)."""
    if isinstance(value, dict | list) and depth >= MAX_DEPTH:
        return "<…>"
    if isinstance(value, dict):
        return {
            str(key): (
                "******"
                if any(s in str(key).lower() for s in SENSITIVE) or str(key).lower() in extra
                else _mask(item, depth + 1, extra)
            )
            for key, item in list(value.items())[:MAX_ITEMS]
            if key != "csrfmiddlewaretoken"
        }
    if isinstance(value, list):
        return [_mask(item, depth + 1, extra) for item in value[:MAX_ITEMS]]
    return value


def is_json(request: HttpRequest) -> bool:
    kind = (request.content_type or "").lower()
    return kind == "application/json" or kind.endswith("+json")


def error_body(status: int, code: str, message: str, detail: Any = None) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "detail": detail},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _read(request: HttpRequest) -> tuple[str, HttpResponse | None]:
    """The parameters to record, and the refusal when the body is refused."""
    user = getattr(request, "user", None)
    extra = () if user is not None and user.is_authenticated else ANONYMOUS_SENSITIVE
    if is_json(request):
        body = request.body
        if not body.strip():
            return "{}", None
        try:
            data = load_json(body)
        except Unstorable as exc:
            detail = {"fields": exc.fields} if exc.fields else None
            return "<无法保存的字符>", error_body(400, exc.code, exc.message, detail)
        except NotJson as exc:
            return "<无法解析的 JSON>", error_body(400, exc.code, exc.message)
        params = _mask(data, extra=extra) if isinstance(data, dict) else {"_": "<非对象 JSON>"}
    else:
        params = _mask({key: request.POST.getlist(key) for key in request.POST}, extra=extra)
        if request.FILES and isinstance(params, dict):
            params["_files"] = [f.name for f in request.FILES.values() if hasattr(f, "name")]
    return json.dumps(params, ensure_ascii=False, default=str)[:2000], None


def input_out_of_range(exc: BaseException) -> bool:
    """Whether the database refused a value as out of its range: a number
    past 64 bits (SQLite's OverflowError; as a LIMIT or OFFSET, SQLite's
    "datatype mismatch"), past PostgreSQL's integer or numeric, a text past
    its column, NUL on PostgreSQL (DataError), a date past 9999."""
    if isinstance(exc, DataError | OverflowError):
        return True
    cause = exc.__cause__
    return isinstance(exc, IntegrityError) and (
        getattr(cause, "sqlite_errorname", None) == "SQLITE_MISMATCH"
    )


def _error_of(response: HttpResponse) -> str:
    """The reason, and for an answer in the error shape its code."""
    text = response.reason_phrase or ""
    if response.streaming or "json" not in response.get("Content-Type", ""):
        return text
    try:
        code = json.loads(response.content[:65536]).get("code")
    except (ValueError, AttributeError):
        return text
    return f"{text} ({code})" if isinstance(code, str) else text


def _field(name: str, value: object) -> str:
    """Text for a column of the log: cleaned and cut to the column's size."""
    text = scrub(value if isinstance(value, str) else str(value or ""))
    limit = getattr(OperationLog._meta.get_field(name), "max_length", None)
    return text[:limit] if limit else text


def _ip(request: HttpRequest) -> str | None:
    try:
        return str(ipaddress.ip_address(client_ip(request) or ""))
    except ValueError:
        return None


@dataclass
class _Pending:
    """What the middleware read of a request before its view, and the status
    of the row a view wrote itself in its own transaction (`record_within`)."""

    params: str
    started: float
    written: int | None = None


def _fields(
    request: HttpRequest, params: str, status: int, error: str, started: float
) -> dict[str, Any]:
    """The operation-log row of a request answered with `status`."""
    view = getattr(request, "resolver_match", None)
    func = view.func if view else None
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    title = (
        getattr(func, "operation_title", None) or (view.view_name if view else "") or request.path
    )
    return {
        "title": _field("title", title),
        "business_type": getattr(func, "business_type", None)
        or _METHOD_TYPE.get(request.method or "", BusinessType.OTHER),
        "method": _field("method", request.method),
        "url": _field("url", request.get_full_path()),
        "operator": user if authenticated else None,
        "operator_name": _field(
            "operator_name", getattr(user, "display_name", "") if authenticated else ""
        ),
        "department_name": _field(
            "department_name",
            str(getattr(user, "department", "") or "") if authenticated else "",
        ),
        "ip": _ip(request),
        "params": _field("params", params),
        "status_code": status,
        "success": status < 400,
        "error": _field("error", error),
        "duration_ms": int((time.perf_counter() - started) * 1000),
    }


def record_within(request: HttpRequest, status: int) -> None:
    """For a view whose action writes in one transaction (the Open311
    intake): this request's operation-log row, written now inside that
    transaction, so it commits or vanishes with what it records and needs
    no second write of its own. The middleware then writes none when the
    view answers with this `status`, and its usual row otherwise (the
    transaction rolled back, or the view failed after it). Never raises.
    Nothing when the request is not one the middleware records."""
    pending: _Pending | None = getattr(request, _PENDING, None)
    if pending is None:
        return
    try:
        with transaction.atomic():  # a savepoint: a failure leaves the action's transaction usable
            record_operation(**_fields(request, pending.params, status, "", pending.started))
    except Exception:
        log.exception("operation log not written within: %s %s", request.method, request.path)
        return  # the middleware tries again after the view
    pending.written = status


class OperationLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in UNSAFE or request.path.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        started = time.perf_counter()
        try:
            params, refusal = _read(request)  # read before the view consumes the stream
        except (SuspiciousOperation, MultiPartParserError):
            # Too large or malformed: the view meets the same error when it
            # reads the body and answers it (the API as {"code", …}).
            params, refusal = "<请求内容过大或格式有误>", None
        pending = _Pending(params, started)
        setattr(request, _PENDING, pending)
        response: HttpResponse | None = None
        try:
            response = refusal if refusal is not None else self.get_response(request)
        finally:
            if response is None or pending.written != response.status_code:
                self.record(request, params, response, started)
        assert response is not None  # else the exception above went on up
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """The web pages' side of bad input that only the database notices:
        a number past 64 bits, a date past 9999, a text past its column,
        NUL on PostgreSQL. A 4xx, not a server error (the API answers these
        itself, in `api.errors`, as 422 value_out_of_range)."""
        if not input_out_of_range(exception):
            return None
        log.info("input out of range on %s: %s", request.path, exception)
        if request.path.startswith("/api/") or is_json(request):
            return error_body(422, "value_out_of_range", "请求中的数值、日期或文字超出允许范围")
        return bad_request(request, exception)

    def record(
        self,
        request: HttpRequest,
        params: str,
        response: HttpResponse | None,
        started: float,
    ) -> None:
        """One row; never raises (in its own savepoint, so that a failure
        leaves an enclosing transaction usable). On SQLite it waits for its
        turn among the writers (`system.writer`) rather than in the busy
        handler."""
        try:
            status = response.status_code if response is not None else 500
            if response is None:
                error = "Internal Server Error (exception)"
            else:
                error = "" if status < 400 else _error_of(response)
            row = _fields(request, params, status, error, started)
            with one_writer(), transaction.atomic():
                record_operation(**row)
        except Exception:
            log.exception("operation log not written: %s %s", request.method, request.path)


def operation(
    title: str, business_type: str = ""
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Name a view for the operation log: @operation("强退用户", BusinessType.FORCE)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        view.operation_title = title  # type: ignore[attr-defined]
        if business_type:
            view.business_type = business_type  # type: ignore[attr-defined]
        return view

    return decorate

"""One error shape for the whole API: {"code", "message", "detail"}.

Every handler here is total: whatever the exception carries (a validation
error of any shape, a detail that does not serialise, text with lone
surrogates), the client gets the shape, never a traceback page."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.parser import Parser

from xiaoneng.core.encoding import NotJson, Unstorable, load_json, scrub, unstorable
from xiaoneng.core.errors import DomainError, InvalidInput
from xiaoneng.system.middleware import input_out_of_range

log = logging.getLogger(__name__)

# Loose bounds on what one validation error may put in `detail`.
MAX_ERRORS, MAX_TEXT = 50, 500


def refused(exc: Unstorable | NotJson) -> InvalidInput:
    detail = {"fields": exc.fields} if isinstance(exc, Unstorable) and exc.fields else None
    return InvalidInput(exc.message, code=exc.code, detail=detail)


class StrictJsonParser(Parser):
    """ninja's parser, refusing bodies `load_json` refuses and query or form
    fields holding NUL (PostgreSQL stores no NUL in text). ninja wraps a body
    parser's exception in HttpError(400); `http_error` below answers with
    the cause's own code."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            return load_json(request.body)
        except (Unstorable, NotJson) as exc:
            raise refused(exc) from None

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        parsed = super().parse_querydict(data, list_fields, request)
        texts = {k: v for k, v in parsed.items() if isinstance(v, str | list)}
        fields = unstorable(texts)
        if fields:
            raise refused(Unstorable(fields))
        huge = [k for k, v in texts.items() if any(_past_int64(x) for x in _values(v))]
        if huge:
            # Before any query: PostgreSQL aborts the transaction a request
            # runs in on OFFSET 10**30 (and SQLite answers "datatype mismatch").
            raise out_of_range_error(detail={"fields": huge})
        return parsed


_INTEGER = re.compile(r"[+-]?0*(\d{19,})")
INT64 = 2**63


def _values(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _past_int64(value: Any) -> bool:
    """A query value written as an integer no database column holds (a
    number of 19 digits or more, past ±2**63)."""
    match = _INTEGER.fullmatch(value.strip()) if isinstance(value, str) else None
    if match is None:
        return False
    digits = match.group(1)  # compared by length first: int() stops at 4,300 digits
    return len(digits) > 19 or int(digits) >= INT64


def out_of_range_error(detail: Any = None) -> DomainError:
    """422 value_out_of_range (DomainError's status)."""
    return DomainError(
        "请求中的数值、日期或文字超出允许范围", code="value_out_of_range", detail=detail
    )


def _text(value: Any) -> str:
    try:
        text = value if isinstance(value, str) else str(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return scrub(text)[:MAX_TEXT]


def _location(loc: Any) -> list[str]:
    if loc is None:
        return []
    if isinstance(loc, str | bytes | int | float) or not isinstance(loc, Iterable):
        return [_text(loc)]
    try:
        return [_text(part) for part in list(loc)[:MAX_ERRORS]]
    except Exception:
        return [_text(loc)]


def validation_detail(errors: Any) -> list[dict[str, Any]]:
    """ninja's errors as [{"loc", "msg", "type"}], whatever their shape:
    a list of dicts normally, but a lone dict, a string, entries with a
    non-list `loc`, or objects whose str() fails must not break the answer."""
    if isinstance(errors, Mapping | str | bytes) or not isinstance(errors, Iterable):
        errors = [errors]
    detail: list[dict[str, Any]] = []
    try:
        for entry in errors:
            if len(detail) == MAX_ERRORS:
                break
            if isinstance(entry, Mapping):
                detail.append(
                    {
                        "loc": _location(entry.get("loc")),
                        "msg": _text(entry.get("msg", "")),
                        "type": _text(entry.get("type", "")),
                    }
                )
            else:
                detail.append({"loc": [], "msg": _text(entry), "type": "invalid"})
    except Exception:
        log.exception("unreadable validation errors")
    return detail


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, detail: Any = None
) -> HttpResponse:
    try:
        return api.create_response(
            request, {"code": code, "message": message, "detail": detail}, status=status
        )
    except Exception:
        # A detail the renderer cannot serialise: the shape without it.
        log.exception("error detail not serialisable (%s)", code)
        return JsonResponse(
            {"code": _text(code), "message": _text(message), "detail": None}, status=status
        )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _respond(api, request, exc.status, _text(exc.code), _text(exc.message), exc.detail)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = validation_detail(getattr(exc, "errors", None))
        return _respond(api, request, 422, "invalid_input", "请求参数有误", detail)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _respond(api, request, 401, "not_authenticated", "请先登录或提供有效的 API 令牌")

    @api.exception_handler(AuthorizationError)
    def forbidden(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return _respond(api, request, 403, "permission_denied", "无权执行此操作")

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, "not_found", "资源不存在")

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc.__cause__, DomainError):  # the parser refused the body
            return domain(request, exc.__cause__)
        status = exc.status_code if 400 <= exc.status_code < 600 else 400
        return _respond(api, request, status, "http_error", _text(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _respond(api, request, 413, "request_too_large", "请求内容超过上限")

    def bad_request(request: HttpRequest, exc: Any) -> HttpResponse:
        # Too many fields or files, a malformed multipart body: Django's 400.
        return _respond(api, request, 400, "bad_request", "请求格式有误")

    for kind in (SuspiciousOperation, BadRequest, MultiPartParserError):
        api.add_exception_handler(kind, bad_request)

    def out_of_range(request: HttpRequest, exc: Any) -> HttpResponse:
        # `input_out_of_range`: the input's fault, and nothing committed (the
        # action's transaction rolled back as the error passed through it).
        log.info("input out of range on %s: %s", request.path, exc)
        return domain(request, out_of_range_error())

    for range_error in (DataError, OverflowError):
        api.add_exception_handler(range_error, out_of_range)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if input_out_of_range(exc):  # SQLite's "datatype mismatch" (an IntegrityError)
            return out_of_range(request, exc)
        log.exception("unhandled API error")
        return _respond(api, request, 500, "internal_error", "服务器内部错误，已记录")

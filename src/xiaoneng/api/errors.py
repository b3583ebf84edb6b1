"""One error shape for the whole API: {"code", "message", "detail"}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError

from xiaoneng.core.errors import DomainError

log = logging.getLogger(__name__)


def _respond(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, detail: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "detail": detail}, status=status
    )


def install(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return _respond(api, request, exc.status, exc.code, exc.message, exc.detail)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        detail = [
            {
                "loc": [str(p) for p in e.get("loc", [])],
                "msg": str(e.get("msg", "")),
                "type": str(e.get("type", "")),
            }
            for e in exc.errors
        ]
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
        return _respond(api, request, exc.status_code, "http_error", str(exc))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _respond(api, request, 413, "request_too_large", "请求内容超过上限")

    def bad_request(request: HttpRequest, exc: Any) -> HttpResponse:
        # Too many fields or files, a malformed multipart body: Django's 400.
        return _respond(api, request, 400, "bad_request", "请求格式有误")

    for kind in (SuspiciousOperation, BadRequest, MultiPartParserError):
        api.add_exception_handler(kind, bad_request)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("unhandled API error")
        return _respond(api, request, 500, "internal_error", "服务器内部错误，已记录")

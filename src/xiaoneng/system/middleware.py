"""Operation log (操作日志): one row per state-changing request."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError

from xiaoneng.core.net import client_ip

from .actions import record_operation
from .models import BusinessType

SENSITIVE = ("password", "token", "secret", "csrfmiddlewaretoken", "id_number", "phone")
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Requests recorded elsewhere (the login log) or too frequent to be worth a row.
SKIP_PREFIXES = ("/accounts/login", "/static/", "/favicon")

_METHOD_TYPE = {
    "POST": BusinessType.CREATE,
    "PUT": BusinessType.UPDATE,
    "PATCH": BusinessType.UPDATE,
    "DELETE": BusinessType.DELETE,
}


def _mask(data: dict[str, object]) -> dict[str, object]:
    return {
        key: ("******" if any(s in key.lower() for s in SENSITIVE) else value)
        for key, value in data.items()
        if key != "csrfmiddlewaretoken"
    }


def _params(request: HttpRequest) -> str:
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            return "<无法解析的 JSON>"
        data = _mask(body) if isinstance(body, dict) else {"_": "<非对象 JSON>"}
    else:
        data = _mask({key: request.POST.getlist(key) for key in request.POST})
        if request.FILES:
            data["_files"] = [f.name for f in request.FILES.values() if hasattr(f, "name")]
    return json.dumps(data, ensure_ascii=False, default=str)[:2000]


class OperationLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in UNSAFE or request.path.startswith(SKIP_PREFIXES):
            return self.get_response(request)
        try:
            params = _params(request)  # read before the view consumes the stream
        except (SuspiciousOperation, MultiPartParserError):
            # Too large or malformed: the view meets the same error when it
            # reads the body and answers it (the API as {"code", …}).
            params = "<请求内容过大或格式有误>"
        started = time.perf_counter()
        response = self.get_response(request)
        view = getattr(request, "resolver_match", None)
        func = view.func if view else None
        user = getattr(request, "user", None)
        authenticated = bool(user and user.is_authenticated)
        record_operation(
            title=getattr(func, "operation_title", None)
            or (view.view_name if view else "")
            or request.path[:100],
            business_type=getattr(func, "business_type", None)
            or _METHOD_TYPE.get(request.method or "", BusinessType.OTHER),
            method=request.method,
            url=request.get_full_path()[:500],
            operator=user if authenticated else None,
            operator_name=getattr(user, "display_name", "") if authenticated else "",
            department_name=str(getattr(user, "department", "") or "") if authenticated else "",
            ip=client_ip(request),
            params=params,
            status_code=response.status_code,
            success=response.status_code < 400,
            error="" if response.status_code < 400 else response.reason_phrase[:500],
            duration_ms=int((time.perf_counter() - started) * 1000),
        )
        return response


def operation(title: str, business_type: str = "") -> Callable[[Callable], Callable]:
    """Name a view for the operation log: @operation("强退用户", BusinessType.FORCE)."""

    def decorate(view: Callable) -> Callable:
        view.operation_title = title  # type: ignore[attr-defined]
        if business_type:
            view.business_type = business_type  # type: ignore[attr-defined]
        return view

    return decorate

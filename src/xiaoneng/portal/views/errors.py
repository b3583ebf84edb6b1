"""403, 404 and 500 for visitors of the public site in the portal's look;
staff pages keep the shell's own error pages (web/templates/40x.html).

A page is public when its address resolves to a public view (the portal's
own, the public accounts', the public pages of other apps named `public*`,
`exposures`, `bulletins` … below) or resolves to nothing at all (a citizen's
mistyped address). The 429 page of the public forms is the portal's already
(`portal/rate_limited.html`). The 500 page renders without the database
(a standalone template: whatever failed may fail again)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import Resolver404, resolve
from django.views import defaults

from xiaoneng.core import timesource

PUBLIC_NAMESPACES = frozenset({"portal", "citizens", "open311"})
PUBLIC_VIEWS = frozenset(
    {
        ("ratings", "online"),
        ("ratings", "visit"),
        ("ratings", "follow"),
        ("disclosure", "apply"),
        ("disclosure", "track"),
        ("complaints", "complain"),
        ("complaints", "track"),
        ("checks", "exposures"),
        ("accountability", "bulletins"),
        ("appraisal", "scoreboard"),
        ("inspections", "burden"),
        ("inspections", "random"),
        ("inspections", "enterprise"),
    }
)


def is_public(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return True
    namespace = match.namespace.split(":", 1)[0]
    name = match.url_name or ""
    return (
        namespace in PUBLIC_NAMESPACES
        or (namespace, name) in PUBLIC_VIEWS
        or name.startswith("public")
        or "/public" in request.path_info
    )


def _page(request: HttpRequest, status: int, heading: str, text: str) -> HttpResponse:
    context: dict[str, Any] = {
        "today": timesource.today(),
        "status": status,
        "heading": heading,
        "text": text,
    }
    body = loader.render_to_string("portal/error.html", context, request)
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not is_public(request):
        return defaults.page_not_found(request, exception)
    return _page(
        request,
        404,
        "您访问的页面不存在",
        "页面可能已调整或地址有误。请从首页、办事指南或办件查询重新进入；"
        "如需帮助，请拨打政务服务便民热线 12345。",
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if not is_public(request):
        return defaults.permission_denied(request, exception)  # type: ignore[arg-type]
    return _page(
        request,
        403,
        "暂时无法访问此页面",
        "该页面需要登录本人账号，或您的账号无权查看。请登录个人/法人账号后重试，或通过办件编号和查询码查询办件。",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    if not is_public(request):
        return defaults.server_error(request)
    body = loader.render_to_string("portal/error_500.html")
    return HttpResponseServerError(body)

"""统一身份认证登录: to the provider and back (citizens.oidc)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from xiaoneng.accounts.actions import log_provider_sign_in
from xiaoneng.citizens import actions, oidc
from xiaoneng.citizens.forms import PublicLoginForm
from xiaoneng.core.errors import DomainError
from xiaoneng.web.public import public_page

from .auth import _kind, safe_next, sign_in


@require_GET
def start_view(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("未配置统一身份认证")
    callback = request.build_absolute_uri(reverse("citizens:oidc_callback"))
    try:
        url = oidc.start(request.session, callback, safe_next(request), _kind(request))
    except DomainError as exc:
        return _failed(request, exc)
    return redirect(url)


@require_GET
def callback_view(request: HttpRequest) -> HttpResponse:
    if not oidc.enabled():
        raise Http404("未配置统一身份认证")
    try:
        claims, pending = oidc.finish(request.session, request.GET.dict())
        account = actions.account_for_claims(
            issuer=oidc.config()["ISSUER"], claims=claims, names=oidc.config()
        )
    except DomainError as exc:
        log_provider_sign_in(
            request=request, user=None, success=False, message=f"统一身份认证未通过：{exc.message}"
        )
        return _failed(request, exc)
    sign_in(request, account.user)
    log_provider_sign_in(
        request=request, user=account.user, success=True, message="统一身份认证登录成功"
    )
    return redirect(pending.get("next") or "citizens:me")


def _failed(request: HttpRequest, error: DomainError) -> HttpResponse:
    context = {
        "form": PublicLoginForm(kind=_kind(request)),
        "kind": _kind(request),
        "error": error,
        "oidc_enabled": True,
    }
    return public_page(request, "citizens/login.html", context, status=error.status)

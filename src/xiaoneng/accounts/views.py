"""Login, logout and the user's own API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core.errors import DomainError
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType

from . import actions
from .forms import LoginForm, TokenForm
from .models import ApiToken


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    error = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.authenticate_password(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            user.backend = "django.contrib.auth.backends.ModelBackend"
            login(request, user)
            actions.register_session(request=request, user=user)
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "error": error, "next": next_url, "demo_mode": settings.DEMO_MODE},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.end_session(request=request)
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_http_methods(["GET", "POST"])
@operation("API 令牌", BusinessType.GRANT)
def tokens_view(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST":
        try:
            if "revoke" in request.POST:
                actions.revoke_api_token(actor=request.user, token_id=int(request.POST["revoke"]))
                messages.success(request, "令牌已吊销。")
                return redirect("accounts:tokens")
            if form.is_valid():
                _, new_secret = actions.create_api_token(
                    actor=request.user,
                    name=form.cleaned_data["name"],
                    days=form.cleaned_data["days"],
                )
                form = TokenForm()
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "请求无效"))
    tokens = ApiToken.objects.filter(user_id=request.user.pk or 0)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )

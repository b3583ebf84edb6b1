"""Login (the only one: the admin site's login page sends here), logout,
password change and the user's own API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.password_validation import password_validators_help_texts
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.core.errors import DomainError
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType

from . import actions, login_hints
from .forms import LoginForm, PasswordChangeForm, TokenForm
from .models import ApiToken
from .validators import DEMO_PASSWORD

# Set at sign-in when the password is past its age; until it is changed, the
# session reaches only the password page (accounts.middleware).
PASSWORD_EXPIRED = "_xn_password_expired"  # noqa: S105 - a session key, not a secret


def _next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return ""
    return next_url


def password_page(next_url: str = "") -> str:
    url = reverse("accounts:password")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    if request.user.is_authenticated and request.method == "GET":
        if _public_account_refused(request.user) is not None:
            return redirect("citizens:me")  # a citizen's space is on the portal
        return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request.POST or None)
    error = None
    status = 200
    user = None
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
            error = _public_account_refused(user)
            status = 403 if error else status
        if error is None and user is not None:
            user.backend = "django.contrib.auth.backends.ModelBackend"
            login(request, user)
            actions.register_session(request=request, user=user)
            if actions.password_expired(user):
                request.session[PASSWORD_EXPIRED] = True
                messages.warning(
                    request,
                    "您正在使用管理员设置的临时密码，请先设置新密码。"
                    if user.must_change_password
                    else "您的密码已超过使用期限，请先修改密码。",
                )
                return redirect(password_page(next_url))
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/login.html",
        {
            "form": form,
            "error": error,
            "next": next_url,
            "demo_mode": settings.DEMO_MODE,
            "demo_accounts": login_hints.demo_accounts() if settings.DEMO_MODE else [],
            "demo_password": DEMO_PASSWORD,
        },
        status=status,
    )


def _public_account_refused(user: object) -> DomainError | None:
    """Staff and the public never share a login: a citizen's or enterprise's
    account (citizens.PublicAccount, reached by its reverse name so that this
    platform app imports nothing above it) signs in on the portal."""
    if getattr(user, "public_account", None) is None:
        return None
    return DomainError(
        "这是群众、企业的公众账号，请从政务服务网“个人登录 / 法人登录”进入（/portal/login/）。",
        code="staff_login_refused",
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    actions.end_session(request=request)
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin site's /admin/login/: there is one login, with its throttle,
    log and online-users list; this page only sends there. A POST is never
    read: credentials sent here sign nobody in. A signed-in user the admin
    site turned away holds none of its pages' permissions: the staff 403
    page, never a login form (nor a loop back through the login)."""
    if request.user.is_authenticated:
        raise PermissionDenied
    next_url = _next(request) or reverse("admin:index")
    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': next_url})}")


def admin_logout(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    return logout_view(request)


def admin_password_change(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The admin site's password page is the product's."""
    return redirect(password_page(reverse("admin:index")))


@login_required
@require_http_methods(["GET", "POST"])
@operation("修改密码", BusinessType.UPDATE)
def password_view(request: HttpRequest) -> HttpResponse:
    next_url = _next(request)
    expired = bool(request.session.get(PASSWORD_EXPIRED))
    form = PasswordChangeForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_password(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
                keep_session=request.session.session_key,
            )
        except DomainError as exc:
            error = exc
        else:
            update_session_auth_hash(request, request.user)  # type: ignore[arg-type]
            request.session.pop(PASSWORD_EXPIRED, None)
            messages.success(request, "密码已修改。您在其他地方的登录已退出。")
            return redirect(next_url or settings.LOGIN_REDIRECT_URL)
    return render(
        request,
        "accounts/password.html",
        {
            "form": form,
            "error": error,
            "next": next_url,
            "expired": expired,
            "temporary": getattr(request.user, "must_change_password", False),
            "rules": password_rules(),
        },
        status=error.status if error is not None else 200,
    )


def password_rules() -> list[str]:
    return password_validators_help_texts()


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
    tokens = list(ApiToken.objects.filter(user_id=request.user.pk or 0))
    for token in tokens:
        token.expires_at = actions.token_expires_at(token)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "new_secret": new_secret},
    )

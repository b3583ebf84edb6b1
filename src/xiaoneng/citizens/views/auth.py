"""The public way in (政务服务网): 个人登录 / 法人登录 tabs, registration, and
sign-out — in the portal's shell, never the staff login. A staff account is
refused here, as a public account is refused on the staff login."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.accounts import actions as accounts
from xiaoneng.citizens import actions, oidc
from xiaoneng.citizens.forms import PublicLoginForm, RegisterForm
from xiaoneng.citizens.models import AccountKind
from xiaoneng.citizens.selectors import account_of, username_for
from xiaoneng.core.errors import DomainError, RateLimited
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.public import public_page
from xiaoneng.web.ratelimit import over_limit

KIND_WORDS = {AccountKind.PERSON: "个人", AccountKind.ENTERPRISE: "法人"}


def _kind(request: HttpRequest) -> str:
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    return kind if kind in AccountKind.values else AccountKind.PERSON


def safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        return ""
    return next_url


def _refusal(request: HttpRequest, kind: str, user: object) -> DomainError | None:
    account = account_of(user)
    if account is None:
        return DomainError(
            "工作人员账号请从政务内网“工作人员登录”进入，政务服务网只接受个人、法人账号登录。",
            code="public_login_refused",
        )
    if account.kind != kind:
        other = KIND_WORDS[AccountKind(account.kind)]
        return DomainError(
            f"该账号是{other}账号，请选择“{other}登录”。", code="public_account_kind_mismatch"
        )
    return None


def _limited(request: HttpRequest, scope: str, param: str, page: str) -> HttpResponse | None:
    def refusal(error: RateLimited) -> HttpResponse:
        return public_page(request, page, {"error": error, "kind": _kind(request)}, status=429)

    return over_limit(request, scope, param, message="提交过于频繁，请一分钟后再试", page=refusal)


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    kind, next_url = _kind(request), safe_next(request)
    if request.method == "GET" and account_of(request.user) is not None:
        return redirect(next_url or "citizens:me")
    form = PublicLoginForm(request.POST or None, kind=kind)
    error: DomainError | None = None
    if request.method == "POST":
        if limited := _limited(
            request, "public_login", "citizens.login_per_minute", "citizens/login.html"
        ):
            return limited
        if form.is_valid():
            try:
                user = accounts.authenticate_password(
                    request=request,
                    username=username_for(kind, form.cleaned_data["identifier"]),
                    password=form.cleaned_data["password"],
                )
            except DomainError as exc:
                error = exc
            else:
                error = _refusal(request, kind, user)
                if error is None:
                    sign_in(request, user)
                    return redirect(next_url or "citizens:me")
    context = {
        "form": form,
        "kind": kind,
        "error": error,
        "next": next_url,
        "oidc_enabled": oidc.enabled(),
        "demo_mode": settings.DEMO_MODE,
    }
    return public_page(request, "citizens/login.html", context, status=_status(error))


def _status(error: DomainError | None) -> int:
    if error is None:
        return 200
    return (
        403
        if error.code in ("public_login_refused", "public_account_kind_mismatch")
        else error.status
    )


def sign_in(request: HttpRequest, user: object) -> None:
    user.backend = "django.contrib.auth.backends.ModelBackend"  # type: ignore[attr-defined]
    login(request, user)  # type: ignore[arg-type]
    accounts.register_session(request=request, user=user)


@require_http_methods(["GET", "POST"])
@operation("公众账号注册", BusinessType.CREATE)
def register_view(request: HttpRequest) -> HttpResponse:
    kind, next_url = _kind(request), safe_next(request)
    form = RegisterForm(request.POST or None, kind=kind)
    error: DomainError | None = None
    if request.method == "POST":
        if limited := _limited(
            request, "public_register", "citizens.register_per_minute", "citizens/register.html"
        ):
            return limited
        if form.is_valid():
            data = form.cleaned_data
            try:
                account = actions.register_account(
                    kind=kind,
                    person_name=data["person_name"],
                    id_no=data["id_no"],
                    phone=data["phone"],
                    password=data["password"],
                    enterprise_name=data.get("enterprise_name", ""),
                    credit_code=data.get("credit_code", ""),
                )
            except DomainError as exc:
                error = exc
            else:
                sign_in(request, account.user)
                messages.success(request, f"注册成功，欢迎您，{account.display_name}。")
                return redirect(next_url or "citizens:me")
    context = {"form": form, "kind": kind, "error": error, "next": next_url}
    status = error.status if error else (400 if form.errors else 200)
    return public_page(request, "citizens/register.html", context, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    accounts.end_session(request=request)
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("portal:home")

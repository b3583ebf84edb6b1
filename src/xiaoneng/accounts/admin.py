from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from xiaoneng.core.errors import DomainError
from xiaoneng.org.adminkit import ReadOnlyAdmin

from . import actions, views
from .models import ApiToken, LoginLog, LoginThrottle, OnlineSession

# One login: the admin site's login and password pages send to the product's
# (throttle, login log, online users, password rules); its logout ends the
# online-users row too.
admin.site.login = views.admin_login  # type: ignore[method-assign]
admin.site.password_change = views.admin_password_change  # type: ignore[method-assign,assignment]
admin.site.logout = views.admin_logout  # type: ignore[method-assign,assignment]


def _admin_site_permission(request: HttpRequest) -> bool:
    """The admin site opens only to an active staff user who may see at least
    one of its pages (each page is governed by a product permission): anyone
    else signed in gets the staff 403 page (views.admin_login), not an empty
    index or a login form."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    return any(
        model_admin.has_module_permission(request) for model_admin in admin.site._registry.values()
    )


admin.site.has_permission = _admin_site_permission  # type: ignore[method-assign]


@admin.register(LoginLog)
class LoginLogAdmin(ReadOnlyAdmin):
    permission_code = "system.logs"
    list_display = ("id", "username", "ip", "browser", "os", "success", "message", "created_at")
    list_filter = ("success",)
    search_fields = ("username", "ip")
    date_hierarchy = "created_at"


def _each(
    model_admin: admin.ModelAdmin[Any],
    request: HttpRequest,
    rows: QuerySet[Any],
    act: Callable[[Any], object],
    done: str,
) -> None:
    """An admin action over the selected rows, one product action each; a
    refused row is reported and the others go on."""
    count = 0
    for row in rows:
        try:
            act(row)
            count += 1
        except DomainError as exc:
            model_admin.message_user(request, exc.message, messages.ERROR)
    model_admin.message_user(request, done.format(count), messages.SUCCESS)


@admin.register(OnlineSession)
class OnlineSessionAdmin(ReadOnlyAdmin):
    permission_code = "system.online"
    list_display = ("user", "ip", "browser", "os", "login_at", "last_seen_at")
    search_fields = ("user__username", "user__real_name", "ip")
    actions = ("force_logout",)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # The admin hides actions when the user has no change permission; 强退
        # is its own permission, checked again inside the action.
        return {"force_logout": self.get_action("force_logout")}

    @admin.action(description="强退选中的用户")
    def force_logout(self, request: HttpRequest, queryset: QuerySet[OnlineSession]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda online: actions.force_logout(actor=request.user, session_key=online.session_key),
            "已强退 {} 个会话",
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    permission_code = "system.online"
    list_display = (
        "user",
        "name",
        "prefix",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    search_fields = ("user__username", "name", "prefix")
    exclude = ("digest",)


@admin.register(LoginThrottle)
class LoginThrottleAdmin(ReadOnlyAdmin):
    permission_code = "system.online"
    list_display = (
        "scope",
        "ip",
        "username",
        "failures",
        "strikes",
        "blocked_until",
        "updated_at",
    )
    list_filter = ("scope",)
    search_fields = ("ip", "username")
    exclude = ("key",)
    actions = ("lift",)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # As 强退: its own permission, checked again inside the action.
        return {"lift": self.get_action("lift")}

    @admin.action(description="解除选中的登录限制")
    def lift(self, request: HttpRequest, queryset: QuerySet[LoginThrottle]) -> None:
        _each(
            self,
            request,
            queryset,
            lambda row: actions.lift_login_pause(actor=request.user, throttle_id=row.pk),
            "已解除 {} 条登录限制",
        )

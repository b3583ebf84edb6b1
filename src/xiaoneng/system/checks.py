"""Deployment checks of our own (`xiaoneng check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register

from xiaoneng.core import net


@register(Tags.security, deploy=True)
def proxy_hops_declared(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """Production runs behind a reverse proxy (TLS ends there). Without
    XIAONENG_PROXY_HOPS every request seems to come from the proxy: one
    address for the login lockout, the portal's rate limits and the logs."""
    if not getattr(settings, "PRODUCTION", False) or net.PROXY_HOPS > 0:
        return []
    return [
        Warning(
            "生产模式未设置 XIAONENG_PROXY_HOPS：所有请求都将被视为来自反向代理的地址，"
            "登录锁定、门户限流与日志中的客户端地址都会失真。",
            hint="设置为反向代理的层数（一层 nginx 即为 1）。",
            id="xiaoneng.W001",
        )
    ]

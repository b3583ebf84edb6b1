"""What every page's shell needs: product name, the menu of the signed-in user."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .navigation import menu_for

PRODUCT_NAME = "张掖市政府工作效能平台"


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    menu = menu_for(user, request.path) if user is not None and user.is_authenticated else []
    return {"product_name": PRODUCT_NAME, "menu": menu, "demo_mode": settings.DEMO_MODE}

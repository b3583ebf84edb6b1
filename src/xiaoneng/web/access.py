"""Who may open a desk page: the view's first line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from xiaoneng.org.authority import has_perm


def require_perm(request: HttpRequest, *permissions: str) -> None:
    """403 unless the signed-in user holds one of the function permissions
    (the rows they then see are still scoped by the selectors)."""
    if not any(has_perm(request.user, code) for code in permissions):
        raise PermissionDenied

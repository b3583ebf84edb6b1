"""How a desk's POST form reports the action it ran, and where it goes next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from xiaoneng.core.errors import DomainError


def flash_outcome(request: HttpRequest, call: Callable[[], object], done: str) -> bool:
    """Run one action and tell the person how it went: the rule's message and
    stable code when it refuses, `done` when it succeeds."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, f"{exc.message}（{exc.code}）")
        return False
    messages.success(request, done)
    return True


def redirect_within(
    request: HttpRequest, target: str, fallback: str, **kwargs: Any
) -> HttpResponse:
    """Go to `target` (a form's `next`, a message's link) when it stays on
    this site, else to the named `fallback` view."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    response: HttpResponse = redirect(fallback, **kwargs)
    return response

"""How a desk's POST form reports the action it ran."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest

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

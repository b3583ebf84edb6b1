"""How a desk's POST form reports the action it ran, and where it goes next.

The usual desk form: parse the POST, call one action, tell the person how
it went (a flash message), redirect. `post_action` is that view body in one
call; `flash_outcome` and `redirect_within` are its two halves for views
that need something in between."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from xiaoneng.core.errors import DomainError, NotFound

T = TypeVar("T")


def flash_outcome(
    request: HttpRequest,
    call: Callable[[], T],
    done: str | Callable[[T], str],
    *,
    show_code: bool = True,
    missing_is_404: bool = False,
) -> bool:
    """Run one action and tell the person how it went: the rule's message (and
    its stable code, unless `show_code` is off) when it refuses, `done` (or
    `done(result)`) when it succeeds. With `missing_is_404` a NotFound is the
    page's 404, not a message (the form named something that is not there)."""
    try:
        result = call()
    except NotFound as exc:
        if missing_is_404:
            raise Http404 from None
        _refused(request, exc, show_code)
        return False
    except DomainError as exc:
        _refused(request, exc, show_code)
        return False
    messages.success(request, done(result) if callable(done) else done)
    return True


def _refused(request: HttpRequest, exc: DomainError, show_code: bool) -> None:
    messages.error(request, f"{exc.message}（{exc.code}）" if show_code else exc.message)


def post_action(
    request: HttpRequest,
    call: Callable[[], T],
    done: str | Callable[[T], str],
    *,
    to: str,
    follow_next: bool = False,
    show_code: bool = True,
    missing_is_404: bool = False,
    **url_kwargs: Any,
) -> HttpResponse:
    """The whole body of a desk's POST view: run the action (`flash_outcome`),
    then redirect to `to` (a URL name with `url_kwargs`, or a path); with
    `follow_next`, to the form's `next` instead when it stays on this site."""
    flash_outcome(request, call, done, show_code=show_code, missing_is_404=missing_is_404)
    if follow_next:
        return redirect_within(request, request.POST.get("next", ""), to, **url_kwargs)
    response: HttpResponse = redirect(to, **url_kwargs)
    return response


def redirect_within(
    request: HttpRequest, target: str, fallback: str, **kwargs: Any
) -> HttpResponse:
    """Go to `target` (a form's `next`, a message's link) when it stays on
    this site, else to the named `fallback` view."""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    # `redirect`'s stubs answer Any when given **kwargs.
    response: HttpResponse = redirect(fallback, **kwargs)
    return response

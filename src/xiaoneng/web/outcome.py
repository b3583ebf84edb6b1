"""How a desk's POST form reports the action it ran, and where it goes next.

The usual desk form: parse the POST, call one action, tell the person how
it went (a flash message), redirect. `post_action` is that view body in one
call; `flash_outcome` and `redirect_within` are its two halves for views
that need something in between."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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
    """Run one action and tell the person how it went: the rule's message when
    it refuses, `done` (or `done(result)`) when it succeeds. With
    `missing_is_404` a NotFound is the page's 404, not a message (the form
    named something that is not there).

    The refusal's stable code never reaches the text people read (words, not
    codes): it rides along as the message's tag, which the shell renders as
    the alert's `data-error-code` for support staff. `show_code` is kept for
    the callers that still pass it; the code is never shown either way."""
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
    del show_code  # the code is an attribute, never text (see flash_outcome)
    messages.error(request, exc.message, extra_tags=exc.code)


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


def run_record_step(
    request: HttpRequest,
    steps: Mapping[str, tuple[Any, ...]],
    name: str,
    *,
    key: str,
    pk: int,
    to: str,
    fields: Mapping[str, Callable[[Any], dict[str, Any]]] | None = None,
    show_code: bool = True,
) -> HttpResponse:
    """The POST of a record page's step (`…/<pk>/<name>/`): `steps[name]` is
    `(action, done message[, fields])`, `fields(request.POST)` the action's
    keyword arguments (or `fields[name]`); the action gets the actor and the
    record as `key=pk`, then back to the record `to`. An unknown step, or a
    record not found or out of scope, is a 404."""
    entry = steps.get(name)
    if entry is None:
        raise Http404
    action, done, *own = entry
    read = own[0] if own else (fields or {}).get(name, lambda _post: {})
    return post_action(
        request,
        lambda: action(actor=request.user, **{key: pk}, **read(request.POST)),
        done,
        to=to,
        show_code=show_code,
        missing_is_404=True,
        pk=pk,
    )


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

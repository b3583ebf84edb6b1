"""Security headers that Django 5.2 does not set itself (SecurityMiddleware
sets nosniff, Referrer-Policy, Cross-Origin-Opener-Policy, HSTS):

- Content-Security-Policy on every response (settings.CONTENT_SECURITY_POLICY):
  scripts from this origin only, no inline script, no eval;
- Permissions-Policy: no camera, microphone, geolocation … for any page;
- `Cache-Control: no-store` on every response to a signed-in user or a bearer
  token, so no browser or proxy cache keeps a page with personal or case data
  after sign-out (a view's own directives are kept; no-store is added) —
  static files excepted, whose hashed names are cached for good."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from whitenoise.middleware import WhiteNoiseFileResponse


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp: str = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.permissions: str = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        # A static file (answered by WhiteNoise) carries no personal data: a
        # token-bearing client keeps its ten-year, immutable cache.
        if _signed_in(request) and not isinstance(response, WhiteNoiseFileResponse):
            patch_cache_control(response, no_store=True, private=True)
        return response


def _signed_in(request: HttpRequest) -> bool:
    if "Authorization" in request.headers:
        return True
    # Set by AuthenticationMiddleware; absent when an outer layer (static
    # files) answered first.
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)

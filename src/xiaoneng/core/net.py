"""Request helpers shared by logs and rate limits."""

from __future__ import annotations

import os
from typing import Any

# Only trust X-Forwarded-For when a reverse proxy is declared in front of us.
TRUST_PROXY = os.environ.get("XIAONENG_TRUST_PROXY", "").lower() in {"1", "true", "yes"}


def client_ip(request: Any) -> str | None:
    if TRUST_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[0].strip()) or None
    return request.META.get("REMOTE_ADDR") or None

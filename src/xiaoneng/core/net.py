"""Request helpers shared by logs and rate limits: who is the client?

Behind reverse proxies each proxy appends the address it received the request
from to `X-Forwarded-For`, so the right-most entries are written by proxies
we run and the left-most ones by whoever sent the request, which is to say
anyone. With N proxies in front (`XIAONENG_PROXY_HOPS=N`), the client is the
N-th address from the right; everything left of it is the client's own claim
and is ignored. `XIAONENG_TRUST_PROXY=1` (the older switch) means one proxy.
No proxy declared, a header with fewer entries than hops, or an entry that is
not an IP address: the socket's address (`REMOTE_ADDR`) is the answer.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from typing import Any

_TRUE = {"1", "true", "yes", "on"}


def proxy_hops(environ: Mapping[str, str] = os.environ) -> int:
    """The number of reverse proxies in front of the app, from the environment."""
    raw = environ.get("XIAONENG_PROXY_HOPS", "").strip()
    if raw:
        try:
            return max(0, int(raw))
        except ValueError:
            raise ValueError(f"XIAONENG_PROXY_HOPS 必须是非负整数，而不是 {raw!r}") from None
    return 1 if environ.get("XIAONENG_TRUST_PROXY", "").strip().lower() in _TRUE else 0


# Read once at start-up: the deployment does not change while it runs.
PROXY_HOPS = proxy_hops()


def _address(entry: str) -> str | None:
    """A normalised IP address from one X-Forwarded-For entry, else None.
    Accepts the forms proxies write: `203.0.113.7`, `2001:db8::1`,
    `203.0.113.7:51234` and `[2001:db8::1]:51234`."""
    entry = entry.strip()
    if entry.startswith("["):
        host, bracket, _port = entry[1:].partition("]")
        entry = host if bracket else ""
    elif entry.count(":") == 1:
        entry = entry.partition(":")[0]
    try:
        return str(ipaddress.ip_address(entry))
    except ValueError:
        return None


def forwarded_client(forwarded_for: str, hops: int) -> str | None:
    """The client address that `hops` trusted proxies vouch for in an
    X-Forwarded-For value, or None when the header cannot say."""
    if hops <= 0 or not forwarded_for:
        return None
    entries = forwarded_for.split(",")
    if len(entries) < hops:
        return None
    return _address(entries[-hops])


def client_ip(request: Any, hops: int | None = None) -> str | None:
    hops = PROXY_HOPS if hops is None else hops
    meta = request.META
    forwarded = forwarded_client(meta.get("HTTP_X_FORWARDED_FOR", ""), hops)
    if forwarded:
        return forwarded
    return meta.get("REMOTE_ADDR") or None

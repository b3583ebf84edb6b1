"""Issue 18 item 15: behind N proxies the client is the N-th X-Forwarded-For
address from the right; whatever the client wrote to the left of it, and any
header that cannot say, count for nothing."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from xiaoneng.core import net
from xiaoneng.core.net import client_ip, forwarded_client, proxy_hops

SOCKET = "10.0.0.5"  # the nearest proxy, as the socket sees it


def request(forwarded_for: str | None = None, remote: str = SOCKET) -> Any:
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return SimpleNamespace(META=meta)


def test_no_proxy_declared_ignores_the_header() -> None:
    assert client_ip(request("1.2.3.4"), hops=0) == SOCKET


def test_one_proxy_takes_the_right_most_address_not_the_spoofed_left_most() -> None:
    # The client sent "X-Forwarded-For: 1.2.3.4"; our proxy appended 203.0.113.7.
    assert client_ip(request("1.2.3.4, 203.0.113.7"), hops=1) == "203.0.113.7"
    assert client_ip(request("203.0.113.7"), hops=1) == "203.0.113.7"


def test_two_proxies_take_the_second_from_the_right() -> None:
    # client → edge proxy (appends the client) → inner proxy (appends the edge)
    header = "6.6.6.6, 7.7.7.7, 203.0.113.7, 10.0.0.9"
    assert client_ip(request(header), hops=2) == "203.0.113.7"


@pytest.mark.parametrize(
    "header",
    [
        "",  # empty
        "203.0.113.7",  # fewer entries than proxies: it did not pass them all
        "1.2.3.4, not-an-ip",  # garbage where the client should be
        "1.2.3.4, 203.0.113.7 <script>",
        "1.2.3.4, ",
        "1.2.3.4, 999.1.1.1",
    ],
)
def test_garbage_falls_back_to_the_socket_address(header: str) -> None:
    hops = 2 if header == "203.0.113.7" else 1
    assert client_ip(request(header), hops=hops) == SOCKET


@pytest.mark.parametrize(
    ("entry", "address"),
    [
        ("203.0.113.7:51234", "203.0.113.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("[2001:db8::1]:51234", "2001:db8::1"),
        (" 2001:DB8::0001 ", "2001:db8::1"),
    ],
)
def test_address_forms_proxies_write(entry: str, address: str) -> None:
    assert forwarded_client(f"1.2.3.4, {entry}", 1) == address


def test_hops_from_the_environment() -> None:
    assert proxy_hops({}) == 0
    assert proxy_hops({"XIAONENG_TRUST_PROXY": "1"}) == 1  # the older switch: one proxy
    assert proxy_hops({"XIAONENG_TRUST_PROXY": "0"}) == 0
    assert proxy_hops({"XIAONENG_PROXY_HOPS": "2", "XIAONENG_TRUST_PROXY": "1"}) == 2
    assert proxy_hops({"XIAONENG_PROXY_HOPS": "0", "XIAONENG_TRUST_PROXY": "1"}) == 0
    with pytest.raises(ValueError, match="XIAONENG_PROXY_HOPS"):
        proxy_hops({"XIAONENG_PROXY_HOPS": "two"})


def test_the_portal_rate_limit_counts_the_real_client_not_the_spoofed_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A client who rotates a fake left-most address still has one counter."""
    from xiaoneng.web.ratelimit import _key

    monkeypatch.setattr(net, "PROXY_HOPS", 1)
    keys = {_key("track", request(f"198.51.100.{i}, 203.0.113.7")) for i in range(5)}
    assert len(keys) == 1
    assert _key("track", request("198.51.100.1, 203.0.113.8")) not in keys

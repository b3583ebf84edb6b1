"""Abuse resistance: per-IP limits on the public forms, a Chinese 429 page
with the code rate_limited, limits as parameters (0 lifts them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xiaoneng.cases.models import Case
from xiaoneng.web.models import RateBucket

pytestmark = pytest.mark.django_db


def _track(client: Client, ip: str = "10.0.0.1", **params: str) -> Any:
    return client.post("/track/", params or {"no": "1", "code": "2"}, REMOTE_ADDR=ip)


def test_tracking_is_limited_per_ip(client: Client, set_limit: Any) -> None:
    set_limit("portal.track_per_minute", 3)
    for _ in range(3):
        assert _track(client).status_code == 200
    refused = _track(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    html = refused.content.decode()
    assert "访问过于频繁" in html
    assert "rate_limited" in html
    assert _track(client, ip="10.0.0.2").status_code == 200  # another client


def test_a_right_code_counts_too(
    client: Client, set_limit: Any, received: tuple[Case, str]
) -> None:
    case, code = received
    set_limit("portal.track_per_minute", 1)
    assert _track(client, no=case.tracking_no, code=code).status_code == 200
    assert _track(client, no=case.tracking_no, code=code).status_code == 429


def test_the_form_alone_is_not_counted(client: Client, set_limit: Any) -> None:
    set_limit("portal.track_per_minute", 1)
    for _ in range(3):
        assert client.get("/track/", REMOTE_ADDR="10.0.0.1").status_code == 200
    assert not RateBucket.objects.exists()


def test_the_window_ends(client: Client, set_limit: Any) -> None:
    set_limit("portal.track_per_minute", 1)
    assert _track(client).status_code == 200
    assert _track(client).status_code == 429
    RateBucket.objects.update(started_at=timezone.now() - timedelta(seconds=61))
    assert _track(client).status_code == 200


def test_zero_lifts_the_limit(client: Client, set_limit: Any) -> None:
    set_limit("portal.track_per_minute", 0)
    for _ in range(20):
        assert _track(client).status_code == 200
    assert not RateBucket.objects.exists()


def test_search_and_results_filters_are_limited(
    client: Client, set_limit: Any, catalog: None
) -> None:
    set_limit("portal.search_per_minute", 2)
    assert client.get("/guide/", {"q": "企业"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/results/", {"dept": "1"}, REMOTE_ADDR="10.0.0.9").status_code == 200
    assert client.get("/guide/", {"q": "企业"}, REMOTE_ADDR="10.0.0.9").status_code == 429
    # Browsing without a query is not a form submission.
    assert client.get("/guide/", {"event": "business"}, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_the_ip_is_stored_only_as_a_digest(client: Client, set_limit: Any) -> None:
    set_limit("portal.track_per_minute", 5)
    _track(client, ip="192.0.2.77")
    bucket = RateBucket.objects.get()
    assert "192.0.2.77" not in bucket.key
    assert len(bucket.key) == 64


def test_default_limits_are_parameters() -> None:
    from xiaoneng.system.params import REGISTRY

    assert REGISTRY["portal.track_per_minute"].default == 10
    assert REGISTRY["portal.search_per_minute"].minimum == 0

"""Several application servers: a Redis they share (XIAONENG_REDIS_URL in the
product; here XIAONENG_TEST_REDIS_URL, else the local one). Every test gets
its own key prefix and removes its keys, never the whole database (another
run may share the Redis). Without a Redis the tests skip — under CI=true
Redis is always up, so there they fail instead."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from deploy_redis import REDIS_URL, forget_prefix, redis_caches

from xiaoneng.calendar import selectors as calendar_selectors
from xiaoneng.system import params


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        if _in_ci():
            pytest.fail(f"CI=true but Redis at {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"no Redis at {REDIS_URL} ({exc}): the shared-cache tests need one")
    finally:
        client.close()
    return REDIS_URL


@pytest.fixture
def shared_cache(settings: Any, redis_url: str) -> Iterator[str]:
    """This process as one of several servers: the settings XIAONENG_REDIS_URL
    gives, under a key prefix of the test's own (returned)."""
    prefix = f"xntest-{uuid.uuid4().hex[:12]}"
    settings.CACHES = redis_caches(redis_url, prefix)
    settings.SHARED_CACHE = True
    settings.SESSION_ENGINE = "xiaoneng.accounts.sessions"
    calendar_selectors.invalidate_cache()
    params._copy = None
    try:
        yield prefix
    finally:
        forget_prefix(redis_url, prefix)
        calendar_selectors.invalidate_cache()
        params._copy = None

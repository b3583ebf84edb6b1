"""The Redis of the shared-cache tests, and their own keys in it."""

from __future__ import annotations

import os
from typing import Any

REDIS_URL = os.environ.get("XIAONENG_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def forget_prefix(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def redis_caches(url: str, prefix: str) -> dict[str, Any]:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

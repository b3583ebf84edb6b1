"""What the shared cache costs per call (issue 16): `get_param`,
`current_calendar` and the rate-limit check, with the per-process cache
(LocMemCache, one host) and with Redis (XIAONENG_REDIS_URL, several servers),
in the same run on the same database.

    uv run --frozen python bench/bench_shared_cache.py [--calls 5000]
        [--redis redis://127.0.0.1:6379/0]

The database is a scratch SQLite file: a copy of var/xiaoneng.sqlite3 when
there is one (migrated to the current schema), else migrated from nothing.
Redis keys are written under a prefix of this run and removed at the end."""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _scratch_database(directory: Path) -> Path:
    target = directory / "bench.sqlite3"
    source = ROOT / "var" / "xiaoneng.sqlite3"
    if source.is_file():
        with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
            src.backup(dst)
    return target


def _per_call(fn: Callable[[], object], calls: int) -> float:
    """Microseconds per call, best of three rounds."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            fn()
        best = min(best, (time.perf_counter() - started) / calls * 1e6)
    return best


def measure(calls: int) -> dict[str, float]:
    from django.core.signals import request_finished, request_started
    from django.test import RequestFactory

    from xiaoneng.calendar import selectors as calendar_selectors
    from xiaoneng.system import params
    from xiaoneng.web import ratelimit

    params._copy = None
    calendar_selectors.invalidate_cache()
    params.get_param("case.warning_days")
    calendar_selectors.current_calendar()

    def five_in_a_request() -> None:
        request_started.send(sender=None)
        for _ in range(5):
            params.get_param("case.warning_days")
        request_finished.send(sender=None)

    factory = RequestFactory()
    requests = [factory.get("/track/", REMOTE_ADDR=f"10.9.{i // 250}.{i % 250}") for i in range(50)]
    turn = iter(range(10**9))

    def one_param() -> None:
        params.get_param("case.warning_days")

    calendar = calendar_selectors.current_calendar

    def check() -> None:
        ratelimit.allow(requests[next(turn) % 50], "bench", "portal.track_per_minute")

    return {
        "get_param, outside a request": _per_call(one_param, calls),
        "request reading 5 parameters": _per_call(five_in_a_request, calls),
        "current_calendar, outside a request": _per_call(calendar, calls),
        "rate-limit check (allow)": _per_call(check, max(calls // 5, 200)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="xn-bench-shared-"))
    os.environ["XIAONENG_SQLITE_PATH"] = str(_scratch_database(tmp))
    os.environ["XIAONENG_VAR_DIR"] = str(tmp / "var")
    os.environ.pop("XIAONENG_REDIS_URL", None)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiaoneng.config.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import override_settings

    from xiaoneng.system.models import Parameter

    call_command("migrate", verbosity=0)
    Parameter.objects.filter(key="portal.track_per_minute").update(value="100000")
    prefix = f"xnbench-{uuid.uuid4().hex[:8]}"
    redis_caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": args.redis,
            "KEY_PREFIX": prefix,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    local = measure(args.calls)
    with override_settings(CACHES=redis_caches, SHARED_CACHE=True):
        shared = measure(args.calls)
    import redis

    client = redis.Redis.from_url(args.redis)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()
    print(f"| µs per call ({args.calls} calls, best of 3) | LocMemCache + SQLite | Redis |")
    print("|---|---:|---:|")
    for name, value in local.items():
        print(f"| {name} | {value:.1f} | {shared[name]:.1f} |")


if __name__ == "__main__":
    main()

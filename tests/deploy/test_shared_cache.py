"""The shared cache in one process standing for one of several servers: what
another server does is written straight into Redis (a new generation token)
or into the database, and this process must apply it on its next read —
parameters, the calendar, rate-limit counters, sessions."""

from __future__ import annotations

import pickle
import time
from datetime import date
from typing import Any

import pytest
import redis
from deploy_redis import redis_caches
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.test import Client

from xiaoneng.calendar.actions import import_schedule
from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.org.models import User
from xiaoneng.system import params
from xiaoneng.system.actions import set_parameter
from xiaoneng.system.generations import Generation
from xiaoneng.system.models import Parameter
from xiaoneng.web.models import RateBucket

pytestmark = pytest.mark.django_db

KEY = "portal.track_per_minute"
PASSWORD = "Deploy-2026-shared"


@pytest.fixture
def admin(db: Any) -> User:
    return User.objects.create_superuser("deployadmin", password=PASSWORD)


def _token_in_redis(url: str, prefix: str, name: str) -> str | None:
    client = redis.Redis.from_url(url)
    try:
        raw = client.get(f"{prefix}:1:generation:{name}")
    finally:
        client.close()
    return str(pickle.loads(raw)) if raw is not None else None  # noqa: S301 - our own test key


def _another_server_commits_a_parameter(value: str) -> None:
    """What set_parameter on another server leaves behind: the row, and a new
    token in the shared cache (its process-local copy is not ours)."""
    Parameter.objects.filter(key=KEY).update(value=value)
    Generation("param").bump()


def test_a_parameter_changed_elsewhere_is_applied_at_once(
    shared_cache: str, redis_url: str
) -> None:
    assert params.get_param(KEY) == 10
    token = _token_in_redis(redis_url, shared_cache, "param")
    assert token is not None  # the token lives in Redis, under the deployment's prefix
    Parameter.objects.filter(key=KEY).update(value="7")
    assert params.get_param(KEY) == 10  # no new token: this process keeps its copy
    _another_server_commits_a_parameter("7")
    assert _token_in_redis(redis_url, shared_cache, "param") != token
    assert params.get_param(KEY) == 7  # no stamp window: the next read


def test_a_copy_is_free_while_the_token_stands(
    shared_cache: str, django_assert_num_queries: Any
) -> None:
    params.get_param(KEY)
    with django_assert_num_queries(0):
        assert params.get_param(KEY) == 10


def test_one_cache_read_per_request(shared_cache: str, monkeypatch: pytest.MonkeyPatch) -> None:
    params.get_param(KEY)
    reads: list[str] = []

    class Counting:
        def get(self, key: str, *args: Any) -> Any:
            reads.append(key)
            return cache.get(key, *args)

        def __getattr__(self, name: str) -> Any:
            return getattr(cache, name)

    monkeypatch.setattr("xiaoneng.system.generations.cache", Counting())
    request_started.send(sender=None)
    try:
        for _ in range(5):
            params.get_param(KEY)
    finally:
        request_finished.send(sender=None)
    assert reads == ["generation:param"]
    params.get_param(KEY)  # outside a request: every read asks
    assert reads == ["generation:param"] * 2


def test_the_writer_reads_its_change_and_a_rollback_leaves_no_trace(
    shared_cache: str, admin: User
) -> None:
    assert params.get_param(KEY) == 10
    with transaction.atomic():
        set_parameter(actor=admin, key=KEY, value="4")
        assert params.get_param(KEY) == 4  # its own transaction sees it
        transaction.set_rollback(True)
    assert params.get_param(KEY) == 10
    assert params._copy is not None
    assert params._copy.raw.get(KEY) in {None, "10"}  # the process copy never held the 4


def test_a_committed_change_replaces_the_token(
    shared_cache: str, redis_url: str, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    params.get_param(KEY)
    before = _token_in_redis(redis_url, shared_cache, "param")
    with django_capture_on_commit_callbacks(execute=True):
        set_parameter(actor=admin, key=KEY, value="3")
    assert _token_in_redis(redis_url, shared_cache, "param") not in {None, before}
    assert params.get_param(KEY) == 3


def test_without_an_answering_cache_the_database_answers(settings: Any) -> None:
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0", "xntest-down")
    settings.SHARED_CACHE = True
    Parameter.objects.filter(key=KEY).update(value="6")
    assert params.get_param(KEY) == 6
    assert current_calendar().is_workday(date(2026, 10, 1)) is False


# --- Calendar ---------------------------------------------------------------------


def test_an_import_elsewhere_is_seen_at_once(
    shared_cache: str,
    admin: User,
    django_assert_num_queries: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = current_calendar()
    with django_assert_num_queries(0):
        assert current_calendar() is first
    day = date(2031, 3, 3)
    assert first.is_workday(day)
    # Another server imports: its rows are in the database, its process
    # forgets its own copy (not ours), its commit replaces the token.
    monkeypatch.setattr("xiaoneng.calendar.actions.calendar_changed", lambda: None)
    import_schedule(actor=admin, year=2031, days=[(day, "holiday", "测试假日")], source="测试")
    assert current_calendar() is first  # no stamp window with the shared cache: the token
    Generation("calendar").bump()
    assert not current_calendar().is_workday(day)


def test_the_importer_sees_its_import_and_a_rollback_leaves_no_trace(
    shared_cache: str, admin: User
) -> None:
    day = date(2031, 3, 4)
    assert current_calendar().is_workday(day)
    with transaction.atomic():
        import_schedule(actor=admin, year=2031, days=[(day, "holiday", "测试假日")], source="测试")
        assert not current_calendar().is_workday(day)
        transaction.set_rollback(True)
    assert current_calendar().is_workday(day)


# --- Rate limits ---------------------------------------------------------------------


def _track(client: Client, ip: str = "10.0.0.1") -> Any:
    return client.post("/track/", {"no": "1", "code": "2"}, REMOTE_ADDR=ip)


def test_counters_live_in_redis_not_in_the_database(
    shared_cache: str, admin: User, client: Client
) -> None:
    set_parameter(actor=admin, key=KEY, value="3")
    for _ in range(3):
        assert _track(client).status_code == 200
    refused = _track(client)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert _track(client, ip="10.0.0.2").status_code == 200  # another client
    assert not RateBucket.objects.exists()


def test_the_cache_window_ends(
    shared_cache: str, admin: User, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_parameter(actor=admin, key=KEY, value="1")
    now = time.time()
    monkeypatch.setattr("xiaoneng.web.ratelimit.time.time", lambda: now)
    assert _track(client).status_code == 200
    assert _track(client).status_code == 429
    monkeypatch.setattr("xiaoneng.web.ratelimit.time.time", lambda: now + 60)
    assert _track(client).status_code == 200


def test_without_an_answering_cache_the_database_counts(
    settings: Any, admin: User, client: Client
) -> None:
    set_parameter(actor=admin, key=KEY, value="2")
    settings.CACHES = redis_caches("redis://127.0.0.1:1/0", "xntest-down")
    settings.SHARED_CACHE = True
    assert _track(client).status_code == 200
    assert _track(client).status_code == 200
    assert _track(client).status_code == 429
    assert RateBucket.objects.get().hits == 2


# --- Sessions ---------------------------------------------------------------------------


def test_a_deleted_session_ends_on_every_server(
    shared_cache: str, client: Client, admin: User, django_capture_on_commit_callbacks: Any
) -> None:
    signed = client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    assert signed.status_code == 302
    assert client.get("/workbench/").status_code == 200  # the session is now in Redis
    key = client.cookies["sessionid"].value
    # 强退 elsewhere: the row goes (as accounts.actions deletes it), the cache is not told.
    with django_capture_on_commit_callbacks(execute=True):
        Session.objects.filter(session_key=key).delete()
    assert client.get("/workbench/").status_code == 302  # to the login page

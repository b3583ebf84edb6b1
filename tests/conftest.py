"""Shared fixtures: the world is built through the real actions (the demo city
loader calls them), never by writing rows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from audit.harness import (  # noqa: F401 - fixtures for the whole suite
    _audit_checkpoints_per_test,
    _audit_files_in_a_temporary_directory,
    _flush_lifts_the_sqlite_audit_triggers,
)
from worlds import publish_promise_item
from xiaoneng.calendar import selectors as calendar_selectors
from xiaoneng.catalog.models import ApprovalItem, HandlingMode, ItemStatus
from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org.models import User


@pytest.fixture(scope="session", autouse=True)
def _pii_keys_in_a_temporary_directory(tmp_path_factory: pytest.TempPathFactory) -> Any:
    # Personal data is sealed with keys outside the database (system/pii.py):
    # the suite's keyring lives in a temporary directory, never the repository's var/.
    base = tmp_path_factory.mktemp("pii")
    with override_settings(PII_KEY="", PII_KEYRING=base / "keys" / "pii.keyring"):
        yield base


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    # Argon2 is deliberately slow; tests of other things need not pay for it
    # (tests/accounts/test_passwords.py checks that production hashes with Argon2).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    # Parameters are cached; a test's rolled-back change must not leak into
    # the next test through the cache; nor a rolled-back calendar import
    # through this process's calendar (checked against its stamp ≤ 1/s).
    cache.clear()
    calendar_selectors.invalidate_cache()


@pytest.fixture
def demo_city(db: Any) -> None:
    load_demo_city()


@pytest.fixture
def users(demo_city: None) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def login(client: Client, demo_city: None) -> Any:
    """login("window") signs the test client in through the real login form."""

    def sign_in(username: str) -> Client:
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, response.content[:500]
        return client

    return sign_in


def pytest_sessionstart(session: pytest.Session) -> None:
    """Under CI a missing Chromium or CJK font fails the run: the browser walks
    and the documents' layout tests would otherwise skip and pass unseen."""
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return
    from xiaoneng.documents.conf import font_files

    fonts = font_files()
    needed = [
        ("Chromium", Path("/usr/bin/chromium")),
        ("CJK font", fonts.regular),
        *(("CJK fallback font", face.path) for face in fonts.fallbacks),
        *((f"{part.value} font", path) for part, path in fonts.parts),
    ]
    missing = [f"{what} ({path})" for what, path in needed if not path.is_file()]
    if missing:
        pytest.exit(f"CI=true but missing: {', '.join(missing)}", returncode=3)


# Fixtures that give a test the database: a test with none of them never
# touches it, so a second run on another engine (CI's PostgreSQL half, with
# XIAONENG_DATABASE_TESTS_ONLY=1) would only repeat it.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def _uses_database(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    return bool(
        item.get_closest_marker("django_db")
        or item.get_closest_marker("deploy")
        or fixtures & DATABASE_FIXTURES
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Transactional tests flush every table when they end, which would also
    wipe what migrations install (roles, code sets, parameters, the shipped
    holiday schedules). Serialised rollback restores it for the next one."""
    if os.environ.get("XIAONENG_DATABASE_TESTS_ONLY") == "1":
        kept = [item for item in items if _uses_database(item)]
        deselected = [item for item in items if not _uses_database(item)]
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
    for item in items:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", ())
        transactional = (marker is not None and marker.kwargs.get("transaction")) or (
            "live_server" in fixtures or "transactional_db" in fixtures
        )
        if transactional:
            item.add_marker(
                pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False
            )


# --- The demo catalog and cases (tests/cases, supervision, scores, documents …)


@pytest.fixture
def catalog(users: dict[str, User]) -> None:
    load_demo_catalog(users["admin"])


@pytest.fixture
def promise_item(users: dict[str, User], catalog: None) -> ApprovalItem:
    return publish_promise_item(users["admin"])


@pytest.fixture
def other_item(catalog: None) -> ApprovalItem:
    """A published single-department 承诺件 of another department than 市工商局."""
    item = (
        ApprovalItem.objects.filter(
            status=ItemStatus.PUBLISHED,
            committed_limit_days__gt=1,
            handling_mode=HandlingMode.SINGLE,
        )
        .exclude(department__code="620700005")
        .order_by("code")
        .first()
    )
    assert item is not None
    return item


@pytest.fixture
def api(client: Client, login: Any) -> Any:
    """api("window").post(path, body) — the JSON API (/api/v1) as a signed-in role."""

    class Api:
        def __init__(self, username: str) -> None:
            client.logout()
            login(username)

        def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
            return client.post(f"/api/v1{path}", body or {}, content_type="application/json")

        def get(self, path: str) -> Any:
            # A path under /api/v1 or a full one the API itself handed out.
            return client.get(path if path.startswith("/api/") else f"/api/v1{path}")

    return Api

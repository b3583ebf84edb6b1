"""Two application servers (two `xiaoneng serve` processes on two ports) on
one PostgreSQL database and one Redis: a parameter changed through A's
parameter page is applied by B on its next request, the rate limit is
counted once for both, and a calendar imported through A is B's calendar at
once. PostgreSQL only: the scratch database is a copy of the test database
(CREATE DATABASE … TEMPLATE, migrated once by the test run)."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from deploy_redis import forget_prefix
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connections
from django.utils import timezone

pytestmark = pytest.mark.deploy

HOST = "127.0.0.1"
PASSWORD = "Deploy-2026-servers"
LIMIT = 3
HOLIDAY = "2031-03-03"


def _postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _maintenance(sql: str) -> None:
    import psycopg

    default = settings.DATABASES["default"]
    with psycopg.connect(
        host=default["HOST"], port=default["PORT"] or 5432, user=default["USER"], dbname="postgres"
    ) as admin:
        admin.autocommit = True
        admin.execute(sql)


@pytest.fixture
def scratch_database(transactional_db: None, django_db_blocker: Any) -> Iterator[str]:
    """A copy of the migrated test database with one superuser; its URL. As a
    transactional test it gets the migrations' rows back first (serialized
    rollback, tests/conftest.py): another transactional test may have flushed
    them just before."""
    if not _postgres():
        pytest.skip("two servers share a PostgreSQL database: run with DATABASE_URL=postgres://…")
    default = settings.DATABASES["default"]
    name = f"xn_deploy_{os.getpid()}"
    with django_db_blocker.unblock():
        connections.close_all()  # a template may have no open session while it is copied
        _maintenance(f'DROP DATABASE IF EXISTS "{name}"')
        _maintenance(f'CREATE DATABASE "{name}" TEMPLATE "{default["NAME"]}"')
        url = f"postgres://{default['USER']}@{default['HOST']}:{default['PORT'] or 5432}/{name}"
        try:
            _add_superuser(name)
            yield url
        finally:
            _maintenance(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _add_superuser(name: str) -> None:
    from xiaoneng.org.models import User

    alias = "deploy_scratch"
    connections.settings[alias] = {**settings.DATABASES["default"], "NAME": name}
    try:
        # The servers hash with Argon2 (the suite's MD5 shortcut is not theirs),
        # and a password set just now is not past its age.
        argon2 = Argon2PasswordHasher()
        User.objects.db_manager(alias).create_superuser(
            "deployadmin",
            password=None,
        )
        User.objects.db_manager(alias).filter(username="deployadmin").update(
            password=argon2.encode(PASSWORD, argon2.salt()), password_changed_at=timezone.now()
        )
    finally:
        connections[alias].close()
        del connections.settings[alias]


class Server:
    def __init__(self, url: str, env: dict[str, str], log: Path) -> None:
        self.port = _free_port()
        self.base = f"http://{HOST}:{self.port}"
        script = Path(sys.executable).with_name("xiaoneng")
        command = [str(script), "serve", "--no-demo", "--no-worker", "--workers", "1",
                   "--host", HOST, "--port", str(self.port)]  # fmt: skip
        self.log = log.open("wb")
        self.process = subprocess.Popen(  # noqa: S603 - our own console script
            command, env={**env, "DATABASE_URL": url}, stdout=self.log, stderr=subprocess.STDOUT
        )
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        self.jar = jar

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            assert self.process.poll() is None, "the server stopped"
            try:
                self.get("/accounts/login/")
                return
            except OSError:
                time.sleep(0.2)
        pytest.fail(f"{self.base} did not answer in time")

    def get(
        self, path: str, ip: str = "198.51.100.1", form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        """GET `path`, or POST `form` to it urlencoded (a form without CSRF, as 办件查询)."""
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(  # noqa: S310 - our own http:// server
            self.base + path, data=data, headers={"X-Forwarded-For": ip}
        )
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()

    def post(self, path: str, fields: dict[str, str], files: dict[str, bytes] | None = None) -> int:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "csrfmiddlewaretoken": token}.items()
        ]
        for key, data in (files or {}).items():
            head = (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{key}.csv"\r\nContent-Type: text/csv\r\n\r\n'
            )
            parts.append(head.encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(  # noqa: S310 - our own http:// server
            self.base + path,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
                "X-Forwarded-For": "198.51.100.1",
            },
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            with error:
                return int(error.code)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def two_servers(
    scratch_database: str, redis_url: str, tmp_path: Path
) -> Iterator[tuple[Server, Server]]:
    prefix = f"xndeploy-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "XIAONENG_REDIS_URL": redis_url,
        "XIAONENG_CACHE_PREFIX": prefix,
        "XIAONENG_SECRET_KEY": uuid.uuid4().hex * 2,  # one key: a session is good on both
        "XIAONENG_PROXY_HOPS": "1",  # X-Forwarded-For names the client
        "XIAONENG_VAR_DIR": str(tmp_path / "var"),
        "XIAONENG_AUDIT_KEYRING": str(tmp_path / "keys" / "audit.keyring"),
        "XIAONENG_AUDIT_CHECKPOINTS": str(tmp_path / "audit" / "checkpoints.jsonl"),
        "XIAONENG_PII_KEYRING": str(tmp_path / "keys" / "pii.keyring"),
        # The static files' collection (tests/web/test_static_assets.py) is
        # not what this test is about; it would only add its seconds twice.
        "XIAONENG_STATIC_STORAGE": "plain",
    }
    servers: list[Server] = []
    try:
        servers = [Server(scratch_database, env, tmp_path / f"{n}.log") for n in "ab"]
        deadline = time.monotonic() + 90
        for server in servers:
            server.wait_ready(deadline)
        yield servers[0], servers[1]
    finally:
        for server in servers:
            server.stop()
        forget_prefix(redis_url, prefix)


def _sign_in(server: Server) -> None:
    server.get("/accounts/login/")
    assert server.post("/accounts/login/", {"username": "deployadmin", "password": PASSWORD}) in {
        200,
        302,
    }
    assert server.get("/admin/")[0] == 200, "the admin is signed in"


def _parameter_page(server: Server, key: str) -> str:
    status, html = server.get(f"/admin/system/parameter/?q={urllib.parse.quote(key)}")
    assert status == 200
    found = re.search(r'href="(/admin/system/parameter/\d+/change/)', html)
    assert found, "the parameter's row on the page"
    return found.group(1)


def _track(server: Server, ip: str) -> int:
    return server.get("/track/", ip=ip, form={"no": "1", "code": "2"})[0]


def _is_workday(server: Server, day: str) -> bool:
    status, body = server.get(f"/api/v1/calendar/days?from={day}&to={day}")
    assert status == 200, body
    return bool(json.loads(body)[0]["workday"])


def test_two_servers_agree_at_once(two_servers: tuple[Server, Server]) -> None:
    a, b = two_servers
    _sign_in(a)
    # B has read the default limit and the calendar: its own copies stand.
    assert _track(b, "203.0.113.9") == 200
    assert _is_workday(b, HOLIDAY)

    change = _parameter_page(a, "portal.track_per_minute")
    a.get(change)
    assert a.post(change, {"value": str(LIMIT), "_save": "1"}) in {200, 302}
    changed_at = time.monotonic()
    # The parameter: B's very next request applies it (a fresh client: LIMIT
    # requests, then refused), well inside a second.
    for _ in range(LIMIT):
        assert _track(b, "203.0.113.10") == 200
    assert _track(b, "203.0.113.10") == 429
    assert time.monotonic() - changed_at < 1.0

    # The count is shared: LIMIT requests on A, the next one on B is refused.
    for _ in range(LIMIT):
        assert _track(a, "203.0.113.11") == 200
    assert _track(b, "203.0.113.11") == 429

    # The calendar: imported through A, B's next answer knows the holiday.
    a.get("/calendar/import/")
    csv = f"date,kind,name\n{HOLIDAY},holiday,部署测试假日\n".encode()
    imported = a.post(
        "/calendar/import/", {"year": "2031", "source": "部署测试"}, files={"file": csv}
    )
    assert imported in {200, 302}
    imported_at = time.monotonic()
    assert not _is_workday(b, HOLIDAY)
    assert time.monotonic() - imported_at < 1.0

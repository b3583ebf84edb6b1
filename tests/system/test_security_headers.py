"""Issue 18 item 16: Content-Security-Policy, Referrer-Policy, no-store on
signed-in pages, templates a strict script policy can hold, and
`check --deploy` clean in production mode."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

SRC = Path(__file__).resolve().parents[2] / "src" / "xiaoneng"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.django_db
def test_every_page_carries_the_policy_headers(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]  # no inline script, no eval, no other host
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_public_pages_stay_cacheable_signed_in_pages_do_not(login: Any) -> None:
    client = Client()
    assert "no-store" not in client.get("/guide/").get("Cache-Control", "")
    signed_in = login("window")
    for path in ("/workbench/", "/guide/", "/cases/desk/"):
        response = signed_in.get(path)
        assert response.status_code in {200, 302, 403}, path
        assert "no-store" in response["Cache-Control"], path
        assert "private" in response["Cache-Control"], path


@pytest.mark.django_db
def test_a_view_that_chose_its_cache_directives_keeps_them_and_gets_no_store(login: Any) -> None:
    signed_in = login("supervisor")
    response = signed_in.get("/bigscreen/snapshot.json")
    assert response.status_code == 200
    cache_control = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= cache_control
    assert response["ETag"]  # the screen still polls with If-None-Match
    again = signed_in.get("/bigscreen/snapshot.json", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.django_db
def test_bearer_token_requests_are_not_stored(client: Client) -> None:
    response = client.get("/api/v1/items", HTTP_AUTHORIZATION="Bearer xn_not_a_token")
    assert "no-store" in response["Cache-Control"]


# --- Templates a strict script policy can hold -------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _templates() -> list[Path]:
    return sorted(SRC.rglob("templates/**/*.html"))


def test_templates_have_no_inline_script_handler_or_javascript_url() -> None:
    assert len(_templates()) > 50
    offenders = []
    for template in _templates():
        text = template.read_text()
        for rule in (INLINE_SCRIPT, INLINE_HANDLER, JS_URL):
            offenders += [f"{template.relative_to(SRC)}: {m.group(0)}" for m in rule.finditer(text)]
    assert not offenders, offenders


def test_the_template_rule_sees_what_it_forbids() -> None:
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert not INLINE_SCRIPT.search('<script type="application/json" id="x">{}</script>')
    assert INLINE_HANDLER.search('<form onsubmit="return confirm(1)">')
    assert INLINE_HANDLER.search('<img src=x onerror="alert(1)">')
    assert not INLINE_HANDLER.search('<button data-xn-confirm="确认？">')
    assert JS_URL.search('<a href="javascript:void(0)">')


# --- check --deploy -------------------------------------------------------------


def _check_deploy(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "XIAONENG_VAR_DIR": str(tmp_path),
        "XIAONENG_PRODUCTION": "1",
        "XIAONENG_SECRET_KEY": "k8Yq-" + "x7Rv2Lm9Tp4Wz6Nc1Bd3Hf5Jg8Ks0Qa2Ue4Yi6Ow8Pr0Tl3Vn5Xb7Zc",
        "XIAONENG_ALLOWED_HOSTS": "xiaoneng.zhangye.gov.cn",
        "XIAONENG_PROXY_HOPS": "1",
        **extra,
    }
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "xiaoneng.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path: Path) -> None:
    result = _check_deploy(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_check_deploy_would_see_a_weakened_setting(tmp_path: Path) -> None:
    """The same command fails when production mode loses a protection."""
    result = _check_deploy(tmp_path, XIAONENG_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr


def test_check_deploy_asks_for_the_proxy_hops(tmp_path: Path) -> None:
    """Behind a proxy with no hops declared every client looks like the proxy."""
    result = _check_deploy(tmp_path, XIAONENG_PROXY_HOPS="0")
    assert result.returncode != 0
    assert "xiaoneng.W001" in result.stdout + result.stderr


def test_the_policy_in_settings_is_the_one_served() -> None:
    assert directives(settings.CONTENT_SECURITY_POLICY)["script-src"] == ["'self'"]

"""统一身份认证 (OpenID Connect) against a stand-in provider served from the
test process: discovery, JWKS and the token endpoint. A good ID token signs
the person in (a new 个人 account, or the 法人 with the credit code); a
forged, expired or replayed-nonce token is refused."""

from __future__ import annotations

import base64
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from xiaoneng.accounts.models import LoginLog
from xiaoneng.citizens import oidc
from xiaoneng.citizens.models import PublicAccount
from xiaoneng.demo.public_accounts import ENTERPRISE, load_demo_public_accounts

pytestmark = pytest.mark.django_db
CLIENT_ID = "xiaoneng-portal"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uint(n: int) -> str:
    return _b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class Provider:
    """Discovery, JWKS and a token endpoint answering with `self.claims`
    signed by `self.signer` (the published key unless a test forges)."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.signer = self.key
        self.claims: dict[str, Any] = {}
        self.issuer = ""
        self.token_requests: list[dict[str, str]] = []

    def id_token(self) -> str:
        head = _b64(json.dumps({"alg": "RS256", "kid": "k1", "typ": "JWT"}).encode())
        body = _b64(json.dumps(self.claims).encode())
        signature = self.signer.sign(f"{head}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{head}.{body}.{_b64(signature)}"

    def __call__(self, environ: dict[str, Any], start: Any) -> list[bytes]:
        path = environ["PATH_INFO"]
        numbers = self.key.public_key().public_numbers()
        if path == "/.well-known/openid-configuration":
            body: dict[str, Any] = {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
            }
        elif path == "/jwks":
            jwk = {"kty": "RSA", "kid": "k1", "use": "sig", "alg": "RS256"}
            body = {"keys": [{**jwk, "n": _uint(numbers.n), "e": _uint(numbers.e)}]}
        elif path == "/token":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(urllib.parse.parse_qsl(environ["wsgi.input"].read(size).decode()))
            self.token_requests.append(form)
            body = {"access_token": "at", "token_type": "Bearer", "id_token": self.id_token()}
        else:
            start("404 Not Found", [("Content-Type", "text/plain")])
            return [b""]
        start("200 OK", [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    stand_in = Provider()
    server = make_server("127.0.0.1", 0, stand_in, handler_class=_Quiet)
    stand_in.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OIDC = {
        **settings.OIDC,
        "ISSUER": stand_in.issuer,
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": "s3cret",
    }
    oidc.forget()
    yield stand_in
    server.shutdown()
    server.server_close()
    oidc.forget()


def _round_trip(client: Any, provider: Provider, **claims: Any) -> Any:
    """Start at the portal, read the state and nonce the provider was sent,
    and come back with a code."""
    start = client.get("/portal/login/oidc/")
    assert start.status_code == 302
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(start["Location"]).query))
    assert query["code_challenge_method"] == "S256"
    now = int(time.time())
    provider.claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "u-1001",
        "iat": now,
        "exp": now + 300,
        "nonce": query["nonce"],
        "name": "周明",
        "id_card": "620702199001011236",
        **claims,
    }
    return client.get("/portal/login/oidc/callback/", {"code": "c1", "state": query["state"]})


def test_the_button_shows_only_when_configured(client: Any, demo_city: None, settings: Any) -> None:
    settings.OIDC = {**settings.OIDC, "ISSUER": "", "CLIENT_ID": ""}
    assert "统一身份认证登录" not in client.get("/portal/login/").content.decode()
    assert client.get("/portal/login/oidc/").status_code == 404


def test_a_valid_id_token_signs_a_new_person_in(
    client: Any, demo_city: None, provider: Provider
) -> None:
    assert "统一身份认证登录" in client.get("/portal/login/").content.decode()
    response = _round_trip(client, provider)
    assert response.status_code == 302
    assert response["Location"] == "/portal/me/"
    account = PublicAccount.objects.get(oidc_subject="u-1001")
    assert account.kind == "person"
    assert account.id_no == "620702199001011236"
    assert not account.user.has_usable_password()
    sent = provider.token_requests[-1]
    assert sent["grant_type"] == "authorization_code"
    assert sent["code_verifier"]  # PKCE
    logged = LoginLog.objects.get(user=account.user)  # in the login log like a password sign-in
    assert logged.success
    assert "统一身份认证" in logged.message


def test_the_credit_code_claim_signs_the_enterprise_in(
    client: Any, users: Any, provider: Provider
) -> None:
    load_demo_public_accounts()
    response = _round_trip(client, provider, credit_code=ENTERPRISE["credit_code"])
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["applicant"].pk)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"exp": int(time.time()) - 3600}, "过期"),
        ({"aud": "another-client"}, "签发给本系统"),
        ({"iss": "http://127.0.0.1:1"}, "签发方"),
        ({"nonce": "replayed"}, "nonce"),
    ],
)
def test_a_bad_token_is_refused(
    client: Any, demo_city: None, provider: Provider, change: dict[str, Any], words: str
) -> None:
    response = _round_trip(client, provider, **change)
    assert response.status_code == 401
    assert words in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not PublicAccount.objects.exists()


def test_a_forged_signature_is_refused(client: Any, demo_city: None, provider: Provider) -> None:
    provider.signer = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    response = _round_trip(client, provider)
    assert response.status_code == 401
    assert "签名无效" in response.content.decode()
    assert "_auth_user_id" not in client.session
    refused = LoginLog.objects.get()
    assert not refused.success
    assert "签名无效" in refused.message


def test_a_callback_without_its_state_is_refused(
    client: Any, demo_city: None, provider: Provider
) -> None:
    response = client.get("/portal/login/oidc/callback/", {"code": "c1", "state": "forged"})
    assert response.status_code == 401
    assert provider.token_requests == []

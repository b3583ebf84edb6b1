from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher, identify_hasher, make_password
from django.core.exceptions import ValidationError

from xiaoneng.accounts.validators import DEMO_PASSWORD, DemoPasswordValidator


def test_the_product_hashes_passwords_with_argon2(settings: Any) -> None:
    # The autouse fixture swaps hashers per test; the configured default is Argon2.
    from xiaoneng.config import settings as product_settings

    assert product_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = product_settings.PASSWORD_HASHERS
    assert get_hasher("argon2").algorithm == "argon2"
    assert identify_hasher(make_password("s3cret-pass", hasher="argon2")).algorithm == "argon2"


def test_production_refuses_the_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "DEMO_MODE", False)
    with pytest.raises(ValidationError):
        DemoPasswordValidator().validate(DEMO_PASSWORD)
    DemoPasswordValidator().validate("another-Strong-pass-2026")


def test_demo_mode_accepts_the_demo_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings, "DEMO_MODE", True)
    DemoPasswordValidator().validate(DEMO_PASSWORD)

"""SM4-GCM sealing and the keyed digest (core/sealing.py), pure: keys passed in."""

from __future__ import annotations

import base64
import os

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.core import sealing
from xiaoneng.core.sealing import SealError, digest, is_sealed, key_id_of, normalise, seal, unseal

# Five engineers share two cores: a slow first draw is load, not a finding.
patient = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEY_A = bytes(range(16))
KEY_B = bytes(range(16, 32))
KEYS = {"a": KEY_A, "b": KEY_B}

# Text as people type it: CJK, full-width forms, emoji (astral plane), controls.
texts = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from("张掖市甘州区０１２３Ｘ　😀🇨🇳\u200d\n\t"),
    ),
    max_size=300,
)


def test_the_sm4_gcm_primitive_matches_rfc_8998() -> None:
    # RFC 8998 Appendix A.1 (SM4-GCM test vector).
    key = bytes.fromhex("0123456789ABCDEFFEDCBA9876543210")
    iv = bytes.fromhex("00001234567800000000ABCD")
    aad = bytes.fromhex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2")
    plain = bytes.fromhex(
        "AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
        "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA"
    )
    encryptor = Cipher(algorithms.SM4(key), modes.GCM(iv)).encryptor()
    encryptor.authenticate_additional_data(aad)
    body = encryptor.update(plain) + encryptor.finalize()
    assert body.hex().upper() == (
        "17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
        "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
    )
    assert encryptor.tag.hex().upper() == "83DE3541E4C2B58177E065A9BF7B62EC"


@patient
@given(texts)
def test_round_trip(text: str) -> None:
    sealed = seal(text, "a", KEY_A)
    assert is_sealed(sealed)
    assert key_id_of(sealed) == "a"
    assert unseal(sealed, KEYS) == text
    if len(text) >= 12 and not text.startswith("sm4gcm:"):
        assert text not in sealed  # shorter text may occur in base64 by chance


def test_the_same_text_seals_differently_each_time() -> None:
    # A fresh nonce each time: equal values are not visible as equal ciphertext.
    assert seal("13800138000", "a", KEY_A) != seal("13800138000", "a", KEY_A)


@patient
@given(texts, st.data())
def test_any_change_to_the_sealed_bytes_is_refused(text: str, data: st.DataObject) -> None:
    sealed = seal(text, "a", KEY_A)
    raw = bytearray(base64.b64decode(sealed.split(":", 2)[2]))
    at = data.draw(st.integers(0, len(raw) - 1))
    raw[at] ^= data.draw(st.integers(1, 255))
    forged = f"sm4gcm:a:{base64.b64encode(bytes(raw)).decode()}"
    with pytest.raises(SealError) as caught:
        unseal(forged, KEYS)
    assert caught.value.code == "pii_unsealable"


def test_relabelling_a_value_with_another_key_id_is_refused() -> None:
    # The key id is authenticated: naming another key (even one that exists) fails.
    sealed = seal("620702199001011234", "a", KEY_A)
    with pytest.raises(SealError):
        unseal(sealed.replace("sm4gcm:a:", "sm4gcm:b:"), {"a": KEY_A, "b": KEY_A})


def test_an_unknown_key_id_is_refused_and_named() -> None:
    sealed = seal("张三", "gone", KEY_A)
    with pytest.raises(SealError) as caught:
        unseal(sealed, KEYS)
    assert caught.value.detail == {"key_id": "gone"}
    assert caught.value.status == 503


def test_the_wrong_key_is_refused() -> None:
    with pytest.raises(SealError):
        unseal(seal("张三", "a", KEY_A), {"a": KEY_B})


@pytest.mark.parametrize(
    "value",
    [
        "sm4gcm:",
        "sm4gcm:a",
        "sm4gcm:a:",
        "sm4gcm:a:!!!!",
        "sm4gcm:a:AAAA",
        "aes:a:AAAA",
        "sm4gcm:a:张",
    ],
)
def test_malformed_values_are_refused(value: str) -> None:
    with pytest.raises(SealError):
        unseal(value, KEYS)


def test_keys_must_be_sm4_sized_and_ids_plain() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        seal("x", "a", bytes(32))  # no silent truncation of a longer key
    with pytest.raises(ValueError, match="key id"):
        seal("x", "a:b", KEY_A)  # the id is a field of the sealed value
    with pytest.raises(ValueError, match="key id"):
        seal("x", "", KEY_A)


def test_nonces_do_not_repeat() -> None:
    nonces = {
        base64.b64decode(seal("x", "a", KEY_A).split(":", 2)[2])[: sealing.NONCE_BYTES]
        for _ in range(2000)
    }
    assert len(nonces) == 2000


@patient
@given(texts)
def test_the_digest_is_keyed_and_stable(text: str) -> None:
    assert digest(text, KEY_A) == digest(text, KEY_A)
    if normalise(text):
        assert len(digest(text, KEY_A)) == 64
        assert digest(text, KEY_A) != digest(text, KEY_B)
    else:
        assert digest(text, KEY_A) == ""


def test_the_digest_finds_a_value_however_it_was_typed() -> None:
    assert digest("62070219900101123x", KEY_A) == digest("6207 0219 9001 0112 3X", KEY_A)
    assert digest("１３８００１３８０００", KEY_A) == digest("138 0013 8000", KEY_A)
    assert digest("13800138000", KEY_A) != digest("13800138001", KEY_A)


def test_random_bytes_are_not_a_key_id_source() -> None:
    # The value carries the id, never key material.
    key = os.urandom(16)
    sealed = seal("x", "k1", key)
    assert key.hex() not in sealed

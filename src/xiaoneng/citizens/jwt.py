"""Verification of an OpenID Connect ID token (a JWS in compact form) with the
provider's JWKS, using `cryptography` alone: RS256/384/512 and ES256/384.
Only the algorithms of a key the provider publishes are accepted ("none"
and HMAC never): a token cannot choose how it is checked."""

from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

HASHES: dict[str, type[hashes.SHA256 | hashes.SHA384 | hashes.SHA512]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}
CURVES = {"P-256": (ec.SECP256R1, "ES256"), "P-384": (ec.SECP384R1, "ES384")}


class TokenInvalid(Exception):
    pass


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _int(part: str) -> int:
    return int.from_bytes(b64decode(part), "big")


def _public_key(jwk: dict[str, Any], alg: str) -> Any:
    if jwk.get("kty") == "RSA" and alg in ("RS256", "RS384", "RS512"):
        return rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"])).public_key()
    if jwk.get("kty") == "EC" and CURVES.get(jwk.get("crv", ""), (None, ""))[1] == alg:
        curve = CURVES[jwk["crv"]][0]()
        return ec.EllipticCurvePublicNumbers(_int(jwk["x"]), _int(jwk["y"]), curve).public_key()
    raise TokenInvalid(f"密钥与签名算法 {alg} 不符")


def _pick(keys: list[dict[str, Any]], header: dict[str, Any]) -> dict[str, Any]:
    kid = header.get("kid")
    usable = [k for k in keys if k.get("use", "sig") == "sig"]
    chosen = [k for k in usable if k.get("kid") == kid] if kid else usable
    if len(chosen) != 1:
        raise TokenInvalid("找不到签发令牌的公钥")
    return chosen[0]


def verify_signature(token: str, keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The token's claims once its signature checks out against `keys`."""
    try:
        head, body, sig = token.split(".")
        header = json.loads(b64decode(head))
        claims = json.loads(b64decode(body))
        signature = b64decode(sig)
    except (ValueError, TypeError) as exc:
        raise TokenInvalid("令牌格式不正确") from exc
    alg = str(header.get("alg", ""))
    if not isinstance(claims, dict) or alg[:2] not in ("RS", "ES") or alg[2:] not in HASHES:
        raise TokenInvalid("不接受的签名算法")
    jwk = _pick(keys, header)
    if jwk.get("alg") not in (None, alg):
        raise TokenInvalid("密钥与签名算法不符")
    key = _public_key(jwk, alg)
    signed = f"{head}.{body}".encode()
    digest = HASHES[alg[2:]]()
    try:
        if alg.startswith("RS"):
            key.verify(signature, signed, padding.PKCS1v15(), digest)
        else:
            half = len(signature) // 2
            der = encode_dss_signature(
                int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
            )
            key.verify(der, signed, ec.ECDSA(digest))
    except InvalidSignature:
        raise TokenInvalid("令牌签名无效") from None
    return claims


def check_claims(
    claims: dict[str, Any], *, issuer: str, audience: str, nonce: str, now: float, leeway: int = 60
) -> None:
    """OpenID Connect Core 3.1.3.7: iss, aud (and azp), exp, iat, nonce."""
    if claims.get("iss") != issuer:
        raise TokenInvalid("令牌签发方不符")
    aud = claims.get("aud")
    auds = aud if isinstance(aud, list) else [aud]
    if audience not in auds or (len(auds) > 1 and claims.get("azp") != audience):
        raise TokenInvalid("令牌不是签发给本系统的")
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(exp, int | float) or exp + leeway < now:
        raise TokenInvalid("令牌已过期")
    if isinstance(iat, int | float) and iat - leeway > now:
        raise TokenInvalid("令牌签发时间不正确")
    if not nonce or claims.get("nonce") != nonce:
        raise TokenInvalid("令牌与本次登录不符（nonce）")
    if not claims.get("sub"):
        raise TokenInvalid("令牌缺少用户标识")

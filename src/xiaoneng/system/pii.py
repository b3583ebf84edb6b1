"""The personal-data sealing under its former name: it lives in
`xiaoneng.audit.pii`, below `org` (whose `User` seals its phone). This name
stays for the applied migrations and the modules that import it from here:
the same objects (one keyring cache, one field class)."""

from xiaoneng.audit.pii import (
    KEY_BYTES,
    MIN_KEY_BYTES,
    PiiKeyError,
    PiiKeyring,
    SealedTextField,
    _cache,
    count_by_key,
    keyring_path,
    load_keyring,
    pii_digest,
    reseal,
    reseal_value,
    rewrite_column,
    rotate_key,
    seal,
    seal_existing,
    seal_plain,
    sealed_columns,
    unseal,
    unseal_sealed,
)

__all__ = [
    "KEY_BYTES",
    "MIN_KEY_BYTES",
    "PiiKeyError",
    "PiiKeyring",
    "SealedTextField",
    "_cache",
    "count_by_key",
    "keyring_path",
    "load_keyring",
    "pii_digest",
    "reseal",
    "reseal_value",
    "rewrite_column",
    "rotate_key",
    "seal",
    "seal_existing",
    "seal_plain",
    "sealed_columns",
    "unseal",
    "unseal_sealed",
]

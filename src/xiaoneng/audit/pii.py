"""Personal data sealed at rest (SM4-GCM) with a keyed digest for lookups
(PIPL art. 51; docs/security.md "Personal data at rest").

Here, in the lowest Django layer, so that `org` (whose `User` seals its
phone) may use it too; `xiaoneng.system.pii` is the same module under its
former name (the applied migrations import it from there).

Keys live outside the database, like the audit keys (`core.keyring`):
``XIAONENG_PII_KEY`` (hex keys separated by commas, the first current, then
the retired ones still needed to open older values; at least 16 bytes each)
or else the keyring file ``XIAONENG_PII_KEYRING`` (default
``var/keys/pii.keyring``, JSON lines, the last current), created with one
fresh key on first use. When the environment gives keys the file is neither
read nor written.

Each keyring key is stretched with SM3 into the 128-bit SM4 key that seals
(so all of a 32-byte key counts) and is named by its id in every sealed
value. The digest key is derived from the *root*, the oldest key: the
file's first line, or the environment's last key. Rotation adds a key and
keeps the root, so every stored digest stays valid; `xiaoneng pii reseal`
moves old values to the current key.

    class Complaint(models.Model):
        phone = SealedTextField("联系电话", blank=True)
        phone_digest = models.CharField(max_length=64, blank=True, db_index=True)

    row.phone_digest = pii_digest(phone)
    Complaint.objects.filter(phone_digest=pii_digest(typed))
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.db import connections, models, transaction
from django.db.models.lookups import Exact, IsNull

from xiaoneng.core import keyring, sealing
from xiaoneng.core.errors import DomainError
from xiaoneng.core.hashchain import key_id, sm3_hex

log = logging.getLogger("xiaoneng.pii")

KEY_BYTES = 32
MIN_KEY_BYTES = 16
_SEAL_CONTEXT = b"xiaoneng.pii.seal.v1\n"
_DIGEST_CONTEXT = b"xiaoneng.pii.digest.v1\n"


class PiiKeyError(DomainError):
    """The personal-data keys are missing, unreadable or malformed: nothing
    personal is written unsealed, nor shown (503)."""

    status = 503
    code = "pii_key_unavailable"


@dataclass(frozen=True)
class PiiKeyring:
    ids: tuple[str, ...]  # oldest first, the last current
    seal_keys: Mapping[str, bytes] = field(repr=False)  # id → 16-byte SM4 key
    digest_key: bytes = field(repr=False)
    source: str  # "env" or "file"
    created: Mapping[str, str] = field(default_factory=dict)

    @property
    def current_id(self) -> str:
        return self.ids[-1]


def keyring_path() -> Path:
    default = Path(settings.VAR_DIR) / "keys" / "pii.keyring"
    return Path(getattr(settings, "PII_KEYRING", "") or default)


def _env_raw() -> str:
    return str(getattr(settings, "PII_KEY", "") or "")


def _env_keys() -> list[bytes]:
    try:
        return keyring.parse_env(_env_raw(), "XIAONENG_PII_KEY", MIN_KEY_BYTES)
    except keyring.KeyringError as exc:
        raise PiiKeyError(exc.message) from None


def _build(raw_keys: list[bytes], source: str, created: Mapping[str, str]) -> PiiKeyring:
    """`raw_keys` oldest first."""
    seal_keys = {
        key_id(key): bytes.fromhex(sm3_hex(_SEAL_CONTEXT + key))[: sealing.KEY_BYTES]
        for key in raw_keys
    }
    digest_key = bytes.fromhex(sm3_hex(_DIGEST_CONTEXT + raw_keys[0]))
    ids = tuple(dict.fromkeys(key_id(key) for key in raw_keys))
    return PiiKeyring(ids, seal_keys, digest_key, source, dict(created))


_cache: dict[tuple[str, str], tuple[tuple[int, int, int] | None, PiiKeyring]] = {}
_lock = threading.Lock()


def load_keyring() -> PiiKeyring:
    """The keys in force; the keyring file is created on first use when the
    environment gives none. Re-read when the file changes (one stat a
    call), so a rotation reaches every running process without a restart."""
    env_raw = _env_raw()
    path = keyring_path()
    if env_raw.strip():
        cached = _cache.get(("env", env_raw))
        if cached is not None:
            return cached[1]
        ring = _build(list(reversed(_env_keys())), "env", {})
        _cache[("env", env_raw)] = (None, ring)
        return ring
    stamp = keyring.stamp(path)
    cached = _cache.get((str(path), ""))
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1]
    with _lock:
        if stamp is None:
            if keyring.create(path, secrets.token_bytes(KEY_BYTES)):
                log.warning("个人信息加密密钥已生成：%s（请备份，丢失后密文无法解开）", path)
            stamp = keyring.stamp(path)
        try:
            entries = keyring.read(path, MIN_KEY_BYTES)
        except (keyring.KeyringError, OSError) as exc:
            raise PiiKeyError(getattr(exc, "message", str(exc))) from None
        if not entries:
            raise PiiKeyError(f"个人信息密钥环 {path} 没有密钥")
        if keyring.readable_by_others(path):
            log.warning("个人信息密钥环 %s 可被其他用户读取，请改为 0600", path)
        created = {entry.id: entry.created for entry in entries}
        ring = _build([entry.key for entry in entries], "file", created)
        _cache[(str(path), "")] = (stamp, ring)
        return ring


def rotate_key() -> str:
    """Append a fresh key to the keyring file and make it current; returns
    its id. Older keys stay: they open what they sealed until `reseal`."""
    if _env_raw().strip():
        raise PiiKeyError(
            "个人信息密钥来自环境变量 XIAONENG_PII_KEY：请生成新密钥（64 位十六进制），"
            "把它放在该变量的最前面、旧密钥以逗号隔开留在后面，然后重启服务"
        )
    load_keyring()  # the file exists, with its root key, before a second key
    key = secrets.token_bytes(KEY_BYTES)
    with _lock:
        keyring.append(keyring_path(), key)
        _cache.clear()
    return key_id(key)


def seal(text: str) -> str:
    ring = load_keyring()
    return sealing.seal(text, ring.current_id, ring.seal_keys[ring.current_id])


def unseal(value: str) -> str:
    return sealing.unseal(value, load_keyring().seal_keys)


def pii_digest(text: str | None) -> str:
    """The keyed digest to find a sealed value by (normalised; '' for empty)."""
    return sealing.digest(text or "", load_keyring().digest_key)


class _SealedExact(Exact):
    """Only `= ''` (is it blank?): a sealed value never equals its text."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None) and not hasattr(self.rhs, "as_sql"):
            raise FieldError("加密字段不能按内容查找：请按其 *_digest 字段查找（pii_digest）")
        return super().get_prep_lookup()


class SealedTextField(models.TextField):  # type: ignore[type-arg]  # generic in the stubs only
    """Text sealed with SM4-GCM in the database, plain in Python. Empty stays
    empty (so `blank` works). Not searchable (only `= ''` and `isnull`):
    store `pii_digest` beside it. A value read that is not sealed (a row
    written before its column was sealed) is returned as it is."""

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "" or not sealing.is_sealed(value):
            return value
        return unseal(value)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        value = super().get_db_prep_save(value, connection)
        if value is None or value == "" or hasattr(value, "as_sql"):
            return value
        return seal(str(value))  # always, even text that looks sealed

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _SealedExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return super().formfield(**{"widget": forms.TextInput, **kwargs})


# --- Batch rewrites: the data migrations and `xiaoneng pii reseal` --------------


def rewrite_column(
    *,
    table: str,
    column: str,
    change: Callable[[str], str | None],
    pk: str = "id",
    batch: int = 500,
    using: str = "default",
) -> int:
    """Pass every non-empty value of `table.column` through `change` (None:
    leave it) in batches, each in its own transaction, with plain SQL: no
    model signal, no `auto_now`, no version bump. A row changed meanwhile by
    the application is left as the application wrote it (the UPDATE names
    the old value). Returns how many rows were rewritten."""
    connection = connections[using]
    quote = connection.ops.quote_name
    # Quoted names of our own models' columns, never user input.
    t, c, k = quote(table), quote(column), quote(pk)
    select = f"SELECT {k}, {c} FROM {t} WHERE {k} > %s AND {c} <> '' ORDER BY {k} LIMIT %s"  # noqa: S608
    update = f"UPDATE {t} SET {c} = %s WHERE {k} = %s AND {c} = %s"  # noqa: S608
    last: Any = -1
    done = 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(select, [last, batch])
            rows = cursor.fetchall()
            for row_pk, value in rows:
                new = change(value) if value is not None else None
                if new is not None and new != value:
                    cursor.execute(update, [new, row_pk, value])
                    done += cursor.rowcount
        if len(rows) < batch:
            return done
        last = rows[-1][0]


def seal_plain(value: str) -> str | None:
    """For a data migration: seal a value written before its column was."""
    return None if sealing.is_sealed(value) else seal(value)


def unseal_sealed(value: str) -> str | None:
    """For a data migration's reverse: the text back."""
    return unseal(value) if sealing.is_sealed(value) else None


def seal_existing(app_label: str, model_name: str, *fields: str) -> Any:
    """A data migration's operation: seal the values `fields` held in plain
    text before their columns became `SealedTextField`s (batched, plain SQL,
    so no `updated_at` moves); reversed, open them again. A database with no
    such rows never touches the keys."""
    from django.db import migrations

    def run(apps: Any, schema_editor: Any, change: Callable[[str], str | None]) -> None:
        model = apps.get_model(app_label, model_name)
        for name in fields:
            rewrite_column(
                table=model._meta.db_table,
                column=model._meta.get_field(name).column,
                pk=model._meta.pk.column,
                change=change,
                using=schema_editor.connection.alias,
            )

    return migrations.RunPython(
        lambda apps, schema_editor: run(apps, schema_editor, seal_plain),
        lambda apps, schema_editor: run(apps, schema_editor, unseal_sealed),
        elidable=False,
    )


def reseal_value(value: str) -> str | None:
    """Under the current key; None when it already is (or is not sealed)."""
    if not sealing.is_sealed(value):
        return seal(value)
    if sealing.key_id_of(value) == load_keyring().current_id:
        return None
    return seal(unseal(value))


def sealed_columns() -> list[tuple[str, str, str, str]]:
    """(model label, field name, table, column) of every sealed field."""
    found: list[tuple[str, str, str, str]] = []
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, SealedTextField):
                found.append((model._meta.label, f.name, model._meta.db_table, str(f.column)))
    return sorted(found)


def reseal(
    *, batch: int = 500, on_column: Callable[[str, str, int], None] | None = None
) -> dict[str, int]:
    """Every sealed column under the current key (and any value still plain
    sealed). Returns rows rewritten per `label.field`."""
    done: dict[str, int] = {}
    for label, name, table, column in sealed_columns():
        count = rewrite_column(table=table, column=column, change=reseal_value, batch=batch)
        done[f"{label}.{name}"] = count
        if on_column is not None:
            on_column(label, name, count)
    return done


def count_by_key() -> dict[str, int]:
    """How many sealed values each key id holds, over every sealed column
    ("plain" for values not sealed yet)."""
    counts: dict[str, int] = {}
    connection = connections["default"]
    quote = connection.ops.quote_name
    for _label, _name, table, column in sealed_columns():
        with connection.cursor() as cursor:
            t, c = quote(table), quote(column)
            cursor.execute(f"SELECT {c} FROM {t} WHERE {c} <> ''")  # noqa: S608
            for (value,) in cursor:
                kid = sealing.key_id_of(value) if sealing.is_sealed(value) else "plain"
                counts[kid] = counts.get(kid, 0) + 1
    return counts

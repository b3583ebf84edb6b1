"""Generations: a token in the default cache that names the current version
of state each process keeps its own copy of (parameters, the calendar).

With a shared cache (Redis, several application servers) a writer replaces
the token after its transaction commits; a reader reads the token *before*
it reads the database and keeps its copy under that token, so a reader that
raced the commit keeps the old rows under the old token, which nobody asks
for again. (Deleting a cached value after commit instead races: a reader
that read the old row before the commit writes it back after the delete.)

Within one request the token is read once (the request sees one consistent
version, and a hot page pays one cache round trip however often it asks);
outside requests (tasks, commands) on every read.

A thread whose open transaction changed the state must read its own
uncommitted change, and must not leave it in the process's copy in case the
transaction rolls back: `transaction_slot` gives it a copy of its own for
that transaction."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import connection, transaction

logger = logging.getLogger(__name__)

_local = threading.local()


def _request_started(**_: Any) -> None:
    _local.tokens = {}


def _request_finished(**_: Any) -> None:
    _local.tokens = None


request_started.connect(_request_started, dispatch_uid="xiaoneng.generations.started")
request_finished.connect(_request_finished, dispatch_uid="xiaoneng.generations.finished")


def _open_blocks() -> tuple[object, ...]:
    """This thread's open atomic blocks, outermost (what commits) first."""
    return tuple(getattr(connection, "atomic_blocks", ()))


class TransactionSlot:
    """The copy of the state seen by the open transaction that changed it."""

    __slots__ = ("blocks", "value")

    def __init__(self, blocks: tuple[object, ...]) -> None:
        self.blocks = blocks
        self.value: Any = None

    def kept(self, build: Callable[[], Any]) -> Any:
        """The transaction's own copy, built on its first read."""
        if self.value is None:
            self.value = build()
        return self.value


class Generation:
    def __init__(self, name: str) -> None:
        self.name = name
        self.key = f"generation:{name}"

    def token(self) -> str | None:
        """The current token; None when the cache does not answer (the
        caller then reads the database and keeps nothing)."""
        tokens: dict[str, str] | None = getattr(_local, "tokens", None)
        if tokens is not None and (seen := tokens.get(self.name)) is not None:
            return seen
        try:
            token = cache.get(self.key)
            if token is None:  # first use, or evicted: a new token makes everyone reload
                cache.add(self.key, uuid.uuid4().hex, None)
                token = cache.get(self.key)
        except Exception:  # a cache that does not answer must not take the page down
            logger.exception("generation %s: the cache does not answer", self.name)
            return None
        if tokens is not None and token is not None:
            tokens[self.name] = token
        return str(token) if token is not None else None

    def bump(self) -> None:
        """A new token: every process reloads on its next read."""
        try:
            cache.set(self.key, uuid.uuid4().hex, None)
        except Exception:
            logger.exception("generation %s: the new token was not written", self.name)
        tokens: dict[str, str] | None = getattr(_local, "tokens", None)
        if tokens is not None:
            tokens.pop(self.name, None)

    def changed(self) -> None:
        """The state changed in this thread's open transaction (or just now,
        outside one): its reads see the change at once through a slot of
        their own, everyone else's once it commits."""
        blocks = _open_blocks()
        if not blocks:
            self.bump()
            return
        _slots()[self.name] = TransactionSlot(blocks)
        transaction.on_commit(self.bump)

    def transaction_slot(self) -> TransactionSlot | None:
        """This thread's slot while the transaction that changed the state
        is still open; None otherwise (committed or rolled back)."""
        slots = _slots()
        slot = slots.get(self.name)
        if slot is None:
            return None
        blocks = _open_blocks()
        if not blocks or blocks[0] is not slot.blocks[0]:
            del slots[self.name]  # committed or rolled back: the shared copy again
            return None
        if len(blocks) < len(slot.blocks) or any(
            a is not b for a, b in zip(slot.blocks, blocks, strict=False)
        ):
            # A savepoint it was made in has ended, kept or rolled back: read
            # anew what the transaction holds now.
            slot.blocks, slot.value = blocks, None
        return slot


def _slots() -> dict[str, TransactionSlot]:
    slots: dict[str, TransactionSlot] | None = getattr(_local, "slots", None)
    if slots is None:
        slots = _local.slots = {}
    return slots

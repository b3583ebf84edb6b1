"""Sessions when the cache is shared (settings.SHARED_CACHE): Django's
cached_db — the database keeps every session, the shared cache answers the
hot path — with two changes, so that a session ended on one server is ended
on every server at once:

- a deleted session (强退, a password change ending the other sessions,
  logout) leaves a tombstone in the cache when its transaction commits,
  however it was deleted (`Session.objects.filter(...).delete()` included:
  the post_delete signal);
- a server that read the session from the database before that commit puts
  it back in the cache only with `add`, which never overwrites the tombstone.

A cache that does not answer is skipped: the database still answers."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.cached_db import KEY_PREFIX
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.models import Session
from django.core.cache import BaseCache, caches
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

logger = logging.getLogger(__name__)

ENDED = "ended"  # the tombstone: the session was deleted


def _cache() -> BaseCache:
    return caches[settings.SESSION_CACHE_ALIAS]


class SessionStore(CachedDBStore):
    def load(self) -> dict[str, Any]:
        try:
            data = _cache().get(self.cache_key)
        except Exception:  # Redis down, or an invalid key: the database answers
            data = None
        if data == ENDED:
            self._session_key = None
            return {}
        if data is not None:
            return dict(data)
        stored = self._get_session_from_db()  # type: ignore[attr-defined] # not in the stubs
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        try:
            _cache().add(self.cache_key, data, self.get_expiry_age(expiry=stored.expire_date))
        except Exception:
            logger.exception("session: the cache does not answer")
        return dict(data)

    def delete(self, session_key: str | None = None) -> None:
        # Only the row: its post_delete leaves the tombstone once it commits.
        DBStore.delete(self, session_key)


def _bury(session_key: str) -> None:
    try:
        _cache().set(KEY_PREFIX + session_key, ENDED, settings.SESSION_COOKIE_AGE)
    except Exception:
        logger.exception("session: the tombstone was not written")


@receiver(post_delete, sender=Session, dispatch_uid="xiaoneng.sessions.bury")
def _session_deleted(instance: Session, **_: Any) -> None:
    if __name__ == settings.SESSION_ENGINE:
        key = instance.session_key
        transaction.on_commit(lambda: _bury(key))

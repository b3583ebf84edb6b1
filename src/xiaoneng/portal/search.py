"""Search of the published catalog by Chinese keyword and by pinyin.

`qysl` finds 企业设立联合审批 (initials), `qiye` finds it too (full pinyin).
The pinyin of ~50–500 item names is computed once per process and catalog
version (the number of published items and the latest change), so a search
costs one small aggregate query plus a scan of a list in memory; nothing is
stored in the catalog's tables."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from pypinyin import Style, lazy_pinyin

from xiaoneng.catalog.models import ApprovalItem, ItemStatus
from xiaoneng.catalog.selectors import published_items

QUERY_MAX_LENGTH = 50
PINYIN_RE = re.compile(r"^[a-z]+$")


@dataclass(frozen=True)
class IndexedItem:
    code: str
    name: str
    topic: str  # 服务主题
    objects: tuple[str, ...]  # 服务对象 codes
    initials: str  # 企业设立联合审批 → qysllhsp
    spelled: str  # qiyeshelilianheshenpi


def pinyin_of(text: str) -> tuple[str, str]:
    """(initials, full spelling) of the Chinese characters of `text`, lower case;
    letters and digits in the text are kept as they are."""
    syllables = [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore")]
    syllables = [re.sub(r"[^a-z0-9]", "", s) for s in syllables]
    syllables = [s for s in syllables if s]
    return "".join(s[0] for s in syllables), "".join(syllables)


_lock = threading.Lock()
_index: tuple[tuple[object, ...], list[IndexedItem]] | None = None


def catalog_version() -> tuple[object, ...]:
    """Changes whenever a published item is added, removed or edited."""
    agg = ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED).aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    return (agg["n"], agg["last"], agg["top"])


def pinyin_index() -> list[IndexedItem]:
    """The per-process index of published item names, rebuilt on a new version."""
    global _index  # noqa: PLW0603 - one cache per process, guarded by the lock
    version = catalog_version()
    current = _index
    if current is not None and current[0] == version:
        return current[1]
    rows = ApprovalItem.objects.filter(status=ItemStatus.PUBLISHED).values_list(
        "code", "name", "service_topic", "service_objects"
    )
    built = [
        IndexedItem(code, name, topic, tuple(str(o) for o in objects or ()), *pinyin_of(name))
        for code, name, topic, objects in rows
    ]
    with _lock:
        _index = (version, built)
    return built


def forget_index() -> None:
    global _index  # noqa: PLW0603
    with _lock:
        _index = None


def normalise(query: str) -> str:
    return " ".join((query or "").split())[:QUERY_MAX_LENGTH]


def pinyin_codes(query: str) -> list[str]:
    """Codes of items whose initials or spelling contain the latin query."""
    letters = query.replace(" ", "").lower()
    if not PINYIN_RE.match(letters):
        return []
    return [e.code for e in pinyin_index() if letters in e.initials or letters in e.spelled]


def search_items(
    query: str = "",
    *,
    department: str = "",
    codes: list[str] | None = None,
) -> QuerySet[ApprovalItem]:
    """Published items matching a Chinese keyword (name, code, department) or
    pinyin; optionally within a department and a set of codes (a life event)."""
    query = normalise(query)
    qs = published_items(department=department or None)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    if query:
        by_words = published_items(query=query).values("pk")
        matched = Q(pk__in=by_words)
        latin = pinyin_codes(query)
        if latin:
            matched |= Q(code__in=latin)
        qs = qs.filter(matched)
    return qs

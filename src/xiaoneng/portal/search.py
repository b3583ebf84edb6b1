"""Search of the published catalog by Chinese keyword and by pinyin.

`qysl` finds 企业设立联合审批 (initials), `qiye` finds it too (full pinyin).
The pinyin of ~50–500 item names is computed once per process and catalog
version (the number of published items and the latest change), so a search
costs one small aggregate query plus a scan of a list in memory; nothing is
stored in the catalog's tables.

A Chinese query is matched against what people know an item by: its name,
the name of what it issues (结果名称: 营业执照 finds 有限责任公司设立登记,
which issues 企业法人营业执照), its materials, its 服务主题, code and
department — and against the words the administrator's dictionary
(`SearchWord`, 系统管理 → 检索同义词与热词) lists for what was typed
(身份证 → 居民身份证). When nothing matches, `suggestions` offers the items
closest by characters (您是不是要找) and the hot words."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from pypinyin import Style, lazy_pinyin

from xiaoneng.catalog.models import ApprovalItem, ItemMaterial, ItemStatus
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
    """Published items matching a Chinese keyword (`expanded` by the
    dictionary: name, result, materials, topic, code, department) or pinyin;
    optionally within a department and a set of codes (a life event)."""
    query = normalise(query)
    qs = published_items(department=department or None)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    if query:
        matched = Q()
        for term in expanded(query):
            matched |= _term_q(term)
        latin = pinyin_codes(query)
        if latin:
            matched |= Q(code__in=latin)
        qs = qs.filter(matched)
    return qs


def _term_q(term: str) -> Q:
    materials = ItemMaterial.objects.filter(name__icontains=term).values("item_id")
    return (
        Q(name__icontains=term)
        | Q(result_name__icontains=term)
        | Q(service_topic__icontains=term)
        | Q(code=term)
        | Q(basic_code=term)
        | Q(department__name__icontains=term)
        | Q(department__short_name__icontains=term)
        | Q(pk__in=materials)
    )


@dataclass(frozen=True)
class Synonym:
    word: str
    terms: tuple[str, ...]
    hot: bool


_synonyms: tuple[tuple[object, ...], list[Synonym]] | None = None


def synonyms() -> list[Synonym]:
    """The dictionary, read once per process and version (its size and last change)."""
    global _synonyms  # noqa: PLW0603 - one cache per process, guarded by the lock
    from .models import SearchWord  # the dictionary's rows sit above this module

    agg = SearchWord.objects.aggregate(n=Count("id"), last=Max("updated_at"), top=Max("id"))
    version = (agg["n"], agg["last"], agg["top"])
    current = _synonyms
    if current is not None and current[0] == version:
        return current[1]
    built = [Synonym(row.word, tuple(row.term_list()), row.hot) for row in SearchWord.objects.all()]
    with _lock:
        _synonyms = (version, built)
    return built


def forget_synonyms() -> None:
    global _synonyms  # noqa: PLW0603
    with _lock:
        _synonyms = None


def expanded(query: str) -> list[str]:
    """The query and the words the dictionary lists for any word in it, or
    for a word the query is part of (营业 → 营业执照 → 设立登记)."""
    terms = [query]
    for entry in synonyms():
        if entry.word in query or (len(query) >= 2 and query in entry.word):
            terms.extend(entry.terms)
    return list(dict.fromkeys(t for t in terms if t))


def hot_words() -> list[str]:
    return [entry.word for entry in synonyms() if entry.hot]


def _grams(text: str) -> set[str]:
    text = re.sub(r"\s+", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else set(text)


def suggestions(query: str, limit: int = 5) -> list[IndexedItem]:
    """您是不是要找: the published items sharing the most character pairs with
    the query (单个字 for a one-character query), best first."""
    wanted = _grams(normalise(query))
    if not wanted:
        return []
    scored = [(len(wanted & _grams(e.name)), e) for e in pinyin_index()]
    best = sorted((s for s in scored if s[0] > 0), key=lambda s: (-s[0], len(s[1].name)))
    return [e for _, e in best[:limit]]

"""Rendered documents kept in the database and served again (decision 0040).

A document is stored under a key that changes whenever its bytes would: the
subject's version, the letter itself (every word, name and date the layout
draws — so an edited department name or catalog entry, which does not move a
case's version, still gives a new key), the layout's hand-bumped
LAYOUT_VERSION and the digest of its source, the versions of fpdf2 and
fontTools, the fonts' bytes and the seal service. The same key therefore
always means the same bytes, and a stored document is byte-identical to a
fresh render (tests/documents/test_document_store.py).

The store is consulted only after the caller has checked who may read the
subject: it knows nothing of scope. Writes are not audited: a row is a copy
of what anyone allowed could render at any time."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import timedelta
from functools import cache
from importlib import metadata
from pathlib import Path

from django.db import IntegrityError, transaction

from xiaoneng.core import timesource

from . import conf
from .layout import LAYOUT_VERSION, Letter
from .models import StoredDocument

LAYOUT_DIR = Path(__file__).resolve().parent / "layout"


@dataclass(frozen=True)
class Subject:
    """Whose document it is: ("case", 42, "acceptance", "7")."""

    kind: str
    id: int
    name: str
    version: str


@dataclass(frozen=True)
class Stored:
    pdf: bytes
    digest: str  # sha256 of pdf, hex
    rendered: bool  # laid out by this call (False: read from the store)


def document_key(subject: Subject, letter: Letter) -> str:
    seal = conf.seal_service()
    parts = {
        "subject": [subject.kind, subject.id, subject.name, subject.version],
        "letter": asdict(letter),
        "layout": [LAYOUT_VERSION, _layout_source_digest()],
        "libraries": _library_versions(),
        "fonts": conf.font_files().fingerprint(),
        "seal": [
            f"{type(seal).__module__}.{type(seal).__qualname__}",
            str(getattr(seal, "version", "")),
            seal.marks_position,
        ],
    }
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def stored_or_rendered(subject: Subject, letter: Letter, render: Callable[[], bytes]) -> Stored:
    """The stored bytes of `letter` when this key was rendered before, else
    `render()`'s, stored for every server. Two first renders of one key at
    once both succeed: the second insert finds the first's row (same bytes)."""
    key = document_key(subject, letter)
    row = StoredDocument.objects.filter(key=key).only("pk", "digest", "pdf", "served_on").first()
    today = timesource.today()
    if row is not None:
        if row.served_on < today:
            StoredDocument.objects.filter(pk=row.pk, served_on__lt=today).update(served_on=today)
        return Stored(bytes(row.pdf), row.digest, rendered=False)
    pdf = render()
    digest = hashlib.sha256(pdf).hexdigest()
    _put(subject, key, pdf, digest)
    return Stored(pdf, digest, rendered=True)


def _put(subject: Subject, key: str, pdf: bytes, digest: str) -> None:
    try:
        with transaction.atomic():
            StoredDocument.objects.create(
                subject=subject.kind,
                subject_id=subject.id,
                name=subject.name,
                version=subject.version,
                key=key,
                digest=digest,
                pdf=pdf,
                size=len(pdf),
                served_on=timesource.today(),
            )
            # Older renders of the same document (an earlier version, layout
            # or font) will not be asked for again.
            StoredDocument.objects.filter(
                subject=subject.kind, subject_id=subject.id, name=subject.name
            ).exclude(key=key).delete()
    except IntegrityError:
        pass  # stored meanwhile by a concurrent first render of the same key


def prune_unread(days: int) -> int:
    """Drop what nobody downloaded for `days` days (rendered again if asked)."""
    cutoff = timesource.today() - timedelta(days=days)
    deleted, _ = StoredDocument.objects.filter(served_on__lt=cutoff).delete()
    return deleted


@cache
def _layout_source_digest() -> str:
    """The layout's code: a change to it re-renders everything even when
    LAYOUT_VERSION was not bumped (sources absent: the constant alone)."""
    digest = hashlib.sha256()
    for path in sorted(LAYOUT_DIR.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def _library_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in ("fpdf2", "fonttools")}

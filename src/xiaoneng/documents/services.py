"""The documents of a case: which exist (one per issuing event), and each as
PDF bytes — the same bytes every time it is generated."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from xiaoneng.cases.models import Case, CaseEvent

from . import conf
from .errors import DocumentFontMissing, kind_unknown, not_issued
from .facts import facts_of, organ_code
from .kinds import KIND_BY_KEY, KINDS, DocumentKind
from .layout import FontMissing, Letter, render

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IssuedDocument:
    key: str  # the kind's key; a repeated kind (a second suspension) gets -2, -3 …
    kind: DocumentKind
    event: CaseEvent
    number: str  # 发文字号


def issued_documents(case: Case) -> list[IssuedDocument]:
    """The documents the case's events have issued, in the order of events.
    Reads `case.events.all()`, so a prefetch serves it."""
    code = organ_code(case.department)
    seen: dict[str, int] = {}
    documents = []
    for event in sorted(case.events.all(), key=lambda e: e.seq):
        for kind in KINDS:
            if event.kind != kind.event or not kind.matches(event):
                continue
            seen[kind.key] = seen.get(kind.key, 0) + 1
            key = kind.key if seen[kind.key] == 1 else f"{kind.key}-{seen[kind.key]}"
            documents.append(IssuedDocument(key, kind, event, _number(code, kind, event)))
    return documents


def _number(organ: str, kind: DocumentKind, event: CaseEvent) -> str:
    """发文字号: organ code, series, year in 六角括号, then the issuing event's
    id — unique, stable, and without leading zeros or 第."""
    return f"{organ}{kind.series}〔{event.on.year}〕{event.pk}号"


def find_document(case: Case, key: str) -> IssuedDocument:
    base = key.rsplit("-", 1)[0] if key.rsplit("-", 1)[-1].isdigit() else key
    kind = KIND_BY_KEY.get(base)
    if kind is None:
        raise kind_unknown(key)
    for document in issued_documents(case):
        if document.key == key:
            return document
    raise not_issued(key, kind.title, kind.missing)


def letter_of(case: Case, document: IssuedDocument) -> Letter:
    facts = facts_of(case, sorted(case.events.all(), key=lambda e: e.seq))
    return Letter(
        issuer=facts.issuer,
        number=document.number,
        title=document.kind.title,
        addressee=facts.applicant,
        paragraphs=tuple(document.kind.body(facts, document.event)),
        signature=facts.issuer,
        dated=document.event.on,
        keywords=f"办件编号 {facts.tracking_no}",
    )


def document_pdf(case: Case, key: str) -> tuple[IssuedDocument, bytes]:
    """The PDF of one of the case's documents, sealed by the configured
    service (by default: its seal position left marked)."""
    document = find_document(case, key)
    letter = letter_of(case, document)
    seal = conf.seal_service()
    try:
        rendered = render(letter, conf.font_files(), mark_seal_position=seal.marks_position)
    except FontMissing as exc:
        log.error("document font missing: %s", exc.path)
        raise DocumentFontMissing(
            "服务器未安装中文字体（Noto Serif CJK），暂时无法生成文书，请联系系统管理员。",
            detail={"font": str(exc.path)},
        ) from None
    sealed = seal.seal(
        rendered.pdf, placement=rendered.seal, issuer=letter.issuer, number=letter.number
    )
    return document, sealed

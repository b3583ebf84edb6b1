"""The documents of a case: which exist (one per issuing event), and each as
PDF bytes — the same bytes every time it is generated."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.core.text import query_digest

from . import conf
from .errors import DocumentFontMissing, DocumentGlyphMissing, kind_unknown, not_issued
from .facts import facts_of, organ_code
from .kinds import KINDS as NOTICE_KINDS
from .kinds import DocumentKind
from .layout import FontMissing, GlyphMissing, Letter, code_point, render
from .receipts import QUERY_CODE_NOTE, RECEIPT_KINDS, query_code_line
from .store import Stored, Subject, stored_or_rendered

log = logging.getLogger(__name__)

# The notices (kinds.py) and the window's papers (receipts.py), one list.
KINDS = (*NOTICE_KINDS, *RECEIPT_KINDS)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


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


def document_pdf(case: Case, key: str) -> tuple[IssuedDocument, Stored]:
    """The PDF of one of the case's documents, sealed by the configured
    service (by default: its seal position left marked): from the store when
    this version of it was rendered before. The caller has checked that the
    actor may read the case (`case_for_documents`)."""
    document = find_document(case, key)
    letter = letter_of(case, document)
    subject = Subject("case", case.pk, document.key, str(case.version))
    return document, stored_or_rendered(subject, letter, lambda: sealed_pdf(letter, what="文书"))


def receipt_with_query_code(case: Case, query_code: str) -> bytes:
    """The 材料接收凭证 as printed at intake, carrying the query code the
    window has just handed over (checked against the case's digest). Never
    stored: the code exists nowhere else."""
    if not query_code or query_digest(query_code) != case.query_digest:
        raise not_issued("receipt", "材料接收凭证", "查询码不正确")
    document = find_document(case, "receipt")
    letter = letter_of(case, document)
    # The receipt's line saying the code is not repeated: here it is given.
    shown = tuple(
        query_code_line(query_code) if p.text == QUERY_CODE_NOTE else p for p in letter.paragraphs
    )
    letter = replace(letter, paragraphs=shown)
    return sealed_pdf(letter, what="凭证")


def sealed_pdf(letter: Letter, *, what: str) -> bytes:
    """`letter` laid out and sealed; `what` names it in the errors (文书,
    通报). A font not installed is 503 document_font_missing; a character no
    installed font can draw is 422 document_glyph_missing, naming it: a
    name on a licence never silently loses a character."""
    seal = conf.seal_service()
    try:
        rendered = render(letter, conf.font_files(), mark_seal_position=seal.marks_position)
    except FontMissing as exc:
        log.error("document font missing: %s", exc.path)
        font = "Noto Serif CJK" if exc.path.name.startswith("Noto") else exc.path.name
        raise DocumentFontMissing(
            f"服务器未安装中文字体（{font}），暂时无法生成{what}，请联系系统管理员。",
            detail={"font": str(exc.path)},
        ) from None
    except GlyphMissing as exc:
        listed = "、".join(f"“{c}”（{code_point(c)}）" for c in exc.chars[:10])
        raise DocumentGlyphMissing(
            f"{what}中的字符{listed}没有可用的字体，无法生成{what}；请核对该字符，"
            "或请系统管理员安装含该字的字体。",
            detail={"characters": [code_point(c) for c in exc.chars]},
        ) from None
    return seal.seal(
        rendered.pdf, placement=rendered.seal, issuer=letter.issuer, number=letter.number
    )

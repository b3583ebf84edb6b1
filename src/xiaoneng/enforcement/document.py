"""The papers of a penalty case, laid out after GB/T 9704 by the documents
kit and sealed by the configured seal service:

- the decision (行政处罚法 art. 59): 行政处罚决定书, 当场行政处罚决定书 for the
  simple procedure (art. 52), or 不予行政处罚决定书 — the party, the facts,
  the evidence, the party's statement and hearing, the provisions broken
  and applied, the benchmark grade, the penalty, how, where and by when to
  pay the fine and any confiscated gains (art. 66–67) and the surcharge
  (art. 72), the remedies (行政复议 within sixty days, 行政复议法 2023
  art. 20; 行政诉讼 within six months, 行政诉讼法 art. 46), the body's name
  where the seal goes and the day;
- the notice of the intended penalty (行政处罚事先告知书, art. 44, 63–64).

Each comes as the party's copy, a person's identity number and address in
full (`full=True`: for the case's handlers, who hand it over — the action
`actions.papers.open_paper` records that as `party_revealed`), or as a
reading copy with them masked as the case page masks them (`full=False`).

Whatever a person typed (facts, names, reasons) goes into a paragraph as
plain text; the layout draws characters, it interprets nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import Decimal

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from xiaoneng.core.errors import NotFound
from xiaoneng.documents.facts import government_of, organ_code
from xiaoneng.documents.layout import Letter, cn_date
from xiaoneng.documents.layout.model import Paragraph
from xiaoneng.documents.services import sealed_pdf
from xiaoneng.enforcement.common import valid_certificate
from xiaoneng.enforcement.models import (
    Benchmark,
    Outcome,
    PartyKind,
    PaymentChannel,
    PenaltyCase,
    PenaltyKind,
    Procedure,
)
from xiaoneng.enforcement.selectors.cases import party_view

LAW = "《中华人民共和国行政处罚法》"
PAY_WHERE = "财政部门指定的罚没款代收银行网点，或者通过电子支付系统"
NO_PENALTY_BASIS: dict[str, str] = {
    Outcome.NO_PENALTY_MINOR: f"{LAW}第三十三条第一款",
    Outcome.NO_PENALTY_FIRST: f"{LAW}第三十三条第一款",
    Outcome.NO_PENALTY_FACTS: f"{LAW}第五十七条第一款第（三）项",
    Outcome.NO_PENALTY_LAPSED: f"{LAW}第三十六条第一款",
}

TAUGHT = (Outcome.NO_PENALTY_MINOR, Outcome.NO_PENALTY_FIRST, Outcome.NO_PENALTY_LAPSED)


def not_issued(message: str = "该执法文书尚未制发") -> NotFound:
    return NotFound(message, code="enforcement_document_not_issued")


def _clause(text: str) -> str:
    """Free text fit to stand inside a sentence."""
    return " ".join((text or "").split()).rstrip("。；;，,")


def _yuan(value: Decimal | None) -> str:
    return f"{Decimal(value or 0).quantize(Decimal('0.01'))}"


def _party(case: PenaltyCase, *, full: bool) -> list[Paragraph]:
    """当事人 with its particulars: in full on the party's copy, a person's
    identity number and address masked on a reading copy (as on the page)."""
    shown = party_view(case, revealed=full)
    lines = [Paragraph(f"当事人：{case.party_name}", indent=0)]
    if case.party_kind == PartyKind.ORGANISATION:
        if shown["code"]:
            lines.append(Paragraph(f"统一社会信用代码：{shown['code']}", indent=0))
    elif shown["id_no"]:
        lines.append(Paragraph(f"身份证号码：{shown['id_no']}", indent=0))
    if shown["address"]:
        lines.append(Paragraph(f"住所（地址）：{shown['address']}", indent=0))
    if not full and case.party_kind == PartyKind.PERSON:
        lines.append(Paragraph("（阅看副本：当事人的身份证号码、住所已隐去。）", indent=0))
    return lines


def _evidence(case: PenaltyCase) -> list[Paragraph]:
    rows = list(case.evidence.order_by("taken_at", "id"))
    if not rows:
        return []
    out = [Paragraph("以上事实，有下列证据证明：")]
    out += [
        Paragraph(
            f"{n}．{e.get_kind_display()}：{_clause(e.description)}"
            f"（{cn_date(e.taken_at.date())}，{_clause(e.place)}）。"
        )
        for n, e in enumerate(rows, start=1)
    ]
    return out


def _heard(case: PenaltyCase) -> list[Paragraph]:
    """Art. 44–45, 63–64: the notice given and what the party did with it."""
    if case.notified_on is None:
        return []
    rights = "陈述、申辩和要求听证" if case.hearing_right else "陈述、申辩"
    told = (
        f"本机关于{cn_date(case.notified_on)}向你（单位）送达了行政处罚事先告知书，"
        f"告知拟作出行政处罚的内容及事实、理由、依据，以及依法享有的{rights}的权利。"
    )
    hearing = case.hearing  # the current notice's: an earlier one lapsed with its notice
    if case.defence_waived_on is not None:
        said = f"你（单位）于{cn_date(case.defence_waived_on)}书面放弃陈述、申辩的权利。"
    elif case.statements.exists():
        said = "你（单位）在法定期限内提出了陈述、申辩，本机关已进行复核。"
    else:
        said = "你（单位）在法定期限内未提出陈述、申辩。"
    if hearing is not None and hearing.held_on is not None:
        said += f"本机关于{cn_date(hearing.held_on)}依法举行了听证。"
    elif hearing is not None and hearing.waived:
        said += "你（单位）申请听证后无正当理由未参加听证，视为放弃听证权利。"
    return [Paragraph(told + said)]


def _benchmark(case: PenaltyCase) -> str:
    grade = Benchmark.objects.filter(item=case.item, grade=case.grade).first()
    if grade is None:
        return ""
    return (
        f"参照本机关公布的行政处罚裁量基准（{case.item.code}，{grade.get_grade_display()}："
        f"{_clause(grade.circumstances)}，罚款{_yuan(grade.fine_min)}元至{_yuan(grade.fine_max)}元），"
    )


def _penalty_lines(case: PenaltyCase) -> list[Paragraph]:
    lines = []
    kinds = [PenaltyKind(p) for p in case.penalties if p in PenaltyKind.values]
    n = 0
    for kind in kinds:
        n += 1
        if kind == PenaltyKind.FINE:
            lines.append(Paragraph(f"{n}．罚款人民币{_yuan(case.fine)}元；"))
        elif kind == PenaltyKind.CONFISCATE and case.confiscated:
            lines.append(Paragraph(f"{n}．没收违法所得人民币{_yuan(case.confiscated)}元；"))
        else:
            lines.append(Paragraph(f"{n}．{kind.label}；"))
    if case.fine and PenaltyKind.FINE not in kinds:
        lines.append(Paragraph(f"{n + 1}．罚款人民币{_yuan(case.fine)}元；"))
    if lines:  # the last penalty ends the sentence
        last = lines[-1]
        lines[-1] = Paragraph(last.text.removesuffix("；") + "。", indent=last.indent)
    if case.decision_text:
        lines.append(Paragraph(_clause(case.decision_text) + "。"))
    return lines


def _payment(case: PenaltyCase) -> list[Paragraph]:
    """How, where and by when (art. 66–67, 72): the fine and any confiscated
    gains (罚没款); the surcharge is on the fine only."""
    what = "、".join(
        w for w, owed in (("罚款", case.fine), ("没收的违法所得", case.confiscated)) if owed
    )
    if not what:
        return []
    cash = case.payments.filter(channel=PaymentChannel.ON_THE_SPOT).first()
    if cash is not None:
        return [
            Paragraph(
                f"{what}已由执法人员于{cn_date(cash.paid_on)}当场收缴，并出具财政部门统一制发的"
                f"专用票据（票据号：{cash.receipt_no}）。"
            )
        ]
    by = f"（即{cn_date(case.payment_due)}前）" if case.payment_due else ""
    late = (
        f"到期不缴纳罚款的，本机关将依据{LAW}第七十二条第一款第（一）项的规定，"
        "每日按罚款数额的百分之三加处罚款，加处罚款的数额不超出罚款的数额，"
        "并可以依法申请人民法院强制执行。"
        if case.fine
        else "到期不缴纳的，本机关将依法申请人民法院强制执行。"
    )
    return [
        Paragraph(
            f"请自收到本决定书之日起十五日内{by}，持本决定书到{PAY_WHERE}缴纳{what}"
            f"（决定书文号：{case.decision_no}）。本机关及执法人员不直接收缴。{late}"
        )
    ]


def _remedies(case: PenaltyCase) -> Paragraph:
    return Paragraph(
        "如不服本决定，可以自收到本决定书之日起六十日内向"
        f"{government_of(case.body)}申请行政复议"
        "（《中华人民共和国行政复议法》第二十条），或者自收到本决定书之日起六个月内"
        "依法向人民法院提起行政诉讼（《中华人民共和国行政诉讼法》第四十六条）。"
        "申请行政复议或者提起行政诉讼的，行政处罚不停止执行，法律另有规定的除外"
        f"（{LAW}第七十三条）。"
    )


def _officers(case: PenaltyCase) -> list[Paragraph]:
    """Art. 52: the on-the-spot decision names its officers and their certificates."""
    named = []
    for user in case.officers.order_by("pk"):
        cert = valid_certificate(user, case.body_id, case.decided_on) if case.decided_on else None
        named.append(
            f"{user.display_name}（执法证号：{cert.number}）" if cert else user.display_name
        )
    return [Paragraph(f"执法人员：{'、'.join(named)}", indent=0)] if named else []


def _title(case: PenaltyCase) -> str:
    if case.outcome != Outcome.PENALTY:
        return "不予行政处罚决定书"
    return "当场行政处罚决定书" if case.procedure == Procedure.SIMPLE else "行政处罚决定书"


def _decision_body(case: PenaltyCase) -> list[Paragraph]:
    item = case.item
    broke = (
        f"本机关认为，你（单位）的上述行为违反了{_clause(item.legal_basis)}的规定，"
        f"构成{_clause(item.name)}的违法行为。"
    )
    if case.outcome != Outcome.PENALTY:
        basis = NO_PENALTY_BASIS.get(case.outcome, LAW)
        # art. 33 ¶3: a party not penalised for a violation is taught.
        taught = "本机关已对你（单位）进行教育。" if case.outcome in TAUGHT else ""
        decided = f"依据{basis}的规定，本机关决定对你（单位）不予行政处罚。{taught}"
        if case.outcome == Outcome.NO_PENALTY_FACTS:
            return [Paragraph(f"{decided}（{Outcome(case.outcome).label}）")]
        return [Paragraph(broke), Paragraph(decided)]
    outside = (
        f"本案罚款超出裁量基准，理由：{_clause(case.outside_reason)}，已经法制审核。"
        if case.outside_benchmark
        else ""
    )
    return [
        Paragraph(broke + outside),
        Paragraph(
            f"依据{_clause(item.penalty_basis)}的规定，{_benchmark(case)}"
            "本机关决定对你（单位）给予如下行政处罚："
        ),
        *_penalty_lines(case),
    ]


def decision_letter(case: PenaltyCase, *, full: bool) -> Letter:
    """The decision of the case (the party's copy when `full`);
    `enforcement_document_not_issued` (404) before a decision, or for a
    transfer to the judicial organs."""
    if case.decided_on is None or not case.outcome or case.outcome == Outcome.TRANSFER:
        raise not_issued("本案尚未作出处理决定书")
    opened = (
        f"本机关于{cn_date(case.registered_on)}对你（单位）{_clause(case.item.name)}一案立案调查，"
        "现已调查终结。"
        if case.registered_on
        else ""
    )
    paragraphs = [
        *_party(case, full=full),
        Paragraph(f"{opened}经查：{_clause(case.facts)}。违法地点：{_clause(case.place)}。"),
        *_evidence(case),
        *_heard(case),
        *_decision_body(case),
        *(_payment(case) if case.outcome == Outcome.PENALTY else []),
        _remedies(case),
        *(_officers(case) if case.procedure == Procedure.SIMPLE else []),
    ]
    return Letter(
        issuer=case.body.name,
        number=case.decision_no
        or f"{organ_code(case.body)}罚〔{case.decided_on.year}〕{case.pk}号",
        title=_title(case),
        addressee=case.party_name,
        paragraphs=tuple(paragraphs),
        signature=case.body.name,
        dated=case.decided_on,
        keywords=f"案件编号 {case.number}" if case.number else "",
    )


def _intended(case: PenaltyCase) -> list[str]:
    """The intended penalties, each once, a fine and a confiscation with their amounts."""
    amounts = {
        PenaltyKind.FINE: ("罚款", case.intended_fine),
        PenaltyKind.CONFISCATE: ("没收违法所得", case.intended_confiscated),
    }
    words = []
    for kind in (PenaltyKind(p) for p in case.intended_penalties if p in PenaltyKind.values):
        word, amount = amounts.get(kind, (kind.label, None))
        words.append(f"{word}人民币{_yuan(amount)}元" if amount else kind.label)
    if case.intended_fine and PenaltyKind.FINE not in case.intended_penalties:
        words.append(f"罚款人民币{_yuan(case.intended_fine)}元")
    return words


def notice_letter(case: PenaltyCase, *, full: bool) -> Letter:
    """行政处罚事先告知书 (art. 44, 63–64), the party's copy when `full`; 404
    before the notice."""
    if case.notified_on is None:
        raise not_issued("本案尚未告知拟作出的行政处罚")
    item = case.item
    intended = _intended(case)
    until = f"（即{cn_date(case.defence_until)}前）" if case.defence_until else ""
    rights = (
        f"根据{LAW}第四十四条、第四十五条的规定，你（单位）有权进行陈述和申辩。"
        f"请于收到本告知书之日起五个工作日内{until}向本机关提出陈述、申辩意见；"
    )
    if case.hearing_right:
        rights += (
            f"根据{LAW}第六十三条、第六十四条的规定，你（单位）有权要求举行听证，"
            "请在上述期限内提出；"
        )
    rights += "逾期未提出的，视为放弃上述权利。本机关不因你（单位）陈述、申辩而给予更重的处罚。"
    paragraphs = [
        *_party(case, full=full),
        Paragraph(
            f"经查：{_clause(case.facts)}。你（单位）的上述行为违反了{_clause(item.legal_basis)}"
            f"的规定。依据{_clause(item.penalty_basis)}的规定，本机关拟对你（单位）作出如下行政处罚："
            f"{'；'.join(intended) or '—'}。"
        ),
        Paragraph(rights),
    ]
    return Letter(
        issuer=case.body.name,
        number=f"{organ_code(case.body)}罚告〔{case.notified_on.year}〕{case.pk}号",
        title="行政处罚事先告知书",
        addressee=case.party_name,
        paragraphs=tuple(paragraphs),
        signature=case.body.name,
        dated=case.notified_on,
        keywords=f"案件编号 {case.number}" if case.number else "",
    )


# paper → (its letter, what it is called)
PAPERS: dict[str, tuple[Callable[..., Letter], str]] = {
    "decision": (decision_letter, "行政处罚决定书"),
    "notice": (notice_letter, "行政处罚事先告知书"),
}


def paper_pdf(letter: Letter, paper: str) -> bytes:
    return sealed_pdf(letter, what=PAPERS[paper][1])


def decision_pdf(case: PenaltyCase, *, full: bool) -> bytes:
    return paper_pdf(decision_letter(case, full=full), "decision")


def notice_pdf(case: PenaltyCase, *, full: bool) -> bytes:
    return paper_pdf(notice_letter(case, full=full), "notice")


def paper_filename(case: PenaltyCase, paper: str, *, full: bool) -> str:
    """行政处罚决定书-张工商罚〔2026〕7号.pdf; a reading copy says so."""
    name = case.decision_no or case.number or str(case.pk)
    return f"{PAPERS[paper][1]}-{name}{'' if full else '（阅看副本）'}.pdf"


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename) or "inline"
    response["ETag"] = f'"{hashlib.sha256(pdf).hexdigest()[:32]}"'
    response["Cache-Control"] = "private, no-store"
    return response

"""Reads of penalty cases, always through `common.cases_for(actor)`: the
desks' lists with their lights (from the stored `due_on`), the case's facts
for the gates, its timeline (the audit events), what the actor may do next,
the party as the actor may see it, earlier penalties of the same party (首违
不罚), the evidence files in scope. The case file itself (`case_files_for`)
is for those who handle, review or supervise the case — not for finance.

Who sees what is the module docstring of `enforcement.common`; a case out
of scope is not there (404)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.storage import default_storage
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from xiaoneng.audit.models import AuditEvent
from xiaoneng.core import timesource
from xiaoneng.core.clock import AlertBounds
from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.enforcement import gates
from xiaoneng.enforcement.common import ACT, DECIDE, LEGALITY, PAYMENT, SUPERVISE, cases_for
from xiaoneng.enforcement.models import (
    Benchmark,
    Certificate,
    EvidenceFile,
    Hearing,
    LegalityReview,
    Outcome,
    PartyKind,
    PenaltyCase,
    PenaltyKind,
    Status,
)
from xiaoneng.org.authority import covers_department, has_perm, scope_q
from xiaoneng.org.models import Role, User
from xiaoneng.web.lights import Light, lit, unlit
from xiaoneng.web.masking import mask_id_no, mask_name, mask_phone

if TYPE_CHECKING:
    from xiaoneng.core.workdays import WorkCalendar
    from xiaoneng.org.actor import Actor

WARNING_WORKDAYS = 3  # a yellow light on the last three working days
READ_PERMISSIONS = (ACT, DECIDE, LEGALITY, SUPERVISE, PAYMENT)  # each reads what cases_for gives it
STEP_LABELS = {
    "register": "立案期限",
    "decision": "办案期限",
    "service": "送达期限",
    "publish": "公示期限",
    "payment": "缴款期限",
}

# The desk's tabs: key → (label, statuses).
TABS: dict[str, tuple[str, tuple[str, ...]]] = {
    "open": (
        "办理中",
        (
            Status.CLUE,
            Status.INVESTIGATING,
            Status.NOTIFIED,
            Status.HEARING,
            Status.REVIEW,
            Status.DECIDING,
        ),
    ),
    "clue": ("待立案", (Status.CLUE,)),
    "decided": ("已决定", (Status.DECIDED, Status.SERVED, Status.ENFORCING)),
    "closed": ("已结案", (Status.CLOSED, Status.NOT_REGISTERED)),
    "all": ("全部", tuple(Status.values)),
}


# --- who reads the case file ----------------------------------------------------


def case_files_for(actor: Actor | None) -> QuerySet[PenaltyCase]:
    """The cases whose file (facts, party, evidence and its files,
    statements, hearing, reviews, timeline) the actor reads: those who
    handle, review or supervise them. Finance reads decided cases for the
    bank's receipts only (`cases_for`): the money section, not the file."""
    if has_perm(actor, LEGALITY) or has_perm(actor, SUPERVISE):
        return cases_for(actor)
    if has_perm(actor, ACT) or has_perm(actor, DECIDE):
        return cases_for(actor).filter(scope_q(actor, dept_field="body"))
    return PenaltyCase.objects.none()


def reads_case_file(actor: Actor | None, case: PenaltyCase) -> bool:
    return case_files_for(actor).filter(pk=case.pk).exists()


# --- the case's facts for the gates ------------------------------------------


def hearing_state(case: PenaltyCase) -> str:
    """The current notice's hearing (an earlier notice's lapsed with it)."""
    row = case.hearing
    if row is None:
        return ""
    if row.held_on is not None:
        return "held"
    if row.waived:
        return "waived"
    return "scheduled" if row.scheduled_on else "requested"


def counting_review(case: PenaltyCase) -> LegalityReview | None:
    """The latest review round of the current notice (one of an earlier
    notice reviewed another intended penalty)."""
    return case.reviews.filter(notice_no=case.notice_no).order_by("-id").first()


def review_state(case: PenaltyCase) -> str:
    row = counting_review(case)
    if row is None:
        return ""
    if row.reviewed_on is None:
        return "pending"
    return "passed" if row.passed else "failed"


def intended_outside_benchmark(case: PenaltyCase) -> bool:
    """The intended fine (the decided one once decided) outside its grade's
    benchmark; a grade without a benchmark counts as outside."""
    if case.decided_on is not None:
        return case.outside_benchmark
    if case.intended_fine is None:
        return False
    row = Benchmark.objects.filter(item_id=case.item_id, grade=case.intended_grade).first()
    return row is None or not gates.within(row.fine_min, row.fine_max, case.intended_fine)


def facts_of(case: PenaltyCase) -> gates.Facts:
    return gates.Facts(
        status=case.status,
        notified_on=case.notified_on,
        defence_until=case.defence_until,
        defence_waived_on=case.defence_waived_on,
        hearing_right=case.hearing_right,
        hearing=hearing_state(case),
        major=case.major,
        outside_benchmark=intended_outside_benchmark(case),
        review=review_state(case),
        unanswered=case.statements.filter(adopted=None).exists(),
    )


def latest_step_on(case: PenaltyCase) -> date | None:
    """The day of the latest step on the file that a notice must not
    precede: the registration, the previous notice, the party's waiver,
    statements and hearing, the legality reviews."""
    days = [case.registered_on, case.notified_on, case.defence_waived_on]
    days += list(case.statements.values_list("received_on", flat=True))
    for row in Hearing.objects.filter(case=case):
        days += [row.requested_on, row.notified_on, row.held_on]
    for submitted, reviewed in case.reviews.values_list("submitted_on", "reviewed_on"):
        days += [submitted, reviewed]
    known = [d for d in days if d is not None]
    return max(known) if known else None


# --- 首违不罚 ------------------------------------------------------------------


def same_party(case: PenaltyCase) -> Q:
    if case.party_kind == PartyKind.ORGANISATION and case.party_code:
        return Q(party_code=case.party_code)
    if case.party_id_digest:
        return Q(party_id_digest=case.party_id_digest)
    return Q(pk__in=[])


def earlier_penalties(case: PenaltyCase) -> QuerySet[PenaltyCase]:
    """Penalties decided on the same party (credit code, or the identity
    number's digest) under the same item, before this case."""
    return (
        PenaltyCase.objects.filter(same_party(case), item_id=case.item_id, outcome=Outcome.PENALTY)
        .exclude(decided_on=None)
        .exclude(pk=case.pk)
    )


def first_offence(case: PenaltyCase) -> dict[str, Any] | None:
    """What the case page says when 首违不罚 may apply: the item allows it
    and the party has no earlier penalty under it, while nothing is decided."""
    if case.decided_on is not None:  # decided: the box would only contradict the decision
        return None
    if not case.item.first_offence_exempt or earlier_penalties(case).exists():
        return None
    return {
        "conditions": case.item.exempt_conditions,
        "correction_due": case.correction_due,
        "corrected_on": case.corrected_on,
        "in_time": bool(
            case.corrected_on and case.correction_due and case.corrected_on <= case.correction_due
        ),
    }


# --- lists and lights ----------------------------------------------------------


def case_light(case: PenaltyCase, today: date, calendar: WorkCalendar) -> Light:
    """The running deadline's light; what the case's state says when none runs."""
    if case.due_on is None:
        return unlit(case.get_status_display())
    level = AlertBounds.on(today, calendar, WARNING_WORKDAYS).level(case.due_on)
    remaining = calendar.workdays_between(today, case.due_on)
    return lit(level, remaining, due=case.due_on, note=f"（{STEP_LABELS.get(case.due_step, '')}）")


def desk_cases(actor: Actor | None, tab: str = "open") -> QuerySet[PenaltyCase]:
    """The cases of the actor's desk on a tab; an officer's own cases first,
    then by the running deadline."""
    _, statuses = TABS.get(tab, TABS["open"])
    qs = cases_for(actor).filter(status__in=statuses)
    user_pk = getattr(actor, "pk", None)
    mine = list(qs.filter(officers=user_pk).values_list("pk", flat=True)) if user_pk else []
    return qs.annotate(
        own=Case(When(pk__in=mine, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("own", "due_on", "-id")


def head_desk(actor: Actor | None) -> dict[str, QuerySet[PenaltyCase]]:
    """The head's desk: clues to register, cases to decide (after a hearing
    or a passed review, or the defence period over), the rest running out."""
    qs = cases_for(actor)
    return {
        "clues": qs.filter(status=Status.CLUE).order_by("due_on", "id"),
        "deciding": qs.filter(Q(status=Status.DECIDING) | Q(status=Status.NOTIFIED)).order_by(
            "due_on", "id"
        ),
        "running": qs.filter(
            status__in=(Status.INVESTIGATING, Status.REVIEW, Status.HEARING)
        ).order_by("due_on", "id"),
    }


def pending_reviews(actor: Actor | None) -> QuerySet[LegalityReview]:
    """The legal office's desk: rounds awaiting its opinion, oldest first."""
    if not has_perm(actor, LEGALITY):
        return LegalityReview.objects.none()
    return (
        LegalityReview.objects.filter(case__in=cases_for(actor), reviewed_on=None)
        .select_related("case", "case__body", "case__item", "submitted_by")
        .order_by("submitted_on", "id")
    )


def recent_reviews(actor: Actor | None, limit: int = 20) -> list[LegalityReview]:
    if not has_perm(actor, LEGALITY):
        return []
    return list(
        LegalityReview.objects.filter(case__in=cases_for(actor))
        .exclude(reviewed_on=None)
        .select_related("case", "case__body", "reviewer")
        .order_by("-reviewed_on", "-id")[:limit]
    )


# --- the case page -------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    event: AuditEvent
    label: str
    refused: bool


def timeline(case: PenaltyCase) -> list[Entry]:
    """Every audit event on the case, in order (执法全过程记录)."""
    from xiaoneng.core import vocabulary

    labels = vocabulary.events()
    rows = AuditEvent.objects.filter(object_type="penalty_case", object_id=str(case.pk)).order_by(
        "seq"
    )
    return [
        Entry(e, what_happened(e, labels), e.event_type == "enforcement.act_refused") for e in rows
    ]


def what_happened(row: AuditEvent, labels: Mapping[str, str]) -> str:
    """The event's label, or what it did when its type covers two outcomes
    (a decision to penalise or not; a hearing held or deemed waived)."""
    payload = row.payload or {}
    if row.event_type == "enforcement.case_decided":
        outcome = payload.get("outcome")
        if outcome == Outcome.PENALTY:
            return "作出行政处罚决定"
        if outcome == Outcome.TRANSFER:
            return "决定移送司法机关"
        if outcome:
            return "作出不予行政处罚决定"
    if row.event_type == "enforcement.hearing_recorded" and "held" in payload:
        return "举行听证（听证笔录）" if payload["held"] else "当事人未出席，视为放弃听证"
    return labels.get(row.event_type, row.event_type)


def handles(actor: Actor | None, case: PenaltyCase, permission: str) -> bool:
    """The actor holds `permission` and, for the body's own steps, covers its body."""
    if not has_perm(actor, permission):
        return False
    return permission == LEGALITY or covers_department(actor, case.body_id)


def next_steps(actor: Actor | None, case: PenaltyCase) -> set[str]:
    """The steps the page offers the actor now: the status allows them, the
    actor holds their permission for the case's body, and what they need is
    there (the actions check everything again)."""
    act, decide = handles(actor, case, ACT), handles(actor, case, DECIDE)
    legal = handles(actor, case, LEGALITY)
    steps = {
        step
        for step, statuses in gates.STEPS.items()
        if case.status in statuses
        and (
            (step in BY_HEAD and decide)
            or (step in BY_OFFICER and act)
            or (step == "submit_review" and decide)
            or (step == "review" and legal)
        )
    }
    facts = facts_of(case)
    pointless = {
        "submit_review": case.notified_on is None
        or gates.hearing_pending(facts)
        or gates.defence_open(facts, timesource.today()),
        "request_hearing": not case.hearing_right or facts.hearing != "",
        "extend_registration": case.register_extended_days > 0,
        "flag_major": case.major,
        "order_correction": case.corrected_on is not None,
        "record_correction": case.correction_due is None or case.corrected_on is not None,
        "waiver": case.defence_waived_on is not None,
        "notify": not case.evidence.exists(),
        "answer_statement": not case.statements.filter(adopted=None).exists(),
    }
    return {s for s in steps if not pointless.get(s, False)}


BY_OFFICER = frozenset(
    {
        "evidence",
        "order_correction",
        "record_correction",
        "notify",
        "statement",
        "answer_statement",
        "waiver",
        "request_hearing",
        "schedule_hearing",
        "record_hearing",
        "submit_review",
        "serve",
    }
)
BY_HEAD = frozenset(
    {"register", "decline", "extend_registration", "extend_decision", "flag_major", "decide"}
)


def penalty_words(penalties: list[str], fine: Decimal | None) -> str:
    """警告、罚款 30000.00 元: the penalties as the page writes them, the fine with its amount."""
    labels = dict(PenaltyKind.choices)
    return "、".join(
        f"罚款 {fine} 元" if p == PenaltyKind.FINE and fine is not None else labels.get(p, p)
        for p in penalties
    )


def mask_address(value: str) -> str:
    return f"{value[:6]}****" if len(value) > 6 else "****" if value else ""


def party_view(case: PenaltyCase, *, revealed: bool) -> dict[str, str]:
    """The party as the page shows it: a person's identity number, phone and
    address masked unless revealed; an organisation's credit code is public."""
    person = case.party_kind == PartyKind.PERSON
    if revealed:
        return {
            "name": case.party_name,
            "code": case.party_code,
            "id_no": case.party_id_no,
            "phone": case.party_phone,
            "address": case.party_address,
        }
    return {
        "name": case.party_name,
        "code": case.party_code,
        "id_no": mask_id_no(case.party_id_no) if person else "",
        "phone": mask_phone(case.party_phone) if case.party_phone else "",
        "address": mask_address(case.party_address) if person else case.party_address,
        "public_name": mask_name(case.party_name) if person else case.party_name,
    }


def evidence_file_for(actor: Actor | None, case_pk: Any, file_pk: Any) -> EvidenceFile:
    row = (
        EvidenceFile.objects.filter(
            pk=as_int(file_pk) or 0,
            evidence__case__in=case_files_for(actor).filter(pk=as_int(case_pk) or 0),
        )
        .select_related("evidence")
        .first()
    )
    if row is None:
        raise NotFound("证据文件不存在或无权查看", code="enforcement_file_not_found")
    return row


def open_evidence_file(row: EvidenceFile) -> Any:
    try:
        return default_storage.open(row.stored_path, "rb")
    except FileNotFoundError:
        raise NotFound("证据文件已不存在", code="enforcement_file_not_found") from None


def certified_on(body_id: int, on: date) -> list[User]:
    """The body's officers holding a certificate valid on `on` (the forms' choices)."""
    ids = (
        Certificate.objects.filter(body_id=body_id, issued_on__lte=on, valid_until__gte=on)
        .filter(Q(revoked_on=None) | Q(revoked_on__gt=on))
        .values_list("officer_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def host_choices(case: PenaltyCase, investigators: set[int]) -> list[User]:
    """Who may host the hearing: the body's staff or the legal office's, not
    an investigator of the case."""
    legal_roles = [
        r.pk for r in Role.objects.filter(active=True) if LEGALITY in (r.permissions or [])
    ]
    body = case.body
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(department_id=body.pk)
            | Q(department__ancestors__startswith=body.path)
            | Q(roles__in=legal_roles)
        )
        .exclude(pk__in=investigators)
        .distinct()
        .order_by("pk")
    )

"""The only writers of administrative enforcement. Each action is one
durable transaction: the permission for its step, the case locked and in
the actor's scope (`common.locked_case`), the step allowed in the case's
status (`enforcement.gates`), one audit event `enforcement.<what>`, the
clock's dates stored (`enforcement.clock`). Keyword-only, `actor` first.
A refused act the law forbids is recorded as a supervision anomaly after
the rollback (`common.refusing`; for an act that would open a case,
`evidence.refusing_opening`).

The case (the cases part): `open_clue`, `record_evidence`,
`order_correction`, `record_correction` (officers, `enforcement.act`);
`register_case`, `decline_registration`, `extend_registration`,
`extend_decision`, `flag_major` (the head, `enforcement.decide`);
`notify_intended_penalty`, `record_statement`, `answer_statement`,
`record_waiver`; `request_hearing`, `schedule_hearing`, `record_hearing`;
`submit_review` (officers or head), `review_case` (the legal office,
`enforcement.legality`); `decide` (the head), `serve_decision`;
`decide_on_the_spot` (two certified officers, simple procedure);
`reveal_party` (the case's handlers, audited)."""

from .clue import open_clue, order_correction, record_correction, record_evidence
from .decision import SERVICE_METHODS, decide, serve_decision
from .hearing import record_hearing, request_hearing, schedule_hearing
from .notice import answer_statement, notify_intended_penalty, record_statement, record_waiver
from .party import reveal_party
from .registration import (
    decline_registration,
    extend_decision,
    extend_registration,
    flag_major,
    register_case,
)
from .review import review_case, submit_review
from .simple import decide_on_the_spot

__all__ = [
    "SERVICE_METHODS",
    "answer_statement",
    "decide",
    "decide_on_the_spot",
    "decline_registration",
    "extend_decision",
    "extend_registration",
    "flag_major",
    "notify_intended_penalty",
    "open_clue",
    "order_correction",
    "record_correction",
    "record_evidence",
    "record_hearing",
    "record_statement",
    "record_waiver",
    "register_case",
    "request_hearing",
    "reveal_party",
    "review_case",
    "schedule_hearing",
    "serve_decision",
    "submit_review",
]

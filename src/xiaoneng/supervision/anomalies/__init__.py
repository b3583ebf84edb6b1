"""Anomalies (异常) of domain rules §3, recorded automatically with the
evidence that shows them.

- `rules`: what counts as an anomaly, as data (`RULES`, the step labels, the
  refusal codes whose attempt is kept).
- `evidence`, `findings`, `outside_system`: each rule's one query over the
  stored cases, and the evidence (case event seqs, audit seqs, the facts
  compared) resolved for the new findings only.
- `detection`: the periodic sweep (`detect_anomalies`), idempotent.
- `refused`: refused attempts (`record_refused_attempt`), kept in a
  transaction of their own after the action's rolled back.

`docs/decisions.md` ("Supervision") says why.
"""

from .detection import DetectionRun, detect_anomalies
from .refused import on_attempt_refused, record_refused_attempt
from .rules import (
    BACKDATE_WORKDAYS,
    REFUSED_ATTEMPTS,
    RULE_OF,
    RULES,
    STEP_LABELS,
    Rule,
    step_label,
)

__all__ = [
    "BACKDATE_WORKDAYS",
    "REFUSED_ATTEMPTS",
    "RULES",
    "RULE_OF",
    "STEP_LABELS",
    "DetectionRun",
    "Rule",
    "detect_anomalies",
    "on_attempt_refused",
    "record_refused_attempt",
    "step_label",
]

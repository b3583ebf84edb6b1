"""Refused attempts: a second supplement notice or a refusal without reasons
is refused by the case action and rolls back with its transaction, so
nothing of it would remain. `cases.steps.records_refused_attempts` sends
`attempt_refused` after the rollback; the receiver (connected in `apps.py`)
writes the attempt to the audit chain and the anomaly in a transaction of
its own."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.cases.models import Case, CaseEvent
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.supervision.models import Anomaly, AnomalyKind

from .evidence import cn_date
from .rules import REFUSED_ATTEMPTS

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def record_refused_attempt(
    *, actor: Actor | None, case_id: int, action: str, error: DomainError
) -> Any:
    """Keep a refused attempt (its own transaction: the action's rolled back):
    one audit event `case.attempt_refused` on the case's trail, and the
    anomaly — created on the first attempt, the later attempts added to its
    evidence. Returns the anomaly, or None for a code that is not kept."""
    if error.code not in REFUSED_ATTEMPTS:
        return None
    kind, step = REFUSED_ATTEMPTS[error.code]
    today = timesource.today()
    with transaction.atomic():
        case = Case.objects.filter(pk=case_id).values("pk", "tracking_no", "department_id").first()
        if case is None:
            return None
        who = getattr(actor, "display_name", "") or "系统"
        audit = record_event(
            actor=actor,
            event_type="case.attempt_refused",
            object_type="case",
            object_id=case["tracking_no"],
            payload={
                "action": action,
                "code": error.code,
                "message": error.message,
                "anomaly": kind.value,
            },
        )
        existing = (
            Anomaly.objects.select_for_update(of=("self",))
            .filter(case_id=case_id, kind=kind, step=step)
            .first()
        )
        if existing is not None:
            evidence = dict(existing.evidence)
            evidence["audit_events"] = sorted({*evidence.get("audit_events", []), audit.seq})
            evidence["attempts"] = int(evidence.get("attempts", 1)) + 1
            existing.evidence = evidence
            existing.save(update_fields=["evidence", "updated_at"])
            return existing
        kinds = ("supplement_notice",) if kind == AnomalyKind.SECOND_NOTICE else ("received",)
        seqs = list(
            CaseEvent.objects.filter(case_id=case_id, kind__in=kinds)
            .order_by("seq")
            .values_list("seq", flat=True)
        )
        if kind == AnomalyKind.SECOND_NOTICE:
            summary = f"{who}于{cn_date(today)}再次尝试发出补正告知（一次性告知已发出），系统已拒绝"
        else:
            summary = f"{who}于{cn_date(today)}尝试不予受理而未说明理由，系统已拒绝"
        anomaly = Anomaly.objects.create(
            kind=kind,
            step=step,
            case_id=case_id,
            department_id=case["department_id"],
            detected_on=today,
            occurred_on=today,
            summary=summary,
            evidence={
                "case_events": seqs,
                "audit_events": [audit.seq],
                "facts": [["尝试操作", action], ["拒绝原因", error.message], ["操作人", who]],
                "attempts": 1,
            },
            run=f"attempt-{audit.seq}",
        )
        notify(
            recipients=department_heads([case["department_id"]]).get(case["department_id"], []),
            kind="anomaly",
            title=f"异常：{kind.label}（办件 {case['tracking_no']}）",
            body=summary,
            link=reverse("supervision:anomaly", args=[anomaly.pk]),
        )
        return anomaly


def on_attempt_refused(sender: Any, **kwargs: Any) -> None:
    error = kwargs.get("error")
    if isinstance(error, DomainError):
        record_refused_attempt(
            actor=kwargs.get("actor"),
            case_id=kwargs["case_id"],
            action=str(kwargs.get("action", "")),
            error=error,
        )

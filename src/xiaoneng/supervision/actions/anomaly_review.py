"""Anomalies (异常) under review: explained by the department, closed by the
bureau. (Recording them is `supervision.anomalies`.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.core import timesource
from xiaoneng.core.errors import Conflict
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import require
from xiaoneng.supervision.models import Anomaly, AnomalyStatus
from xiaoneng.supervision.vocabulary import anomaly_not_found

from .common import about, locked_in_scope, required_text

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

ANOMALY_TRANSITIONS: dict[str, tuple[AnomalyStatus, ...]] = {
    "explain": (AnomalyStatus.OPEN,),
    "close": (AnomalyStatus.EXPLAINED,),
}


def _anomaly_in_scope(actor: Actor, anomaly_id: int, action: str) -> Anomaly:
    anomaly = locked_in_scope(Anomaly, actor, anomaly_id, anomaly_not_found)
    if anomaly.status not in ANOMALY_TRANSITIONS[action]:
        raise Conflict(
            f"该异常当前为“{anomaly.get_status_display()}”，不能执行此操作",
            code="anomaly_not_open" if action == "explain" else "anomaly_not_explained",
            detail={"status": anomaly.status},
        )
    return anomaly


def _anomaly_link(anomaly: Anomaly) -> str:
    return reverse("supervision:anomaly", args=[anomaly.pk])


@transaction.atomic(durable=True)
def explain_anomaly(*, actor: Actor, anomaly_id: int, explanation: str) -> Anomaly:
    """The responsible department's explanation (情况说明)."""
    actor = require(actor, "supervision.reply")
    anomaly = _anomaly_in_scope(actor, anomaly_id, "explain")
    anomaly.explanation = required_text(
        explanation, code="explanation_required", message="请填写情况说明"
    )[:4000]
    anomaly.explained_by = actor
    anomaly.explained_on = timesource.today()
    anomaly.status = AnomalyStatus.EXPLAINED
    anomaly.save(
        update_fields=["explanation", "explained_by", "explained_on", "status", "updated_at"]
    )
    record_event(
        actor=actor,
        event_type="supervision.anomaly_explained",
        object_type="supervision_anomaly",
        object_id=anomaly.pk,
        payload={
            **about(anomaly),
            "kind": anomaly.kind,
            "explanation": anomaly.explanation,
        },
    )
    return anomaly


@transaction.atomic(durable=True)
def close_anomaly(*, actor: Actor, anomaly_id: int, note: str = "") -> Anomaly:
    """The bureau accepts the explanation: the anomaly is closed (办结)."""
    actor = require(actor, "supervision.manage")
    anomaly = _anomaly_in_scope(actor, anomaly_id, "close")
    anomaly.status = AnomalyStatus.CLOSED
    anomaly.closed_by = actor
    anomaly.closed_on = timesource.today()
    anomaly.closing_note = (note or "").strip()[:500]
    anomaly.save(update_fields=["status", "closed_by", "closed_on", "closing_note", "updated_at"])
    record_event(
        actor=actor,
        event_type="supervision.anomaly_closed",
        object_type="supervision_anomaly",
        object_id=anomaly.pk,
        payload={
            **about(anomaly),
            "kind": anomaly.kind,
            "note": anomaly.closing_note,
        },
    )
    notify(
        recipients=department_heads([anomaly.department_id]).get(anomaly.department_id, []),
        kind="anomaly_closed",
        title=f"异常已办结：{anomaly.get_kind_display()}（{anomaly.subject_label}）",
        body=anomaly.closing_note,
        link=_anomaly_link(anomaly),
    )
    return anomaly

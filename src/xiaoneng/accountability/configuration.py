"""The writers of the accountability data the administrator keeps (问责依据
and 问责方式, seeded by migration 0002): one audited action each, for the
admin pages. A measure's deduction applies to decisions taken after the
change; decided cases keep the points fixed when they were decided."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.core.errors import InvalidInput
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import require

from .models import Authority, MeasureKind, Rule, RuleDocument

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

PERMISSION = "system.params"
MAX_DEDUCTION = 100


@transaction.atomic  # not durable: the admin page calls it inside its own
def save_rule(
    *,
    actor: Actor,
    pk: int | None,
    document: str,
    article: str,
    text: str,
    active: bool = True,
    sort: int = 0,
) -> Rule:
    user = require(actor, PERMISSION)
    if document not in RuleDocument.values:
        raise InvalidInput("问责依据文件不正确", code="accountability_rule_invalid")
    row = Rule.objects.select_for_update().filter(pk=pk).first() if pk else None
    row = row or Rule()
    row.document = document
    row.article = require_text(
        article, code="accountability_rule_invalid", message="请填写条款", limit=40
    )
    row.text = require_text(text, code="accountability_rule_invalid", message="请填写条文")
    row.active, row.sort = bool(active), max(int(sort), 0)
    row.save()
    record_event(
        actor=user,
        event_type="accountability.rule_saved",
        object_type="accountability_rule",
        object_id=row.pk,
        payload={"document": document, "article": row.article, "active": row.active},
    )
    return row


@transaction.atomic  # not durable: the admin page calls it inside its own
def save_measure_kind(
    *,
    actor: Actor,
    pk: int | None,
    code: str,
    name: str,
    authority: str,
    score_deduction: int,
    has_deadline: bool = False,
    publishes_bulletin: bool = False,
    active: bool = True,
    sort: int = 0,
) -> MeasureKind:
    user = require(actor, PERMISSION)
    if authority not in Authority.values:
        raise InvalidInput("决定机关不正确", code="accountability_measure_invalid")
    if type(score_deduction) is not int or not 0 <= score_deduction <= MAX_DEDUCTION:
        raise InvalidInput(
            f"扣分应为 0–{MAX_DEDUCTION} 的整数", code="accountability_measure_invalid"
        )
    row = MeasureKind.objects.select_for_update().filter(pk=pk).first() if pk else None
    row = row or MeasureKind()
    before = row.score_deduction if row.pk else None
    row.code = require_text(
        code, code="accountability_measure_invalid", message="请填写编码", limit=32
    )
    row.name = require_text(
        name, code="accountability_measure_invalid", message="请填写问责方式", limit=40
    )
    row.authority, row.score_deduction = authority, score_deduction
    row.has_deadline, row.publishes_bulletin = bool(has_deadline), bool(publishes_bulletin)
    row.active, row.sort = bool(active), max(int(sort), 0)
    row.save()
    record_event(
        actor=user,
        event_type="accountability.measure_saved",
        object_type="accountability_measure",
        object_id=row.code,
        payload={"score_deduction": score_deduction, "before": before, "authority": authority},
    )
    return row

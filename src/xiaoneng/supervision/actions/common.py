"""What the supervision actions share: the required-text check, the Chinese
date of a message, what an event says a row is about, how many tracking
numbers one message names, and how a card, an order or an anomaly is
fetched for the action that changes it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model

from xiaoneng.core.errors import DomainError
from xiaoneng.core.text import cn_date as chinese_date
from xiaoneng.core.text import require_text
from xiaoneng.org.authority import scope_q
from xiaoneng.supervision.models import SubjectFields

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

LISTED = 20  # tracking numbers named in one notification

M = TypeVar("M", bound=Model)


def cn_date(d: date | None) -> str:
    return chinese_date(d) if d else ""


def about(row: SubjectFields) -> dict[str, object]:
    """What an audit event says an order or an anomaly is about: its case's
    tracking number, or the subject of another app."""
    case = getattr(row, "case", None)
    if case is not None:
        return {"case": case.tracking_no}
    return {"subject": row.subject_kind, "ref": row.subject_ref, "title": row.subject_title}


def required_text(value: str, *, code: str, message: str) -> str:
    return require_text(value, code=code, message=message)


def locked_in_scope(
    model: type[M], actor: Actor, pk: int, not_found: Callable[[], DomainError]
) -> M:
    """The row (with its case) locked for the action, if it is a department's
    the actor oversees; `not_found()` otherwise, out of scope included."""
    row = (
        model._default_manager.select_for_update(of=("self",))
        .filter(scope_q(actor, dept_field="department"), pk=pk)
        .select_related("case")
        .first()
    )
    if row is None:
        raise not_found()
    return row

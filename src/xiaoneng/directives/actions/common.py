"""What the directive and request actions share: ids and dates read safely,
required text, the locked rows (the step's permission checked first, the
unit's own rows for a unit's step), files through the house's upload checks."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

from xiaoneng.cases import uploads
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.text import as_int, require_text
from xiaoneng.directives.models import DirectiveTask, Request, StoredFile
from xiaoneng.directives.selectors import tasks_for
from xiaoneng.directives.vocabulary import request_not_found, task_not_found
from xiaoneng.notifications.actions import notify
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.org.authority import covers_department, require, unit_of
from xiaoneng.org.models import Department

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor
    from xiaoneng.org.models import User

# Files per report, per request (and per answer).
FILES_MAX = 10

text = functools.partial(require_text, limit=4000)

F = TypeVar("F", bound=StoredFile)


def as_date(value: Any, *, code: str, message: str) -> date:
    """A date, or its ISO text; InvalidInput otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        raise InvalidInput(message, code=code) from None


def active_department(value: Any, *, code: str, message: str) -> Department:
    row = Department.objects.filter(pk=as_int(value) or 0, active=True).first()
    if row is None:
        raise InvalidInput(message, code=code, detail={"department_id": value})
    return row


def own_unit(user: User, department_id: int, *, code: str, message: str) -> None:
    """A unit's step: the actor's own unit only (seeing a row is not acting on it)."""
    unit = unit_of(user)
    if unit is None or unit.pk != department_id:
        raise PermissionDenied(message, code=code)


def locked_task(actor: Actor, task_id: Any, permission: str) -> tuple[User, DirectiveTask]:
    """The user and the task, locked; a task the actor does not read (the
    selectors' rule: scope, or a cooperating unit) is not there."""
    user = require(actor, permission)
    row = (
        DirectiveTask.objects.select_for_update(of=("self",))
        .select_related("directive", "department")
        .filter(pk=as_int(task_id) or 0)
        .first()
    )
    if row is None or not (
        covers_department(user, row.department_id) or tasks_for(user).filter(pk=row.pk).exists()
    ):
        raise task_not_found()
    return user, row


def locked_request(actor: Actor, request_id: Any, permission: str) -> tuple[User, Request]:
    user = require(actor, permission)
    row = (
        Request.objects.select_for_update(of=("self",))
        .select_related("from_department", "holder")
        .filter(pk=as_int(request_id) or 0)
        .first()
    )
    if row is None:
        raise request_not_found()
    return user, row


def check_files(files: Iterable[Any] | None) -> list[uploads.CheckedFile]:
    """Every file checked before anything is stored."""
    limit = uploads.limits()
    checked = [uploads.check_file(f, limit=limit) for f in files or ()]
    if len(checked) > FILES_MAX:
        raise InvalidInput(
            f"最多上传 {FILES_MAX} 个附件",
            code="directive_files_quota",
            detail={"max_files": FILES_MAX},
        )
    return checked


def store_files(
    model: type[F], checked: list[uploads.CheckedFile], user: User, folder: str, **owner: Any
) -> list[F]:
    """Store checked files with their rows (`uploads.store_checked`)."""
    return uploads.store_checked(model, checked, f"directives/{folder}", uploaded_by=user, **owner)


def file_names(rows: Iterable[StoredFile]) -> list[str]:
    return [r.filename for r in rows]


def tell_unit(department_id: int, *, kind: str, title: str, body: str = "", link: str) -> None:
    """A message to the unit's heads."""
    notify(
        recipients=department_heads([department_id]).get(department_id, []),
        kind=kind,
        title=title,
        body=body[:1000],
        link=link,
    )

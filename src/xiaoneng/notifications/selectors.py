"""Reads of the notification centre, and who is told what."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from xiaoneng.org.actor import user_of
from xiaoneng.org.authority import INTERNAL_KINDS
from xiaoneng.org.models import User

from .models import Notification

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

HEAD_ROLE = "dept_head"


def department_heads(department_ids: Iterable[int]) -> dict[int, list[int]]:
    """department id → the active users holding the department-head role in it
    (in the bureau itself or one of its internal organs), in one query."""
    ids = set(department_ids)
    if not ids:
        return {}
    rows = (
        User.objects.filter(is_active=True, roles__code=HEAD_ROLE, roles__active=True)
        .filter(
            Q(department_id__in=ids)
            | Q(department__kind__in=INTERNAL_KINDS, department__parent_id__in=ids)
        )
        .values_list("pk", "department_id", "department__parent_id")
        .distinct()
    )
    heads: dict[int, list[int]] = defaultdict(list)
    for user_id, dept_id, parent_id in rows:
        unit = dept_id if dept_id in ids else parent_id
        if unit is not None and user_id not in heads[unit]:
            heads[unit].append(user_id)
    return dict(heads)


def notifications_for(actor: Actor, *, unread_only: bool = False) -> QuerySet[Notification]:
    user = user_of(actor)
    if user is None:
        return Notification.objects.none()
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def unread_count(actor: Actor) -> int:
    return notifications_for(actor, unread_only=True).count()

"""预警提醒: the heads told of the cases newly at the yellow light."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from xiaoneng.audit.actions import record_event
from xiaoneng.cases.models import Case
from xiaoneng.core import timesource
from xiaoneng.notifications.actions import notify_many
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import department_heads
from xiaoneng.supervision.levels import TICKING, AlertContext, step_expr
from xiaoneng.supervision.models import WarningNotice

from .common import LISTED, cn_date


@transaction.atomic(durable=True)
def notify_warnings() -> int:
    """预警提醒: tell the department heads of each open case that turned to the
    yellow light (remaining working days ≤ the item's threshold), once per
    case, step and deadline (`WarningNotice`'s unique constraint; a moved
    deadline warns again). Paused cases keep their light and are not told
    again. One audit event and one message per department and run."""
    today = timesource.today()
    context = AlertContext.build(Case.objects.filter(is_open=True), today=today)
    run = uuid.uuid4().hex
    told = WarningNotice.objects.filter(
        case_id=OuterRef("pk"), step=OuterRef("c_step"), due_on=OuterRef("due_on")
    )
    rows = (
        Case.objects.filter(is_open=True, status__in=TICKING)
        .filter(context.warning_q())
        .annotate(c_step=step_expr())
        .exclude(Exists(told))
        .values("pk", "department_id", "c_step", "due_on")
    )
    WarningNotice.objects.bulk_create(
        [
            WarningNotice(
                case_id=r["pk"],
                department_id=r["department_id"],
                step=r["c_step"],
                due_on=r["due_on"],
                notified_on=today,
                run=run,
            )
            for r in rows
            if r["due_on"] is not None
        ],
        batch_size=1000,
        ignore_conflicts=True,
    )
    new = list(
        WarningNotice.objects.filter(run=run)
        .order_by("department_id", "due_on", "case_id")
        .values("department_id", "case_id", "case__tracking_no", "due_on")
    )
    by_dept: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for row in new:
        by_dept[row["department_id"]].append(row)
    heads = department_heads(by_dept)
    messages = []
    for dept_id, found in by_dept.items():
        numbers = [r["case__tracking_no"] for r in found]
        record_event(
            actor=None,
            event_type="supervision.warnings_notified",
            object_type="department",
            object_id=dept_id,
            payload={"count": len(found), "cases": numbers},
        )
        first = found[0]
        title = (
            f"预警：办件 {numbers[0]} 将于{cn_date(first['due_on'])}到期"
            if len(found) == 1
            else f"预警：本部门 {len(found)} 件办件即将到期"
        )
        body = "办件：" + "、".join(
            f"{r['case__tracking_no']}（{cn_date(r['due_on'])}到期）" for r in found[:LISTED]
        )
        body += ("等" if len(found) > LISTED else "") + "。请在期限内办结，逾期将亮黄牌。"
        messages += [
            Notification(
                recipient_id=user_id,
                kind="alert_warning",
                title=title,
                body=body,
                link=reverse("cases:detail", args=[first["case_id"]]),
            )
            for user_id in heads.get(dept_id, [])
        ]
    notify_many(messages)
    return len(new)

"""The e-mail digest: a run takes every message not yet mailed and sends
**one** e-mail per recipient listing them, through Django's mail settings
(console in the demo)."""

from __future__ import annotations

from collections import defaultdict

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from .models import Notification

DIGEST_BATCH = 5000


def _digest_text(name: str, messages: list[Notification]) -> str:
    lines = [f"{name}：", "", f"您在张掖市政府工作效能平台有 {len(messages)} 条新通知：", ""]
    for n, message in enumerate(messages, start=1):
        when = timezone.localtime(message.created_at).strftime("%Y-%m-%d %H:%M")
        lines.append(f"{n}. 【{when}】{message.title}")
        if message.body:
            lines.append(f"   {message.body}")
        if message.link:
            lines.append(f"   {message.link}")
    lines += ["", "请登录平台查看并及时处理。本邮件由系统自动发送，请勿回复。"]
    return "\n".join(lines)


def send_digest(*, limit: int = DIGEST_BATCH) -> int:
    """Mail every recipient one digest of its unmailed messages; returns the
    number of e-mails sent. Messages of users without an address are marked
    too (they stay in the notification centre). Idempotent: a message is
    mailed once; a failed send rolls the marks back for the next run."""
    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(mailed_at__isnull=True)
            .select_related("recipient")
            .order_by("recipient_id", "id")[:limit]
        )
        if not pending:
            return 0
        by_recipient: dict[int, list[Notification]] = defaultdict(list)
        for message in pending:
            by_recipient[message.recipient_id].append(message)
        emails = []
        for messages in by_recipient.values():
            user = messages[0].recipient
            if not user.email or not user.is_active:
                continue
            subject = (
                messages[0].title
                if len(messages) == 1
                else f"您有 {len(messages)} 条新通知（效能平台）"
            )
            emails.append(
                EmailMessage(
                    subject=subject,
                    body=_digest_text(user.display_name, messages),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[user.email],
                )
            )
        Notification.objects.filter(pk__in=[m.pk for m in pending]).update(mailed_at=timezone.now())
        if emails:
            get_connection().send_messages(emails)
        return len(emails)

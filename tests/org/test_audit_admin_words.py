"""The audit trail's admin list reads as words: what was done and to what,
by name, with filters offering the same words (not event-type codes)."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.org import actions
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_the_audit_list_names_events_and_subjects(login: Any, users: dict[str, User]) -> None:
    actions.set_user_active(actor=users["admin"], user=users["reviewer"], active=False)
    client = login("admin")
    page = client.get("/admin/audit/auditevent/?event=org.user_disabled").content.decode()
    assert "停用用户" in page
    assert "用户 李静" in page  # the subject by name, not "user 12"
    assert "org.user_disabled</td>" not in page
    assert ">org.user_created<" not in client.get("/admin/audit/auditevent/").content.decode()

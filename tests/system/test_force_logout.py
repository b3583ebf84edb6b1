from __future__ import annotations

import pytest
from django.test import Client

from xiaoneng.accounts.actions import force_logout
from xiaoneng.accounts.models import OnlineSession
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import PermissionDenied
from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def test_force_logout_ends_the_session_at_once(users: dict[str, User]) -> None:
    victim = Client()
    victim.post("/accounts/login/", {"username": "window", "password": DEMO_PASSWORD})
    assert victim.get("/workbench/").status_code == 200
    online = OnlineSession.objects.get(user__username="window")
    with pytest.raises(PermissionDenied):
        force_logout(actor=users["reviewer"], session_key=online.session_key)
    force_logout(actor=users["admin"], session_key=online.session_key)
    assert victim.get("/workbench/").status_code == 302
    assert AuditEvent.objects.filter(event_type="accounts.forced_logout").count() == 1


def test_force_logout_from_the_admin_page(users: dict[str, User], client: Client) -> None:
    victim = Client()
    victim.post("/accounts/login/", {"username": "agent", "password": DEMO_PASSWORD})
    client.post("/accounts/login/", {"username": "admin", "password": DEMO_PASSWORD})
    target = OnlineSession.objects.get(user__username="agent")
    response = client.post(
        "/admin/accounts/onlinesession/",
        {"action": "force_logout", "_selected_action": [target.pk]},
    )
    assert response.status_code == 302
    assert not OnlineSession.objects.filter(user__username="agent").exists()
    assert victim.get("/workbench/").status_code == 302

"""The rules and measures are data the administrator keeps, through audited
actions: a new deduction applies to later decisions only; others may not
change them; the admin pages save through the actions."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from xiaoneng.accountability import actions, configuration
from xiaoneng.accountability.models import AccountabilityCase, MeasureKind, Rule
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core.errors import InvalidInput, PermissionDenied
from xiaoneng.core.timesource import travel_to
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db


def _edit(admin: User, points: int) -> MeasureKind:
    kind = MeasureKind.objects.get(code="admonition")
    return configuration.save_measure_kind(
        actor=admin,
        pk=kind.pk,
        code=kind.code,
        name=kind.name,
        authority=kind.authority,
        score_deduction=points,
    )


def test_a_new_deduction_applies_to_later_decisions(
    users: dict[str, User], told: AccountabilityCase
) -> None:
    admin, sup = users["admin"], users["supervisor"]
    assert _edit(admin, 4).score_deduction == 4
    event = AuditEvent.objects.filter(event_type="accountability.measure_saved").get()
    assert event.payload["before"] == 2
    with travel_to(date(2026, 9, 22)):
        actions.propose_measure(actor=sup, case_id=told.pk, measure_code="admonition", proposal="x")
        row = actions.decide_measure(actor=sup, case_id=told.pk)
    assert row.deduction == 4
    _edit(admin, 6)
    row.refresh_from_db()
    assert row.deduction == 4


def test_only_the_administrator_keeps_them(users: dict[str, User]) -> None:
    with pytest.raises(PermissionDenied):
        _edit(users["supervisor"], 9)
    with pytest.raises(InvalidInput) as bad:
        _edit(users["admin"], 101)
    assert bad.value.code == "accountability_measure_invalid"
    rule = Rule.objects.filter(document="zzf_2009_37").first()
    assert rule is not None
    saved = configuration.save_rule(
        actor=users["admin"],
        pk=rule.pk,
        document=rule.document,
        article="第五条",
        text=rule.text,
    )
    assert str(saved).endswith("第五条")
    with pytest.raises(InvalidInput):
        configuration.save_rule(
            actor=users["admin"], pk=None, document="zzf_1999_1", article="1", text="x"
        )


def test_the_admin_page_saves_through_the_action(
    client: Any, login: Any, users: dict[str, User]
) -> None:
    users["admin"].is_staff = True
    users["admin"].save(update_fields=["is_staff"])
    login("admin")
    kind = MeasureKind.objects.get(code="circulated_criticism")
    url = f"/admin/accountability/measurekind/{kind.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": kind.code,
            "name": kind.name,
            "authority": kind.authority,
            "score_deduction": "5",
            "publishes_bulletin": "on",
            "active": "on",
            "sort": "2",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    kind.refresh_from_db()
    assert kind.score_deduction == 5
    assert AuditEvent.objects.filter(event_type="accountability.measure_saved").count() == 1

"""The demo's enforcement lists (demo/enforcement.py), loaded through the
authority actions: four bodies' published lists with four benchmark grades
each, two certified officers per body, and a second load that changes
nothing."""

from __future__ import annotations

from datetime import date

import pytest

from xiaoneng.core.timesource import travel_to
from xiaoneng.demo.enforcement import LISTS, OFFICERS, load_demo_enforcement
from xiaoneng.enforcement.common import valid_certificate
from xiaoneng.enforcement.models import Benchmark, Certificate, Item
from xiaoneng.org.authority import has_perm
from xiaoneng.org.models import User

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 2)


def test_the_demo_lists_and_officers_load_once(users: dict[str, User]) -> None:
    with travel_to(DAY):
        first = load_demo_enforcement(users["admin"])
        again = load_demo_enforcement(users["admin"])
    items = sum(len(specs) for specs in LISTS.values())
    assert first == {"items": items, "certificates": len(OFFICERS)}
    assert again == {"items": 0, "certificates": 0}
    assert Item.objects.filter(active=True, published_on=DAY).count() == items
    assert Benchmark.objects.count() == 4 * items
    assert Certificate.objects.count() == len(OFFICERS)
    for username, _name, code, _title in OFFICERS:
        officer = User.objects.get(username=username)
        assert has_perm(officer, "enforcement.act")
        cert = valid_certificate(officer, officer.department_id, DAY)
        assert cert is not None
        assert cert.body.code == code
        # Valid over the whole past year the demo history plays.
        assert valid_certificate(officer, officer.department_id, date(2025, 3, 2)) == cert
    assert set(Item.objects.values_list("body__code", flat=True)) == set(LISTS)
    assert Item.objects.get(code="JT-CF-001").fine_min == 30000

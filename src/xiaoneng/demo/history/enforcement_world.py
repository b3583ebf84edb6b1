"""Who acts in the enforcement history (`enforcement_days`), found in the demo
city: the items of the demo lists (`demo/enforcement.py`) with their
benchmarks, each body's two certified officers, its head — `depthead` for
市工商局, for the other bodies the history's head accounts (`head_013`,
made as `generator.Staff` makes them when the cases part has not) —, the
legal office (`fazhi`), finance (`caizheng`) and the hearing host
(`reviewer`, a staff member of 市工商局 who investigates nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.test.utils import override_settings

from xiaoneng.demo.enforcement import OFFICERS
from xiaoneng.enforcement.models import Benchmark, Item
from xiaoneng.org.models import User

from .enforcement_cast import VIOLATIONS

ACCOUNTS = ("admin", "fazhi", "caizheng", "reviewer", *(o[0] for o in OFFICERS))


@dataclass(frozen=True)
class World:
    items: dict[str, Item]  # item code → item
    ranges: dict[tuple[str, str], tuple[Decimal, Decimal]]  # (item code, grade) → benchmark
    officers: dict[str, tuple[User, User]]  # body code → its two certified officers
    heads: dict[str, User]  # body code → its head
    legal: User
    finance: User
    host: User


def load_world() -> World | None:
    """The world as the demo city has it (under the span's first day: a head
    made now is made then); None without the lists or the accounts."""
    items = {
        i.code: i
        for i in Item.objects.select_related("body").filter(code__in=VIOLATIONS, active=True)
    }
    users = {u.username: u for u in User.objects.filter(username__in=ACCOUNTS, is_active=True)}
    if len(items) < len(VIOLATIONS) or len(users) < len(ACCOUNTS):
        return None
    ranges = {
        (b.item.code, b.grade): (b.fine_min, b.fine_max)
        for b in Benchmark.objects.select_related("item").filter(item__in=items.values())
    }
    by_body: dict[str, list[User]] = {}
    for username, _name, body, _title in OFFICERS:
        by_body.setdefault(body, []).append(users[username])
    return World(
        items=items,
        ranges=ranges,
        officers={body: (pair[0], pair[1]) for body, pair in by_body.items()},
        heads=_heads(users["admin"], sorted(by_body)),
        legal=users["fazhi"],
        finance=users["caizheng"],
        host=users["reviewer"],
    )


def _heads(admin: User, bodies: list[str]) -> dict[str, User]:
    from .generator import Staff, quick_hashers  # the generator imports this module

    staff = Staff(admin)
    with override_settings(PASSWORD_HASHERS=quick_hashers()):
        return {body: staff.get("dept_head", body) for body in bodies}

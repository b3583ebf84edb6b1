"""Who acts in the trading demo and its history, found in (or added to) the
demo city: the centre (`jiaoyi`), the agency (`daili`), the tenderers —
市交通运输局 (`zhaobiao`), and, made here, 市教育局 (`caigou`, the school
equipment purchases) and 市国土资源局 (`churang`, the land sales) — an
account for every bidding party that has none (`toubiao3`…), two more
experts of 教学仪器设备 entered through the centre's `register_expert` (the
standing pool has three, a committee needs four) and an account for each
expert when first drawn.

Accounts are the setting (made as `demo/enforcement.py` makes its officers,
through `org.actions.create_user`; a party's or an expert's account linked
as `demo/trading.py` links them); everything the projects do goes through
the trading actions. Idempotent: found by username and name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from xiaoneng.accounts.validators import DEMO_PASSWORD
from xiaoneng.demo.trading import identity_number
from xiaoneng.org import actions as org_actions
from xiaoneng.org.models import Department, Role, User
from xiaoneng.trading.actions.experts import register_expert
from xiaoneng.trading.models import Expert, Party, Speciality

CENTRE, AGENCY = "jiaoyi", "daili"
ROADS, SCHOOLS, LAND = "620700014", "620700019", "620700011"  # 交通运输局, 教育局, 国土资源局
# username, name, department, title: tenderers the standing data lacks
TENDERERS: list[tuple[str, str, str, str]] = [
    ("caigou", "孙晓红", SCHOOLS, "装备科科长"),
    ("churang", "王建军", LAND, "土地储备科科长"),
]
# name, employer, specialities, title, identity-number seed (after demo.trading's 23)
EXTRA_EXPERTS: list[tuple[str, str, list[str], str, int]] = [
    ("柳春生", "张掖市实验中学", [Speciality.EQUIPMENT], "正高级教师", 24),
    ("高雅琴", "甘肃省电化教育中心", [Speciality.EQUIPMENT, Speciality.IT], "高级工程师", 25),
]


@dataclass
class Cast:
    admin: User
    centre: User
    agency: User
    tenderers: dict[str, User]  # department code → its tenderer account
    bidders: dict[str, User]  # party name → its account
    experts: dict[int, User] = field(default_factory=dict)

    def bidder(self, party: str) -> User:
        return self.bidders[party]

    def expert_user(self, expert: Expert) -> User:
        """The expert's account, made when first drawn (the pool keeps none for most)."""
        if expert.user_id is not None:
            return expert.user  # type: ignore[return-value]
        if expert.pk not in self.experts:
            user = _account(self.admin, f"zj{expert.pk:03d}", expert.name, "trading_expert", None)
            Expert.objects.filter(pk=expert.pk, user=None).update(user=user)
            expert.user = user
            self.experts[expert.pk] = user
        return self.experts[expert.pk]


def _account(
    admin: User, username: str, name: str, role: str, dept: str | None, title: str = ""
) -> User:
    found = User.objects.filter(username=username).first()
    if found is not None:
        return found
    department = Department.objects.get(code=dept) if dept else None
    with transaction.atomic():
        return org_actions.create_user(
            actor=admin,
            username=username,
            password=DEMO_PASSWORD,
            real_name=name,
            department=department,
            roles=[Role.objects.get(code=role)],
            title=title,
        )


def _bidders(admin: User) -> dict[str, User]:
    """Every bidding party's account: its demo account, or `toubiao<n>` made for it."""
    out: dict[str, User] = {}
    for n, party in enumerate(Party.objects.filter(is_bidder=True).order_by("pk"), start=1):
        member = party.members.order_by("pk").first()
        if member is None:
            name = f"{party.name}（{party.contact_name}）"
            member = _account(admin, f"toubiao{n + 10}", name, "bidder", None)
            party.members.add(member)
        out[party.name] = member
    return out


def _experts(centre: User) -> None:
    for name, employer, specialities, title, n in EXTRA_EXPERTS:
        if not Expert.objects.filter(name=name).exists():
            register_expert(
                actor=centre,
                name=name,
                id_no=identity_number(n),
                phone=f"1399360{n:04d}",
                employer=employer,
                specialities=[str(s) for s in specialities],
                title=title,
            )


def load_cast(admin: User) -> Cast | None:
    """The cast (made where missing); None without the trading world or its accounts."""
    users = {u.username: u for u in User.objects.filter(username__in=("zhaobiao", CENTRE, AGENCY))}
    if len(users) < 3 or not Party.objects.filter(is_bidder=True).exists():
        return None
    tenderers = {ROADS: users["zhaobiao"]}
    for username, name, dept, title in TENDERERS:
        tenderers[dept] = _account(admin, username, name, "trading_tenderer", dept, title)
    _experts(users[CENTRE])
    return Cast(
        admin=admin,
        centre=users[CENTRE],
        agency=users[AGENCY],
        tenderers=tenderers,
        bidders=_bidders(admin),
    )

"""The evaluation tests' setting (importable under a name no other directory
uses): a round with its committee formed, represented and drawn through the
actions, and sign-in accounts for the drawn experts (the pool's rows are
standing data; their accounts are the setting, not what is tested)."""

from __future__ import annotations

from datetime import date
from typing import Any

from trading_support import opened_round, project

from xiaoneng.org.models import Role, User
from xiaoneng.trading.actions import committee as actions
from xiaoneng.trading.models import Expert, Member, MemberKind, Round


def account_for(member: Member) -> User:
    """The user who sits in `member`'s seat (an expert's account made if missing)."""
    if member.kind == MemberKind.REPRESENTATIVE:
        assert member.representative is not None
        return member.representative
    assert member.expert is not None
    return expert_account(member.expert)


def expert_account(expert: Expert) -> User:
    if expert.user is None:
        user = User.objects.create(username=f"expert{expert.pk}", real_name=expert.name)
        user.roles.add(Role.objects.get(code="trading_expert"))
        expert.user = user
        expert.save(update_fields=["user"])
    return expert.user


def seated_round(users: dict[str, User], prices: dict[str, str], *, day: date, **kw: Any) -> Round:
    """An opened round whose committee of five (four drawn experts, the
    tenderer's 彭建华) sits complete."""
    row = opened_round(users, project(users, **kw), prices, opened_on=day)
    actions.form_committee(actor=users["jiaoyi"], round_id=row.pk, size=5, expert_seats=4)
    actions.name_representatives(
        actor=users["zhaobiao"], round_id=row.pk, user_ids=[users["zhaobiao"].pk]
    )
    actions.draw_experts(actor=users["jiaoyi"], round_id=row.pk)
    return row


def seats(row: Round) -> list[Member]:
    return list(
        Member.objects.filter(committee__round=row, declined_at=None)
        .select_related("expert__user", "representative")
        .order_by("pk")
    )

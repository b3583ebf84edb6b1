"""The evaluation committee of an opened round (评标委员会, 招标投标法 art. 37,
实施条例 art. 46), in this order:

1. `form_committee` — the centre fixes its size and expert seats (≥ 5, odd,
   experts ≥ 2/3);
2. `name_representatives` — the tenderer names exactly `size − expert_seats`
   of its own staff (it may name them again until anyone has scored);
3. `draw_experts` — the centre draws the missing experts at random from the
   pool of the project's speciality, the excluded recorded with their
   reasons, the seed kept so that the draw can be replayed (`trading.draw`);
4. `decline_member` — an expert who declares a conflict on arrival or does not
   come gives up the seat; the next `draw_experts` fills it without them.

Attendance in the evaluation room (`record_attendance`, `record_departure`)
is kept by the centre on the round's evaluation booking."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from xiaoneng.core import inputs, timesource
from xiaoneng.core.clock.procedures import tendering
from xiaoneng.core.errors import Conflict, InvalidInput, NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.models import Department, User
from xiaoneng.system.params import get_param
from xiaoneng.trading import draw as drawing
from xiaoneng.trading.common import (
    CENTRE,
    TENDERER,
    event,
    locked_round,
    step_refused,
)
from xiaoneng.trading.models import (
    Attendance,
    Bid,
    Booking,
    Committee,
    Criteria,
    Draw,
    Expert,
    ExpertTie,
    Member,
    MemberKind,
    Project,
    Round,
    RoundStatus,
    VenueKind,
)
from xiaoneng.trading.params import TIE_YEARS

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor


def require_opened(project: Project, round_: Round, step: str) -> None:
    if round_.status != RoundStatus.OPENED or round_.number != project.round_no:
        raise step_refused(project, step)


def committee_of(round_: Round) -> Committee:
    committee = Committee.objects.filter(round=round_).first()
    if committee is None:
        raise Conflict("本轮尚未组建评标委员会", code="trading_committee_missing")
    return committee


def seated(committee: Committee) -> Any:
    """The members who sit (not declined)."""
    return committee.members.filter(declined_at=None)


@transaction.atomic
def form_committee(*, actor: Actor, round_id: Any, size: Any, expert_seats: Any) -> Committee:
    """The centre forms the committee of an opened round. Price auctions
    (价高者得) have none: their bids are ranked by price."""
    user, project, round_ = locked_round(actor, round_id, CENTRE)
    require_opened(project, round_, "组建评标委员会")
    if project.criteria == Criteria.HIGHEST_PRICE:
        raise Conflict(
            "价高者得的项目不组建评标委员会，按报价确定竞得人",
            code="trading_committee_not_for_price",
        )
    if Committee.objects.filter(round=round_).exists():
        raise Conflict("本轮评标委员会已组建", code="trading_committee_exists")
    members, experts = as_int(size), as_int(expert_seats)
    if members is None or experts is None or experts < 0:
        raise InvalidInput("评标委员会人数不正确", code="trading_committee_too_small")
    problem = tendering.committee_problem(members, experts)
    if problem == "trading_committee_too_small":
        raise InvalidInput("评标委员会成员不得少于五人", code="trading_committee_too_small")
    if problem == "trading_committee_even":
        raise InvalidInput("评标委员会成员应为单数", code="trading_committee_even")
    if problem is not None:
        raise InvalidInput(
            "评标专家不得少于成员总数的三分之二", code="trading_committee_experts_short"
        )
    committee = Committee.objects.create(
        round=round_, size=members, expert_seats=experts, formed_by=user
    )
    event(user, project, "committee_formed", round=round_.number, size=members, experts=experts)
    return committee


def _tenderer_staff(project: Project, user_ids: Any) -> list[User]:
    given = [as_int(u) for u in (user_ids or [])]
    ids = [i for i in given if i is not None]
    if len(ids) != len(given) or len(set(ids)) != len(ids):
        raise InvalidInput("招标人代表不正确", code="trading_representative_invalid")
    tenderer = project.tenderer
    staff = list(
        User.objects.filter(pk__in=ids, is_active=True)
        .filter(Q(department_id=tenderer.pk) | Q(department__ancestors__startswith=tenderer.path))
        .order_by("pk")
    )
    if len(staff) != len(ids):
        raise InvalidInput(
            "招标人代表应为招标人本单位的在职人员", code="trading_representative_invalid"
        )
    return staff


@transaction.atomic
def name_representatives(*, actor: Actor, round_id: Any, user_ids: Any) -> list[Member]:
    """The tenderer names its representatives (≤ 1/3: exactly the seats the
    committee left to them), its own staff only. Named again, the earlier
    ones are replaced — until any member has scored."""
    user, project, round_ = locked_round(actor, round_id, TENDERER)
    require_opened(project, round_, "确定招标人代表")
    committee = committee_of(round_)
    staff = _tenderer_staff(project, user_ids)
    seats = committee.size - committee.expert_seats
    if len(staff) != seats:
        raise InvalidInput(
            f"招标人代表应为 {seats} 人",
            code="trading_representative_count",
            detail={"seats": seats, "given": len(staff)},
        )
    if committee.members.filter(scores__isnull=False).exists():
        raise Conflict("评标已开始，不得更换招标人代表", code="trading_scores_submitted")
    committee.members.filter(kind=MemberKind.REPRESENTATIVE).delete()
    rows = [
        Member.objects.create(committee=committee, kind=MemberKind.REPRESENTATIVE, representative=u)
        for u in staff
    ]
    event(user, project, "representatives_named", round=round_.number, count=len(rows))
    return rows


def tenderer_department_ids(project: Project) -> set[int]:
    tenderer = project.tenderer
    below = Department.objects.filter(ancestors__startswith=tenderer.path)
    return {tenderer.pk, *below.values_list("pk", flat=True)}


def pool_entries(speciality: str) -> list[drawing.PoolEntry]:
    """The pool's active experts of the speciality, with their declared ties."""
    experts = [
        e
        for e in Expert.objects.filter(active=True).order_by("pk")
        if speciality in (e.specialities or [])
    ]
    ties: dict[int, list[drawing.Tie]] = {}
    for expert_id, party_id, ended_on in ExpertTie.objects.filter(
        expert__in=[e.pk for e in experts]
    ).values_list("expert_id", "party_id", "ended_on"):
        ties.setdefault(expert_id, []).append(drawing.Tie(party_id, ended_on))
    return [
        drawing.PoolEntry(
            expert_id=e.pk,
            employer_party_id=e.employer_party_id,
            employer_department_id=e.employer_department_id,
            ties=tuple(ties.get(e.pk, ())),
        )
        for e in experts
    ]


@transaction.atomic
def draw_experts(*, actor: Actor, round_id: Any) -> Draw:
    """The centre draws the experts the committee still lacks: the pool is
    the speciality's active experts less the excluded (each with its reason),
    the pick `random.Random(seed).sample(pool, needed)` from a fresh seed."""
    user, project, round_ = locked_round(actor, round_id, CENTRE)
    require_opened(project, round_, "抽取评标专家")
    committee = committee_of(round_)
    experts = committee.members.filter(kind=MemberKind.EXPERT)
    needed = committee.expert_seats - experts.filter(declined_at=None).count()
    if needed <= 0:
        raise Conflict("评标专家已足额", code="trading_committee_full")
    pool, excluded = drawing.eligible(
        pool_entries(project.speciality),
        bidder_ids=set(Bid.objects.filter(round=round_).values_list("bidder_id", flat=True)),
        tenderer_department_ids=tenderer_department_ids(project),
        seated_ids=set(experts.filter(declined_at=None).values_list("expert_id", flat=True)),
        declined_ids=set(experts.exclude(declined_at=None).values_list("expert_id", flat=True)),
        on=timesource.today(),
        tie_years=int(get_param(TIE_YEARS)),
    )
    if len(pool) < needed:
        raise Conflict(
            f"符合条件的专家不足（需 {needed} 人，可抽 {len(pool)} 人）",
            code="trading_pool_too_small",
            detail={"needed": needed, "pool": len(pool), "excluded": len(excluded)},
        )
    seed = secrets.token_hex(16)
    picked = drawing.pick(seed, pool, needed)
    row = Draw.objects.create(
        committee=committee,
        seed=seed,
        needed=needed,
        pool=pool,
        excluded=excluded,
        picked=picked,
        drawn_by=user,
    )
    Member.objects.bulk_create(
        Member(committee=committee, kind=MemberKind.EXPERT, expert_id=pk, draw=row) for pk in picked
    )
    # The names stay out of the log: the committee is secret until the result.
    event(
        user,
        project,
        "experts_drawn",
        round=round_.number,
        draw=row.pk,
        needed=needed,
        pool=len(pool),
        excluded=len(excluded),
    )
    return row


def _member_locked(actor: Actor, member_id: Any) -> tuple[User, Project, Round, Member]:
    row = Member.objects.filter(pk=as_int(member_id) or 0).select_related("committee").first()
    if row is None:
        raise NotFound("评标委员会成员不存在", code="trading_member_not_found")
    user, project, round_ = locked_round(actor, row.committee.round_id, CENTRE)
    return user, project, round_, Member.objects.select_related("expert").get(pk=row.pk)


@transaction.atomic
def decline_member(*, actor: Actor, member_id: Any, reason: Any) -> Member:
    """An expert declares a conflict on arrival, or does not come: the seat
    is given up (the expert stays recorded) and a new draw fills it."""
    user, project, round_, member = _member_locked(actor, member_id)
    require_opened(project, round_, "专家回避")
    if member.kind != MemberKind.EXPERT or member.declined_at is not None:
        raise Conflict("只有在席的评标专家可以回避", code="trading_member_decline_invalid")
    if member.scores.exists():
        raise Conflict("该专家已提交评分，不得回避", code="trading_scores_submitted")
    member.declined_reason = inputs.text(
        reason, code="trading_decline_reason_required", label="回避理由", limit=200
    )
    member.declined_at = timesource.now()
    member.save(update_fields=["declined_at", "declined_reason"])
    event(user, project, "member_declined", round=round_.number, member=member.pk)
    return member


def _evaluation_booking(actor: Actor, booking_id: Any) -> tuple[User, Project, Booking]:
    row = Booking.objects.filter(pk=as_int(booking_id) or 0).only("round_id").first()
    if row is None:
        raise NotFound("评标室预约不存在", code="trading_evaluation_booking_missing")
    user, project, round_ = locked_round(actor, row.round_id, CENTRE)
    booking = Booking.objects.select_related("venue").get(pk=row.pk)
    if booking.purpose != VenueKind.EVALUATION or booking.cancelled_at is not None:
        raise Conflict("不是本轮有效的评标室预约", code="trading_booking_not_evaluation")
    if round_.status not in (RoundStatus.OPENED, RoundStatus.EVALUATED):
        raise step_refused(project, "登记评标室出入")
    return user, project, booking


def _moment(value: Any, label: str) -> Any:
    return inputs.a_moment(value, code="trading_attendance_invalid", label=label)


@transaction.atomic
def record_attendance(
    *,
    actor: Actor,
    booking_id: Any,
    name: Any,
    role: Any,
    arrived_at: Any,
    member_id: Any = None,
    left_at: Any = None,
) -> Attendance:
    """Who came into the evaluation room and when (见证); a committee member
    is named by their seat, anyone else (the centre's witness, a supervisor)
    by name and role."""
    user, project, booking = _evaluation_booking(actor, booking_id)
    member = None
    if member_id not in (None, ""):
        member = Member.objects.filter(
            pk=as_int(member_id) or 0, committee__round_id=booking.round_id
        ).first()
        if member is None:
            raise InvalidInput("不是本轮评标委员会成员", code="trading_attendance_invalid")
    arrived = _moment(arrived_at, "到场时间")
    left = None if left_at in (None, "") else _moment(left_at, "离场时间")
    if left is not None and left < arrived:
        raise InvalidInput("离场时间不能早于到场时间", code="trading_attendance_invalid")
    row = Attendance.objects.create(
        booking=booking,
        member=member,
        name=inputs.text(name, code="trading_attendance_invalid", label="姓名", limit=50),
        role=inputs.text(role, code="trading_attendance_invalid", label="身份", limit=50),
        arrived_at=arrived,
        left_at=left,
        recorded_by=user,
    )
    event(user, project, "attendance_recorded", booking=booking.pk, attendance=row.pk)
    return row


@transaction.atomic
def record_departure(*, actor: Actor, attendance_id: Any, left_at: Any = None) -> Attendance:
    row = Attendance.objects.filter(pk=as_int(attendance_id) or 0).only("booking_id").first()
    if row is None:
        raise NotFound("出入记录不存在", code="trading_attendance_not_found")
    user, project, _booking = _evaluation_booking(actor, row.booking_id)
    row = Attendance.objects.get(pk=row.pk)
    if row.left_at is not None:
        raise Conflict("已登记离场", code="trading_attendance_left")
    left = timesource.now() if left_at in (None, "") else _moment(left_at, "离场时间")
    if left < row.arrived_at:
        raise InvalidInput("离场时间不能早于到场时间", code="trading_attendance_invalid")
    row.left_at = left
    row.save(update_fields=["left_at"])
    event(user, project, "departure_recorded", booking=row.booking_id, attendance=row.pk)
    return row

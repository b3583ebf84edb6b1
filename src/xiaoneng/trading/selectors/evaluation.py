"""What each reader sees of the evaluation.

- The pool (`experts_for`): the centre and the supervision bureau, the
  identity number and phone masked.
- A round's committee (`committee_round_for`): the centre runs it; the
  supervision bureau and the kind's regulator read it; the tenderer's staff
  see it only to name their representatives, never who the experts are.
- An expert's desk (`seats_of`): the committees they sit on and their own
  scores, never another member's.
- The project page's section: the members' names only once the award is
  made (实施条例 art. 46 ¶4: the list is secret until 中标结果确定, which is
  the award, not the end of the evaluation), the count before."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet

from xiaoneng.core.errors import NotFound
from xiaoneng.core.text import as_int
from xiaoneng.org.authority import has_perm
from xiaoneng.trading import draw as drawing
from xiaoneng.trading.common import (
    CENTRE,
    EXPERT,
    OPERATE,
    REGULATOR,
    SUPERVISE,
    SUPERVISE_VIEW,
    TENDER,
    TENDERER,
    acts_as,
    missing_project,
    project_for,
)
from xiaoneng.trading.models import (
    Attendance,
    Award,
    Bid,
    BidStatus,
    Booking,
    Candidate,
    Committee,
    Draw,
    Expert,
    Member,
    Project,
    Round,
    RoundStatus,
    Score,
    VenueKind,
)
from xiaoneng.web.masking import mask_id_no, mask_phone

if TYPE_CHECKING:
    from xiaoneng.org.actor import Actor

POOL_READERS = (OPERATE, SUPERVISE, SUPERVISE_VIEW)
COMMITTEE_READERS = (OPERATE, SUPERVISE, SUPERVISE_VIEW, "trading.regulate", TENDER)
# After these the committee's names are no longer secret.
DONE = (RoundStatus.EVALUATED,)


def experts_for(actor: Actor | None) -> QuerySet[Expert]:
    if not any(has_perm(actor, p) for p in POOL_READERS):
        return Expert.objects.none()
    return Expert.objects.select_related("employer_party", "employer_department").prefetch_related(
        "ties__party"
    )


def expert_row(expert: Expert) -> dict[str, Any]:
    return {
        "id": expert.pk,
        "name": expert.name,
        "id_no": mask_id_no(expert.id_no or ""),
        "phone": mask_phone(expert.phone or ""),
        "employer": expert.employer,
        "employer_party_id": expert.employer_party_id,
        "employer_department_id": expert.employer_department_id,
        "specialities": list(expert.specialities),
        "title": expert.title,
        "active": expert.active,
        "ties": [
            {
                "id": t.pk,
                "party": t.party.name,
                "party_id": t.party_id,
                "relation": t.relation,
                "relation_label": t.get_relation_display(),
                "started_on": t.started_on,
                "ended_on": t.ended_on,
                "note": t.note,
            }
            for t in expert.ties.all()
        ],
    }


@dataclass(frozen=True, slots=True)
class CommitteeView:
    """A round as the committee page shows it to this reader."""

    project: Project
    round: Round
    runs: bool  # the centre: every form
    names_experts: bool  # the centre and supervision: who was drawn, the exclusions
    tenderer: bool  # names the representatives


def committee_round_for(actor: Actor | None, round_id: Any) -> CommitteeView:
    """The round if the reader may open its committee page (else 404)."""
    row = Round.objects.select_related("project").filter(pk=as_int(round_id) or 0).first()
    if row is None or actor is None:
        raise missing_project()
    project = project_for(actor, row.project_id)  # 404 outside the reader's projects
    user: Any = actor
    runs = acts_as(user, project, CENTRE)
    supervises = has_perm(actor, SUPERVISE) or has_perm(actor, SUPERVISE_VIEW)
    regulates = acts_as(user, project, REGULATOR)
    tenderer = acts_as(user, project, TENDERER)
    if not (runs or supervises or regulates or tenderer):
        raise missing_project()
    return CommitteeView(
        project=project,
        round=row,
        runs=runs,
        names_experts=runs or supervises or regulates,
        tenderer=tenderer,
    )


def committee_of(round_: Round) -> Committee | None:
    return Committee.objects.filter(round=round_).first()


def members_of(committee: Committee) -> list[Member]:
    return list(committee.members.select_related("expert", "representative", "draw").order_by("pk"))


def draws_of(committee: Committee) -> list[dict[str, Any]]:
    """Each draw with its replay and the excluded named with their reasons."""
    rows = list(Draw.objects.filter(committee=committee).select_related("drawn_by"))
    ids = {int(e["expert"]) for d in rows for e in d.excluded} | {
        int(x) for d in rows for x in d.picked
    }
    names = dict(Expert.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [
        {
            "draw": d,
            "replay": drawing.replay(d),
            "picked": [names.get(int(x), str(x)) for x in d.picked],
            "excluded": [
                {
                    "name": names.get(int(e["expert"]), str(e["expert"])),
                    "reason": e["reason"],
                    "label": drawing.REASONS.get(e["reason"], e["reason"]),
                }
                for e in d.excluded
            ],
        }
        for d in rows
    ]


def draw_for(actor: Actor | None, draw_id: Any) -> Draw:
    """A draw for those who may see who was drawn (centre, supervision, the regulator)."""
    row = Draw.objects.select_related("committee__round").filter(pk=as_int(draw_id) or 0).first()
    if row is None:
        raise NotFound("专家抽取记录不存在", code="trading_draw_not_found")
    try:
        view = committee_round_for(actor, row.committee.round_id)
    except NotFound:
        raise NotFound("专家抽取记录不存在", code="trading_draw_not_found") from None
    if not view.names_experts:
        raise NotFound("专家抽取记录不存在", code="trading_draw_not_found")
    return row


def evaluation_bookings(round_: Round) -> list[Booking]:
    return list(
        Booking.objects.filter(round=round_, purpose=VenueKind.EVALUATION, cancelled_at=None)
        .select_related("venue")
        .order_by("starts_at")
    )


def attendance_of(round_: Round) -> list[Attendance]:
    return list(
        Attendance.objects.filter(booking__round=round_)
        .select_related("booking__venue")
        .order_by("arrived_at", "pk")
    )


def opened_bids(round_: Round) -> list[Bid]:
    return list(
        Bid.objects.filter(round=round_, status=BidStatus.OPENED)
        .select_related("bidder")
        .order_by("pk")
    )


def ranking_of(round_: Round) -> list[Candidate]:
    return list(round_.candidates.select_related("bid__bidder").order_by("rank"))


def scored_member_ids(committee: Committee) -> set[int]:
    return set(
        Score.objects.filter(member__committee=committee).values_list("member_id", flat=True)
    )


# --- the expert's desk -------------------------------------------------------------


def _own_seats_q(actor: Actor | None) -> Q:
    pk = getattr(actor, "pk", None) or 0
    q = Q(pk__in=[])
    if has_perm(actor, EXPERT):
        q |= Q(expert__user_id=pk, expert__active=True)
    if has_perm(actor, TENDER):
        q |= Q(representative_id=pk)
    return q


def seats_of(actor: Actor | None) -> list[Member]:
    """The committees the reader sits on (not declined), newest first."""
    return list(
        Member.objects.filter(_own_seats_q(actor), declined_at=None)
        .select_related("committee__round__project")
        .order_by("-committee__round__opened_at", "-pk")
    )


def seat_for(actor: Actor | None, round_id: Any) -> Member:
    """The reader's own seat on the round's committee, or 404."""
    member = (
        Member.objects.filter(
            _own_seats_q(actor), declined_at=None, committee__round_id=as_int(round_id) or 0
        )
        .select_related("committee__round__project")
        .first()
    )
    if member is None:
        raise missing_project()
    return member


def own_scores(member: Member) -> dict[int, Score]:
    """The member's own scores by bid, and only theirs."""
    return {s.bid_id: s for s in Score.objects.filter(member=member)}


# --- the project page -----------------------------------------------------------------


def section(actor: Actor | None, project: Project) -> dict[str, Any]:
    """The evaluation section of the project page for a reader of the project."""
    round_ = project.rounds.filter(number__lte=project.round_no).order_by("-number").first()
    if round_ is None:
        return {}
    committee = committee_of(round_)
    done = round_.status in DONE
    awarded = done and Award.objects.filter(round=round_).exists()
    members = members_of(committee) if committee else []
    seated = [m for m in members if m.declined_at is None]
    user: Any = actor
    return {
        "round": round_,
        "committee": committee,
        "seated_count": len(seated),
        "members": seated if awarded else [],
        "ranking": ranking_of(round_) if done else [],
        "failed": round_.status == RoundStatus.FAILED and bool(round_.evaluated_at),
        "committee_open": bool(actor)
        and (
            acts_as(user, project, CENTRE)
            or acts_as(user, project, REGULATOR)
            or acts_as(user, project, TENDERER)
            or has_perm(actor, SUPERVISE)
            or has_perm(actor, SUPERVISE_VIEW)
        ),
    }

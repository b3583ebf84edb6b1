"""公共资源交易 (seed art. 6; domain rules §9): construction bidding,
government procurement, land-use and mining rights, state-owned property.

管办分离: the trading centre (`trading.operate`) operates venues and the
process, each kind's regulator (`Regulation`, `trading.regulate`) supervises
its kind, the tenderer (a government unit, `trading.tender`) or its agency
(`Party` with `is_agency`, `trading.agency`) runs its own project, bidders
(`Party`, `trading.bid`) bid, experts (`Expert`, `trading.expert`) evaluate.

A project (`Project`) is tendered in rounds (`Round`): a round that fails
(too few bids) is followed by a re-tender, a new round with its own
announcement, deadline and bids. Published texts are `Notice` rows; bids
(`Bid`) are sealed with a key only the bidder holds until the opening
(`envelope`); the evaluation committee (`Committee`) is formed from the
tenderer's representatives and experts drawn at random (`Draw`, replayable
from its seed) and scores the opened bids (`Score`); winning candidates
(`Candidate`) are published, objections (`Objection`) answered, the award
(`Award`) made and the contract (`Contract`) signed. Complaints go to the
regulator (`Complaint`). Venues are booked (`Booking`) without overlap and
the evaluation room's attendance kept (`Attendance`). Every published
change is an immutable OCDS release (`Release`)."""

from .awards import Award, Complaint, Contract, Objection, ObjectionKind
from .bids import Bid, BidStatus
from .evaluation import Attendance, Candidate, Committee, Draw, Member, MemberKind, Score
from .parties import Criteria, Expert, ExpertTie, Kind, Party, Regulation, Speciality, TieKind
from .projects import (
    MONEY,
    Booking,
    Notice,
    NoticeFile,
    NoticeKind,
    Project,
    Release,
    Round,
    RoundStatus,
    Status,
    Venue,
    VenueKind,
)

__all__ = [
    "MONEY",
    "Attendance",
    "Award",
    "Bid",
    "BidStatus",
    "Booking",
    "Candidate",
    "Committee",
    "Complaint",
    "Contract",
    "Criteria",
    "Draw",
    "Expert",
    "ExpertTie",
    "Kind",
    "Member",
    "MemberKind",
    "Notice",
    "NoticeFile",
    "NoticeKind",
    "Objection",
    "ObjectionKind",
    "Party",
    "Project",
    "Regulation",
    "Release",
    "Round",
    "RoundStatus",
    "Score",
    "Speciality",
    "Status",
    "TieKind",
    "Venue",
    "VenueKind",
]

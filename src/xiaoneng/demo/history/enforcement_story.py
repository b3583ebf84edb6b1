"""The general procedure of the enforcement history (`enforcement_days`):
a `Walk` is one case from the clue to its closing, each step an act on a
working day of the span (an index into `days`; a step past the span is
never played, so a late walk is left open at the end). The clue with the
on-site record of the body's two certified officers, registration by the
head (or after an extended limit), an inquiry record, the notice of the
intended penalty; the party silent, stating (adopted: the fine lowered in
its grade; or not), waiving in writing or asking for a hearing; the legal
office's review where the decision is major (a hearing right, a fine
outside the benchmark); the decision after the defence period; service,
publication, the bank's receipt entered by finance (in time, late with its
surcharge) or the reminder and the court; closing."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from xiaoneng.core import timesource
from xiaoneng.core.clock.procedures import penalty
from xiaoneng.core.workdays import WorkCalendar
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.actions import closing, money, publication
from xiaoneng.enforcement.actions.rules import hearing_threshold
from xiaoneng.enforcement.models import PenaltyCase
from xiaoneng.enforcement.selectors.money import amount_due, awaiting_payment, court_earliest
from xiaoneng.org.models import User

from .days import DayActs
from .enforcement_cast import VIOLATIONS, Cast, Violation
from .enforcement_world import World

DEFENCE = 5  # working days after the notice (art. 64, 85)
HEARING_AHEAD = 8  # working days between the hearing notice and the hearing (≥ 7 + 1 day)
COURT = "张掖市甘州区人民法院"
STATEMENTS = (
    "当事人陈述：系初次违法，已停止违法行为，家庭经济困难，请求从轻处罚。",
    "当事人申辩：违法时间较短、获利很少，且积极配合调查，请求减轻罚款。",
    "当事人陈述：对违法事实无异议，已全部整改，请求考虑整改情况。",
)


@dataclass(frozen=True)
class Walk:
    """One general-procedure case, from the clue (`clue`: an index into the
    span's working days) to its closing — or as far as the span reaches."""

    key: str
    item: str  # its code
    party: dict[str, str]
    facts: str
    place: str
    grade: str
    fine: Decimal
    clue: int
    answer: str = "silent"  # "statement", "adopted", "waiver", "hearing"
    review: bool = False
    decided: Decimal | None = None  # the fine decided, when lower than notified
    outside_reason: str = ""
    pay: str = "bank"  # "late", "never", "open"
    publish_late: bool = False
    extend_registration: bool = False
    extend_decision: bool = False
    fixed: bool = False  # the shortest offsets (the cases left open at the end)
    source: str = "inspection"


class EnforcementStory(DayActs):
    def __init__(
        self, rng: random.Random, calendar: WorkCalendar, days: list[date], world: World
    ) -> None:
        super().__init__()
        self.rng, self.calendar, self.days, self.world = rng, calendar, days, world
        self.cast = Cast(rng)
        self.rows: dict[str, int] = {}  # story key → the case's, statement's, review's pk
        self.serials = itertools.count(1)

    # --- days ------------------------------------------------------------------------

    def at(self, fraction: float) -> int:
        return min(int(fraction * len(self.days)), len(self.days) - 1)

    def step(self, i: int, name: str, run: Callable[[], Any]) -> None:
        """`run` on the i-th working day of the span; past the span: never."""
        if 0 <= i < len(self.days):
            self.act(self.days[i], name, run)

    def index_on_or_after(self, day: date) -> int:
        return bisect.bisect_left(self.days, day)

    def moment(self, i: int, hour: int) -> datetime:
        return datetime.combine(self.days[min(i, len(self.days) - 1)], time(hour, 30))

    # --- who -------------------------------------------------------------------------

    def body(self, code: str) -> str:
        return self.world.items[code].body.code

    def officers(self, code: str) -> tuple[User, User]:
        return self.world.officers[self.body(code)]

    def head(self, code: str) -> User:
        return self.world.heads[self.body(code)]

    def case_id(self, key: str) -> int:
        return self.rows[key]

    # --- amounts ---------------------------------------------------------------------

    def fine(self, code: str, grade: str) -> Decimal:
        """A round fine within the grade's benchmark, never nothing."""
        low, high = self.world.ranges[(code, grade)]
        step = Decimal(500 if high >= 5000 else 100 if high >= 500 else 10)
        lowest = max(low, step)
        count = int((high - lowest) // step)
        return (lowest + step * self.rng.randint(0, count)).quantize(Decimal(1))

    def lowered(self, code: str, grade: str, fine: Decimal) -> Decimal:
        """The fine after a statement adopted: lower, still in its grade."""
        low, _ = self.world.ranges[(code, grade)]
        step = Decimal(500 if fine >= 5000 else 100 if fine >= 500 else 10)
        return max(low, step, (fine * Decimal("0.8") // step) * step).quantize(Decimal(1))

    def needs_review(self, party: dict[str, str], fine: Decimal) -> bool:
        """A fine that gives a hearing right makes the decision major (art. 58, 63)."""
        return fine >= hearing_threshold(party["party_kind"])

    # --- the clue ----------------------------------------------------------------------

    def onsite(self, v: Violation, i: int, place: str) -> dict[str, Any]:
        lat, lon = self.cast.location()
        return {
            "kind": "onsite",
            "description": v.onsite,
            "taken_at": self.moment(i, 10),
            "place": place,
            "latitude": lat,
            "longitude": lon,
            "officer_ids": [o.pk for o in self.officers(v.code)],
        }

    def open(
        self,
        key: str,
        i: int,
        v: Violation,
        party: dict[str, str],
        *,
        facts: str,
        place: str,
        source: str = "inspection",
        violated: date | None = None,
        evidence: bool = True,
    ) -> None:
        item, officers = self.world.items[v.code], self.officers(v.code)
        found = self.days[min(i, len(self.days) - 1)]
        violated = violated or found - timedelta(days=self.rng.randint(0, 20))
        record = self.onsite(v, i, place) if evidence else None

        def run() -> None:
            case = actions.open_clue(
                actor=officers[0],
                item_id=item.pk,
                facts=facts,
                place=place,
                violated_on=violated,
                found_on=found,
                source=source,
                officer_ids=[o.pk for o in officers],
                evidence=record,
                **party,
            )
            self.rows[key] = case.pk

        self.step(i, "clue_opened", run)

    def register(self, key: str, i: int, code: str) -> None:
        head = self.head(code)
        self.step(
            i, "registered", lambda: actions.register_case(actor=head, case_id=self.case_id(key))
        )

    def inquiry(self, key: str, i: int, v: Violation, place: str) -> None:
        first, second = self.officers(v.code)
        room = f"{self.world.items[v.code].body.short_name}询问室"
        self.step(
            i,
            "evidence_recorded",
            lambda: actions.record_evidence(
                actor=second,
                case_id=self.case_id(key),
                kind="inquiry",
                description=v.inquiry,
                taken_at=self.moment(i, 15),
                place=room,
                officer_ids=[first.pk, second.pk],
            ),
        )

    # --- the general procedure -------------------------------------------------------

    def walk(self, w: Walk) -> None:
        v, head, rng = VIOLATIONS[w.item], self.head(w.item), self.rng
        c = w.clue
        self.open(w.key, c, v, w.party, facts=w.facts, place=w.place, source=w.source)
        registered = c + (2 if w.fixed else rng.randint(1, 4))
        if w.extend_registration:
            self.step(
                c + 10,
                "registration_extended",
                lambda: actions.extend_registration(
                    actor=head,
                    case_id=self.case_id(w.key),
                    days=10,
                    reason="涉案企业分布在多个乡镇，线索核查需要补充调取监测数据",
                ),
            )
            registered = c + 18
        self.register(w.key, registered, w.item)
        examined = registered + (2 if w.fixed else rng.randint(1, 3))
        self.inquiry(w.key, examined, v, w.place)
        notified = examined + (3 if w.fixed else rng.randint(2, 6))
        if w.extend_decision:
            self.step(
                registered + 50,
                "decision_extended",
                lambda: actions.extend_decision(
                    actor=head,
                    case_id=self.case_id(w.key),
                    days=30,
                    reason="案情复杂，需委托有资质的机构对项目建设规模和环境影响进行鉴定",
                ),
            )
            notified = registered + 62
        decided = self.notice(w, notified)
        self.decision(w, decided)

    def notice(self, w: Walk, n: int) -> int:
        """The notice on the n-th working day, the party's answer, the review;
        the day the head may decide."""
        first, _ = self.officers(w.item)
        penalties = ["fine"]
        self.step(
            n,
            "penalty_notified",
            lambda: actions.notify_intended_penalty(
                actor=first,
                case_id=self.case_id(w.key),
                penalties=penalties,
                grade=w.grade,
                fine=str(w.fine),
            ),
        )
        ready = n + DEFENCE + 1
        if w.answer == "waiver":
            self.step(
                n + 1,
                "defence_waived",
                lambda: actions.record_waiver(actor=first, case_id=self.case_id(w.key)),
            )
            ready = n + 2
        elif w.answer in ("statement", "adopted"):
            self.statement(w, n + self.rng.randint(1, 3), adopted=w.answer == "adopted")
        elif w.answer == "hearing":
            ready = self.hearing(w, n)
        if w.review:
            self.review(w, ready)
            ready += 3
        return ready + (0 if w.fixed else self.rng.randint(0, 2))

    def statement(self, w: Walk, i: int, *, adopted: bool) -> None:
        first, _ = self.officers(w.item)
        text = self.rng.choice(STATEMENTS)

        def state() -> None:
            row = actions.record_statement(actor=first, case_id=self.case_id(w.key), content=text)
            self.rows[f"{w.key}:statement"] = row.pk

        self.step(i, "statement_recorded", state)
        self.step(
            i + 1,
            "statement_answered",
            lambda: actions.answer_statement(
                actor=first,
                statement_id=self.rows[f"{w.key}:statement"],
                adopted=adopted,
                answer="经复核，当事人积极整改、配合调查，陈述理由成立，予以采纳，在原阶次内从轻确定罚款数额。"
                if adopted
                else "经复核，当事人提出的理由不能否定违法事实，拟处罚数额已考虑其情节，不予采纳。",
            ),
        )

    def hearing(self, w: Walk, n: int) -> int:
        """Asked for on the 3rd working day of the window, notified the next
        day for 8 working days on, hosted by the body's `reviewer`, held."""
        first, second = self.officers(w.item)
        key, host = w.key, self.world.host
        asked, told = n + 3, n + 4
        held = told + HEARING_AHEAD
        self.step(
            asked,
            "hearing_requested",
            lambda: actions.request_hearing(actor=first, case_id=self.case_id(key)),
        )
        self.step(
            told,
            "hearing_scheduled",
            lambda: actions.schedule_hearing(
                actor=first,
                case_id=self.case_id(key),
                scheduled_on=self.days[min(held, len(self.days) - 1)],
                place="市工商局听证室",
                host_id=host.pk,
            ),
        )
        self.step(
            held,
            "hearing_held",
            lambda: actions.record_hearing(
                actor=second,
                case_id=self.case_id(key),
                held=True,
                record="听证会公开举行。调查人员提出违法事实、证据和拟处罚意见；当事人委托代理人"
                "申辩宣传单系加盟总部统一印制、已主动收回并消除影响，请求从轻处罚；双方进行了质证和辩论。",
            ),
        )
        return held + 1

    def review(self, w: Walk, i: int) -> None:
        first, _ = self.officers(w.item)
        legal, key = self.world.legal, w.key

        def submit() -> None:
            row = actions.submit_review(
                actor=first, case_id=self.case_id(key), outside_reason=w.outside_reason
            )
            self.rows[f"{key}:review"] = row.pk

        self.step(i, "review_submitted", submit)
        self.step(
            i + 2,
            "reviewed",
            lambda: actions.review_case(
                actor=legal,
                review_id=self.rows[f"{key}:review"],
                passed=True,
                opinion="超出裁量基准的理由充分，处罚在法定幅度以内，程序合法，同意。"
                if w.outside_reason
                else "事实清楚，证据确凿，适用依据正确，程序合法，处罚适当，同意。",
            ),
        )

    def decision(self, w: Walk, d: int) -> None:
        """The decision, its service, publication, payment and closing."""
        first, _ = self.officers(w.item)
        head, item = self.head(w.item), self.world.items[w.item]
        fine = w.decided or w.fine
        text = decision_text(item.legal_basis, item.penalty_basis, w.facts, fine)
        self.step(
            d,
            "decided",
            lambda: actions.decide(
                actor=head,
                case_id=self.case_id(w.key),
                outcome="penalty",
                penalties=["fine"],
                grade=w.grade,
                fine=str(fine),
                decision_text=text,
            ),
        )
        served = d + (2 if w.fixed else self.rng.randint(1, 3))
        how = self.rng.choice(("直接送达", "邮寄送达"))
        self.step(
            served,
            "served",
            lambda: actions.serve_decision(actor=first, case_id=self.case_id(w.key), how=how),
        )
        published = d + (10 if w.publish_late else 3 if w.fixed else self.rng.randint(2, 5))
        self.publish(w.key, w.item, published, late=w.publish_late)
        settled = self.payment(w, served)
        if settled is not None:
            self.close(w.key, w.item, max(settled, published) + self.rng.randint(1, 3))

    def payment(self, w: Walk, s: int) -> int | None:
        """The bank's receipt (in time, or late with the surcharge), or the
        reminder and the court; the working day it is settled."""
        if s >= len(self.days) or w.pay == "open":
            return None
        served = self.days[s]
        due = self.index_on_or_after(penalty.payment_due(served, self.calendar))
        if w.pay == "bank":
            paid = self.in_time(s)
            self.bank(w.key, paid, "fine_paid")
            return paid
        if w.pay == "late":
            self.bank(w.key, due + 3, "fine_paid_late")
            return due + 3
        urged = due + 2
        if urged >= len(self.days):
            return None
        head = self.head(w.item)
        self.step(
            urged,
            "payment_urged",
            lambda: money.urge_payment(
                actor=head, case_id=self.case_id(w.key), note="催告书已直接送达当事人"
            ),
        )
        earliest = court_earliest(
            PenaltyCase(urged_on=self.days[urged], served_on=served), self.calendar
        )
        court = self.index_on_or_after(earliest) if earliest else len(self.days)
        self.step(
            court,
            "court_applied",
            lambda: money.apply_court_enforcement(
                actor=head, case_id=self.case_id(w.key), court=COURT
            ),
        )
        return court

    def in_time(self, s: int) -> int:
        """A working day 3 to 10 days after service on the s-th, by the due day."""
        served = self.days[min(s, len(self.days) - 1)]
        due = self.index_on_or_after(penalty.payment_due(served, self.calendar))
        paid = self.index_on_or_after(served + timedelta(days=self.rng.randint(3, 10)))
        return min(paid, due)

    def bank(self, key: str, i: int, name: str) -> None:
        """`caizheng` enters the bank's receipt: the fine and the surcharge as of the day."""
        finance = self.world.finance
        serial = f"ZYNH{self.days[min(i, len(self.days) - 1)]:%Y%m%d}{next(self.serials):05d}"

        def run() -> None:
            case = awaiting_payment(finance).filter(pk=self.case_id(key)).first()
            if case is None:
                raise KeyError(key)  # not served, or paid: an earlier act failed
            money.record_bank_payment(
                actor=finance,
                decision_no=case.decision_no,
                amount=str(amount_due(case, timesource.today()).total),
                paid_on=None,
                bank_serial=serial,
            )

        self.step(i, name, run)

    def publish(self, key: str, code: str, i: int, *, late: bool = False) -> None:
        head = self.head(code)
        self.step(
            i,
            "published_late" if late else "published",
            lambda: publication.publish_decision(actor=head, case_id=self.case_id(key)),
        )

    def close(self, key: str, code: str, i: int, note: str = "") -> None:
        head = self.head(code)
        self.step(
            i,
            "closed",
            lambda: closing.close_case(
                actor=head,
                case_id=self.case_id(key),
                note=note or "处罚决定已履行（或已申请人民法院强制执行），决定已公示，案卷归档。",
            ),
        )


def decision_text(legal_basis: str, penalty_basis: str, facts: str, fine: Decimal) -> str:
    basis = penalty_basis.split("：", maxsplit=1)[0]
    return (
        f"经查，当事人{facts}。以上事实有现场检查笔录、询问笔录等证据证明。"
        f"当事人的行为违反了{legal_basis}的规定。依据{basis}，决定：罚款人民币{fine}元。"
    )

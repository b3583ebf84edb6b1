"""The 行政执法 part of the demo history (issue 15), played through the
enforcement app's actions under `timesource.travel_to`, each action its own
transaction; after every working day's acts the daily sweep runs
(`enforcement.supervise.sweep`, the body of the scheduler's
`enforcement_sweep`), so the cards and anomalies are what the product wrote.

The story (2012-style Zhangye: the four bodies of `demo/enforcement.py` —
市工商局, 市环保局, 市交通运输局, 市城管执法局 — with their certified officers
and heads, 市法制办 `fazhi`, finance `caizheng`), placed at fractions of the
span's working days:
- general-procedure cases of every item (`enforcement_story.Walk`: clue with
  the on-site record, registration, inquiry, notice, the party's answer,
  review where major, decision within the benchmark, service, the bank's
  receipt, publication within 7 working days, closing);
- 市工商局's hearing: a 120,000-yuan fine on an enterprise for 虚假宣传,
  asked for in the window, notified 8 working days ahead, hosted by
  `reviewer` (no investigator), held; reviewed; decided at 100,000;
- 市环保局's fine outside the benchmark (70,000 in the grade of 30,000–60,000)
  with its reasons, passed by the legal office;
- 首违不罚 (art. 33): an unlicensed stall corrected within the period
  ordered, not penalised;
- 市城管执法局's on-the-spot fines (simple procedure): small fines collected
  on the spot against a fiscal receipt, handed over and banked — one handed
  over a day late (`fine_not_remitted`) —, others paid at the bank; one
  restaurant fined three times within 90 days (`repeated_penalties`);
- a clue declined (the facts not established), one past the two-year time
  bar (art. 36); one registration limit and one decision limit extended;
- a fine paid late with its surcharge; one never paid: the reminder, the
  court six months after service, closed; one decision published late;
- open at the end: a case in its defence window, one awaiting payment.

`enforcement_days(*, seed, start, end, say)` is a day part
(`days.interleave`); the seed picks parties, amounts and answers. Needs the
demo city with its enforcement lists (`xiaoneng demo` loads them) and at
least `MIN_WORKDAYS` working days."""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Sum

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.core import timesource
from xiaoneng.enforcement import actions
from xiaoneng.enforcement.actions import money
from xiaoneng.enforcement.models import (
    Hearing,
    LegalityReview,
    Outcome,
    PenaltyCase,
    Procedure,
    Status,
)
from xiaoneng.enforcement.supervise import sweep
from xiaoneng.supervision.models import Anomaly, SubjectCard

from .enforcement_cast import VIOLATIONS
from .enforcement_story import EnforcementStory, Walk
from .enforcement_world import load_world

MIN_WORKDAYS = 60
# The general walks' items in turn (the four bodies alternate).
ROTATION = (
    "GS-CF-001",
    "HB-CF-001",
    "JT-CF-002",
    "CG-CF-001",
    "GS-CF-002",
    "JT-CF-001",
    "CG-CF-003",
    "GS-CF-003",
    "HB-CF-002",
)
ANSWERS = ("silent", "silent", "statement", "adopted", "waiver")
OUTSIDE_REASON = (
    "当事人在限期治理期间再次超标排放，且排放口位于黑河湿地国家级自然保护区上游，"
    "危害后果较一般情形严重，但超标倍数尚未达到从重阶次的适用情形，"
    "故在一般阶次上限以上、法定幅度以内处罚。"
)


def chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the story's cases -------------------------------------------------------------


def general(s: EnforcementStory, key: str, code: str, i: int, **changes: Any) -> Walk:
    """A general-procedure walk of the item, its party, amount and answer drawn."""
    v, rng = VIOLATIONS[code], s.rng
    party = s.cast.firm(rng.choice(v.trades)) if v.trades else s.cast.person()
    grade = changes.pop("grade", None) or rng.choice(v.grades)
    fine = s.fine(code, grade)
    answer = changes.pop("answer", None) or rng.choice(ANSWERS)
    return Walk(
        key=key,
        item=code,
        party=party,
        facts=rng.choice(v.facts),
        place=rng.choice(v.places),
        grade=grade,
        fine=fine,
        clue=i,
        answer=answer,
        review=s.needs_review(party, fine),
        decided=s.lowered(code, grade, fine) if answer == "adopted" else None,
        **changes,
    )


def hearing_walk(s: EnforcementStory, i: int) -> Walk:
    return Walk(
        key="hearing",
        item="GS-CF-002",
        party=s.cast.firm("保健品"),
        facts="在店堂海报、宣传单和本地报纸广告中宣称其销售的保健食品“根治高血压、糖尿病”，"
        "与实际不符，宣传持续四个月",
        place="甘州区东街",
        grade="heavier",
        fine=Decimal(120000),
        clue=i,
        answer="hearing",
        review=True,
        decided=Decimal(100000),
        source="report",
    )


def outside_walk(s: EnforcementStory, i: int) -> Walk:
    return Walk(
        key="outside",
        item="HB-CF-001",
        party=s.cast.firm("热力"),
        facts="燃煤锅炉外排烟气中烟尘浓度为172mg/m³，超过《锅炉大气污染物排放标准》规定限值0.72倍，"
        "且系限期治理期间再次超标",
        place="甘州区新墩镇",
        grade="general",
        fine=Decimal(70000),
        clue=i,
        answer="statement",
        review=True,
        outside_reason=OUTSIDE_REASON,
    )


def on_the_spot(
    s: EnforcementStory,
    key: str,
    i: int,
    code: str,
    party: dict[str, str],
    *,
    grade: str,
    fine: int,
    pay: str,
) -> None:
    """简易程序: decided on the spot by the two officers; `pay` "cash" (collected
    then and there, handed over the next working day, banked the day after),
    "cash_late" (handed over on the third working day: late), or "bank"."""
    v, rng = VIOLATIONS[code], s.rng
    (first, second), item = s.officers(code), s.world.items[code]
    facts, place = rng.choice(v.facts), rng.choice(v.places)
    record = s.onsite(v, i, place)

    def decide() -> None:
        case = actions.decide_on_the_spot(
            actor=first,
            item_id=item.pk,
            facts=facts,
            place=place,
            violated_on=timesource.today(),
            penalties=["fine"],
            officer_ids=[first.pk, second.pk],
            grade=grade,
            fine=str(fine),
            evidence=record,
            **party,
        )
        s.rows[key] = case.pk

    s.step(i, "decided_on_the_spot", decide)
    if pay == "bank":
        settled = s.in_time(i)
        s.bank(key, settled, "fine_paid")
    else:
        settled = cash(s, key, i, code, fine, late=pay == "cash_late")
    published = i + rng.randint(2, 4)
    s.publish(key, code, published)
    s.close(key, code, max(settled, published) + 1, note="当场处罚决定已履行并公示，归档。")


def cash(s: EnforcementStory, key: str, i: int, code: str, fine: int, *, late: bool) -> int:
    """Collected on the spot (art. 68 (1)) against the fiscal receipt, handed
    over to the body, banked by its head; the day it is banked."""
    (first, second), head = s.officers(code), s.head(code)
    day = s.days[min(i, len(s.days) - 1)]
    receipt = f"甘财罚〔{day.year}〕{next(s.serials):06d}号"
    serial = f"ZYNH{day:%Y%m%d}{next(s.serials):05d}"

    def collect() -> None:
        row = money.collect_on_the_spot(
            actor=first,
            case_id=s.case_id(key),
            officer_ids=[first.pk, second.pk],
            ground="small",
            receipt_no=receipt,
            amount=str(fine),
        )
        s.rows[f"{key}:cash"] = row.pk

    s.step(i, "collected_on_the_spot", collect)
    handed = i + (3 if late else 1)
    s.step(
        handed,
        "cash_handed_over_late" if late else "cash_handed_over",
        lambda: money.hand_over_cash(actor=second, payment_id=s.rows[f"{key}:cash"]),
    )
    s.step(
        handed + 1,
        "cash_banked",
        lambda: money.bank_cash(actor=head, payment_id=s.rows[f"{key}:cash"], bank_serial=serial),
    )
    return handed + 1


def first_offence(s: EnforcementStory, i: int) -> None:
    """首违不罚: ordered to correct on the spot, corrected within the period,
    not penalised (art. 33 ¶1), the decision served, closed."""
    key, code = "first", "GS-CF-001"
    (first, _), head = s.officers(code), s.head(code)
    facts = "未取得营业执照，在该处从事小百货零售，开业不足一个月，经营额约三千元"
    s.open(key, i, VIOLATIONS[code], s.cast.person(), facts=facts, place="甘州区南关农贸市场")
    due = s.days[min(i + 10, len(s.days) - 1)]
    s.step(
        i,
        "correction_ordered",
        lambda: actions.order_correction(actor=first, case_id=s.case_id(key), due_on=due),
    )
    s.register(key, i + 2, code)
    s.step(
        i + 6, "corrected", lambda: actions.record_correction(actor=first, case_id=s.case_id(key))
    )
    s.step(
        i + 8,
        "decided_not_penalised",
        lambda: actions.decide(
            actor=head,
            case_id=s.case_id(key),
            outcome="no_penalty_first",
            decision_text="经查，当事人"
            + facts
            + "，系初次违法，危害后果轻微，并已在责令改正期限内"
            "办理营业执照。依据《中华人民共和国行政处罚法》第三十三条第一款，决定不予行政处罚，"
            "并对当事人进行教育。",
        ),
    )
    s.step(
        i + 9,
        "served",
        lambda: actions.serve_decision(actor=first, case_id=s.case_id(key), how="直接送达"),
    )
    s.close(key, code, i + 11, note="首违不罚：当事人已在期限内改正，不予处罚决定已送达，归档。")


def declined(s: EnforcementStory, i: int) -> None:
    """A report checked on site, the facts not established: 不予立案."""
    code = "HB-CF-001"
    s.open(
        "declined",
        i,
        VIOLATIONS[code],
        s.cast.firm("热力"),
        facts="群众举报其燃煤锅炉冒黑烟，外排烟尘可能超标",
        place="甘州区工业园区",
        source="report",
    )
    decline(
        s,
        "declined",
        i + 3,
        code,
        "经委托市环境监测站现场采样监测，烟尘排放浓度为48mg/m³，符合排放标准，"
        "举报反映的违法事实不能成立，不予立案。",
    )


def barred(s: EnforcementStory, i: int) -> None:
    """A report of an advertisement that ended over two years before: 不予立案 (art. 36)."""
    code = "GS-CF-002"
    ended = s.days[min(i, len(s.days) - 1)] - timedelta(days=2 * 365 + 60)
    s.open(
        "barred",
        i,
        VIOLATIONS[code],
        s.cast.firm("商贸"),
        facts="曾在本地报纸广告中宣称其销售的理疗床垫“治愈颈椎病”，与实际不符",
        place="甘州区东街",
        source="report",
        violated=ended,
        evidence=False,
    )
    decline(
        s,
        "barred",
        i + 2,
        code,
        f"该违法行为终了于{chinese(ended)}，至发现时已超过二年，依据《中华人民共和国行政处罚法》"
        "第三十六条第一款不再给予行政处罚，不予立案。",
    )


def decline(s: EnforcementStory, key: str, i: int, code: str, reason: str) -> None:
    head = s.head(code)
    s.step(
        i,
        "registration_declined",
        lambda: actions.decline_registration(actor=head, case_id=s.case_id(key), reason=reason),
    )


# --- the plan ----------------------------------------------------------------------


def write_story(s: EnforcementStory) -> None:
    """Every case of the story on its working day."""
    n, at = len(s.days), s.at
    walks = max(4, n // 9)
    first, last = at(0.03), n - 45
    for k in range(walks):
        i = first + (last - first) * k // max(walks - 1, 1) + s.rng.randint(0, 3)
        s.walk(general(s, f"walk-{k}", ROTATION[k % len(ROTATION)], i))
    s.walk(general(s, "court", "JT-CF-002", at(0.02), answer="silent", pay="never"))
    s.walk(general(s, "extended", "HB-CF-002", at(0.08), extend_decision=True))
    s.walk(hearing_walk(s, at(0.10)))
    s.walk(outside_walk(s, at(0.25)))
    s.walk(general(s, "register-extended", "HB-CF-001", at(0.3), extend_registration=True))
    s.walk(general(s, "paid-late", "GS-CF-001", at(0.4), pay="late"))
    s.walk(general(s, "published-late", "CG-CF-003", at(0.6), publish_late=True))
    # Open at the end: notified three working days before it; served four before it.
    s.walk(general(s, "open-defence", "GS-CF-003", n - 10, answer="silent", fixed=True, pay="open"))
    s.walk(general(s, "open-payment", "JT-CF-002", n - 19, answer="silent", fixed=True, pay="open"))
    first_offence(s, at(0.06))
    declined(s, at(0.2))
    barred(s, at(0.55))
    spots = (
        (0.04, "CG-CF-002", "lighter", 50, "cash"),
        (0.15, "CG-CF-001", "lighter", 200, "bank"),
        (0.45, "CG-CF-002", "lighter", 40, "cash_late"),
        (0.5, "CG-CF-002", "general", 150, "bank"),
        (0.7, "CG-CF-001", "lighter", 150, "bank"),
        (0.8, "CG-CF-001", "lighter", 100, "cash"),
    )
    for k, (fraction, code, grade, fine, pay) in enumerate(spots):
        party = s.cast.person()
        on_the_spot(s, f"spot-{k}", at(fraction), code, party, grade=grade, fine=fine, pay=pay)
    # 乱罚款: one restaurant fined three times in about nine weeks.
    restaurant = s.cast.firm("餐饮")
    for k, (grade, fine) in enumerate((("lighter", 200), ("general", 800), ("heavier", 1500))):
        i = at(0.35) + 22 * k
        on_the_spot(
            s, f"repeat-{k}", i, "CG-CF-001", restaurant, grade=grade, fine=fine, pay="bank"
        )


# --- the part ----------------------------------------------------------------------


def _workdays(start: date, end: date) -> list[date]:
    calendar = current_calendar()
    out, day = [], start
    while day <= end:
        if calendar.is_workday(day):
            out.append(day)
        day += timedelta(days=1)
    return out


def enforcement_days(
    *, seed: int, start: date, end: date, say: Callable[[str], None]
) -> Generator[date, None, dict[str, int]]:
    """The part day by day (`days.interleave`): yields each day before playing it."""
    calendar = current_calendar()
    days = _workdays(start, end)
    with timesource.travel_to(start):
        world = load_world() if len(days) >= MIN_WORKDAYS else None
    if world is None:
        say(f"行政执法：时间跨度不足 {MIN_WORKDAYS} 个工作日或没有演示执法事项清单、账号，未生成")
        return {}
    story = EnforcementStory(random.Random(seed), calendar, days, world)  # noqa: S311 - demo data
    write_story(story)
    day = start
    while day <= end:
        yield day
        with timesource.travel_to(day):
            story.play(day)
            if calendar.is_workday(day):
                sweep(day)
                story.counts["sweeps"] += 1
        day += timedelta(days=1)
    counts = tally(story.counts)
    failed = sum(v for k, v in counts.items() if k.startswith("failed:"))
    say(
        f"行政执法：案件 {counts['cases']} 件（当场处罚 {counts['on_the_spot']} 件），"
        f"处罚决定 {counts['penalties']} 件、罚款 {counts['fines_yuan']:,} 元，"
        f"不予处罚 {counts['not_penalised']} 件，不予立案 {counts['not_registered']} 件，"
        f"听证 {counts['hearings_held']} 次，法制审核 {counts['reviews_passed']} 件，"
        f"结案 {counts['closed']} 件，黄牌红牌 {counts['cards']} 张，"
        f"异常 {sum(v for k, v in counts.items() if k.startswith('anomaly_'))} 项，失败 {failed} 步"
    )
    return counts


def tally(played: dict[str, int]) -> dict[str, int]:
    """The acts played, and what the rows say."""
    cases = PenaltyCase.objects.order_by()
    penalties = cases.filter(outcome=Outcome.PENALTY)
    counts = dict(played) | {
        "cases": cases.count(),
        "on_the_spot": cases.filter(procedure=Procedure.SIMPLE).count(),
        "penalties": penalties.count(),
        "fines_yuan": int(penalties.aggregate(total=Sum("fine"))["total"] or 0),
        "not_penalised": cases.filter(outcome__startswith="no_penalty").count(),
        "not_registered": cases.filter(status=Status.NOT_REGISTERED).count(),
        "closed": cases.filter(status=Status.CLOSED).count(),
        "hearings_held": Hearing.objects.exclude(held_on=None).count(),
        "reviews_passed": LegalityReview.objects.filter(passed=True).count(),
        "published_late": cases.filter(published_on__gt=F("publish_due")).count(),
        "court": cases.exclude(court_applied_on=None).count(),
        "cards": SubjectCard.objects.filter(subject_kind="penalty_case").count(),
    }
    found = (
        Anomaly.objects.filter(subject_kind__in=("penalty_case", "penalty_attempt"))
        .order_by()
        .values("kind")
        .annotate(n=Count("pk"))
    )
    return counts | {f"anomaly_{row['kind']}": row["n"] for row in found}

"""The rules on an amount that the notice, the decision and the decision on
the spot share: the statutory range of the item (减轻处罚 may go below its
minimum, never above its maximum: art. 32), the benchmark of a grade, the
confiscated amount (given exactly when `confiscate` is chosen), and the
hearing threshold of the party's kind (params, art. 63).

Art. 63 ¶1 (1)–(2) gives the hearing right for 较大数额罚款 and for
没收较大数额违法所得、没收较大价值非法财物; the province sets one figure per
party kind for both (the 甘肃省 practice the params follow), so a
confiscation at or above the fine's threshold gives the right too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.enforcement import gates
from xiaoneng.enforcement.common import Refused
from xiaoneng.enforcement.models import (
    HEARING_PENALTIES,
    Benchmark,
    Grade,
    Item,
    PartyKind,
    PenaltyCase,
    PenaltyKind,
)
from xiaoneng.enforcement.params import HEARING_FINE_ORGANISATION, HEARING_FINE_PERSON
from xiaoneng.system.params import get_param

from . import inputs


def fine_and_grade(
    item: Item, chosen: list[str], fine: Any, grade: Any
) -> tuple[Decimal | None, str]:
    """The fine (when a fine is chosen: required, within the statutory
    range) and the discretion grade (required with a fine)."""
    given = inputs.amount(fine, code="enforcement_fine_invalid", label="罚款金额", required=False)
    if PenaltyKind.FINE not in chosen:
        if given:
            raise InvalidInput("未选择罚款，不能填写罚款金额", code="enforcement_fine_invalid")
        level = (
            ""
            if grade in (None, "")
            else inputs.choice(
                grade, Grade.values, code="enforcement_grade_invalid", label="裁量阶次"
            )
        )
        return None, level
    if not given:
        raise InvalidInput("请填写罚款金额", code="enforcement_fine_invalid")
    level = inputs.choice(grade, Grade.values, code="enforcement_grade_invalid", label="裁量阶次")
    statutory(item, level, given)
    return given, level


def statutory(item: Item, grade: str, fine: Decimal) -> None:
    """Within the item's statutory range; below its minimum only when mitigated."""
    low, high = item.fine_min, item.fine_max
    above = high is not None and fine > high
    below = low is not None and fine < low and grade != Grade.MITIGATED
    if above or below:
        raise InvalidInput(
            "罚款金额超出法定幅度",
            code="enforcement_fine_outside_statutory_range",
            detail={"min": low, "max": high, "fine": fine},
        )


def benchmark(item: Item, grade: str) -> Benchmark:
    row = Benchmark.objects.filter(item=item, grade=grade).first()
    if row is None:
        raise Conflict("该执法事项没有此裁量阶次的裁量基准", code="enforcement_benchmark_missing")
    return row


def outside_benchmark(item: Item, grade: str, fine: Decimal | None) -> bool:
    if fine is None:
        return False
    row = benchmark(item, grade)
    return not gates.within(row.fine_min, row.fine_max, fine)


def outside_benchmark_refused(
    case: PenaltyCase, grade: str, fine: Decimal | None, message: str
) -> Refused:
    """The refusal of a fine outside its grade's benchmark, recorded as the
    anomaly `fine_outside_benchmark` (the decision's and the decision on the spot's)."""
    row = benchmark(case.item, grade)
    return Refused(
        case,
        code="enforcement_fine_outside_benchmark",
        anomaly="fine_outside_benchmark",
        message=message,
        detail={"fine": fine, "min": row.fine_min, "max": row.fine_max, "grade": grade},
    )


def confiscation(chosen: list[str], value: Any) -> Decimal | None:
    """The amount to confiscate: required (above zero) with `confiscate`,
    refused without it, so the penalty and its amount never disagree."""
    given = inputs.amount(
        value, code="enforcement_confiscation_invalid", label="没收违法所得", required=False
    )
    if PenaltyKind.CONFISCATE not in chosen:
        if given is not None:
            raise InvalidInput(
                "未选择没收违法所得、非法财物，不能填写没收金额",
                code="enforcement_confiscation_invalid",
            )
        return None
    if not given:
        raise InvalidInput(
            "选择没收的，请填写没收违法所得、非法财物的金额（价值）",
            code="enforcement_confiscation_invalid",
        )
    return given


def hearing_threshold(party_kind: str) -> Decimal:
    key = HEARING_FINE_PERSON if party_kind == PartyKind.PERSON else HEARING_FINE_ORGANISATION
    return Decimal(get_param(key))


def hearing_right(
    party_kind: str, fine: Decimal | None, chosen: list[str], confiscated: Decimal | None = None
) -> bool:
    return gates.hearing_right(
        fine=fine,
        confiscated=confiscated,
        penalties=chosen,
        threshold=hearing_threshold(party_kind),
        heavy=[str(p) for p in HEARING_PENALTIES],
    )

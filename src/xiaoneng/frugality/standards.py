"""The reception standards as arithmetic (no database): the companions
allowed, the meal and lodging ceilings, and what an actual reception
exceeds. Amounts in yuan (Decimal)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Standards:
    meal_per_head: int  # 元/人·餐
    lodging_per_night: int  # 元/人·晚
    companions_small: int  # ≤ this many companions when guests ≤ group
    companions_group: int
    companions_divisor: int  # above the group: ≤ guests // divisor


def companions_max(guests: int, s: Standards) -> int:
    """陪餐人数上限: 接待对象 ≤ 10 人 → 3 人; 超过 10 人 → 接待对象人数的三分之一 (rounded down)."""
    if guests <= s.companions_group:
        return s.companions_small
    return guests // s.companions_divisor


def meal_ceiling(diners: int, meals: int, s: Standards) -> Decimal:
    """餐费上限: everyone at the table (guests and companions) × meals × the per-head standard."""
    return Decimal(diners) * Decimal(meals) * Decimal(s.meal_per_head)


def lodging_ceiling(guests: int, nights: int, s: Standards) -> Decimal:
    return Decimal(guests) * Decimal(nights) * Decimal(s.lodging_per_night)


def plan_ceiling(guests: int, companions: int, meals: int, nights: int, s: Standards) -> Decimal:
    return meal_ceiling(guests + companions, meals, s) + lodging_ceiling(guests, nights, s)


def excesses(
    *,
    guests: int,
    companions: int,
    meals: int,
    nights: int,
    meal_cost: Decimal,
    lodging_cost: Decimal,
    s: Standards,
) -> dict[str, Any]:
    """What an actual reception exceeds, as the facts compared (empty: within standard)."""
    found: dict[str, Any] = {}
    allowed = companions_max(guests, s)
    if companions > allowed:
        found["companions"] = {"actual": companions, "max": allowed, "guests": guests}
    meal_max = meal_ceiling(guests + companions, meals, s)
    if meal_cost > meal_max:
        found["meal_cost"] = {
            "actual": str(meal_cost),
            "max": str(meal_max),
            "diners": guests + companions,
            "meals": meals,
            "per_head": s.meal_per_head,
        }
    lodging_max = lodging_ceiling(guests, nights, s)
    if lodging_cost > lodging_max:
        found["lodging_cost"] = {
            "actual": str(lodging_cost),
            "max": str(lodging_max),
            "guests": guests,
            "nights": nights,
            "per_night": s.lodging_per_night,
        }
    return found

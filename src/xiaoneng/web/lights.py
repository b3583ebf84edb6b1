"""The light presenter: a clock's light as every page shows it — the word
(绿灯 / 黄灯 / 红灯), the tag's colour, and the words beside it (the working
days left, or overdue).

The level comes from the clock that governs the row (`core.clock`, stored
on the row by its app); this module only presents it, for cases,
rectifications, disclosure requests and the desks to come alike. What
an unlit row says (待补正, 按期办结, …) is the owning app's to write.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from xiaoneng.core.clock import AlertLevel

# The word and the tag colour of each lit level.
LIGHT_WORDS: dict[str, tuple[str, str]] = {
    AlertLevel.NORMAL: ("绿灯", "xn-tag-success"),
    AlertLevel.WARNING: ("黄灯", "xn-tag-warning"),
    AlertLevel.OVERDUE: ("红灯", "xn-tag-danger"),
}
UNLIT_CSS = "xn-tag-info"
PAUSED_NOTE = "（计时中止）"


@dataclass(frozen=True)
class Light:
    """A light as a page shows it, with the working days left."""

    level: str  # AlertLevel value
    label: str  # 绿灯 / 黄灯 / 红灯, or "" when no deadline runs
    css: str
    remaining: int | None
    text: str
    due: date | None = None  # the running deadline (while paused, as it stood when it stopped)


def is_lit(level: str) -> bool:
    """Whether a deadline runs at this level (a light to show)."""
    return level in LIGHT_WORDS


def light_words(level: str, unlit_css: str = UNLIT_CSS) -> tuple[str, str]:
    """(word, tag colour) of a level; ("", `unlit_css`) when no deadline runs."""
    return LIGHT_WORDS.get(level, ("", unlit_css))


def light_text(level: str, remaining: int, note: str = "") -> str:
    """The words beside a light: the working days left, or overdue, with an
    optional note on why the clock stands still (`PAUSED_NOTE`)."""
    if level == AlertLevel.OVERDUE:
        text = f"超期 {-remaining} 个工作日" if remaining < 0 else "已超期"
    elif remaining == 0:
        text = "今日到期"
    else:
        text = f"剩余 {remaining} 个工作日"
    return text + note


def lit(level: str, remaining: int, *, due: date | None = None, note: str = "") -> Light:
    """The light of a row whose deadline runs (or stands paused)."""
    label, css = LIGHT_WORDS[level]
    return Light(str(level), label, css, remaining, light_text(level, remaining, note), due)


def unlit(text: str, *, due: date | None = None) -> Light:
    """No deadline runs: no light, only what the row's state says."""
    return Light(AlertLevel.NONE.value, "", UNLIT_CSS, None, text, due)

"""Line breaking for Chinese text on the 28-character grid: runs of Latin
letters and digits stay whole, and the forbidden line starts and ends of
Chinese typesetting (避头尾) are respected by carrying a character over."""

from __future__ import annotations

import re
from collections.abc import Callable

# Punctuation that may not begin a line, and that may not end one.
NO_LINE_START = frozenset("，。、；：？！）》」』〕】〉…—％%·’”,.;:?!)")
NO_LINE_END = frozenset("（《「『〔【〈‘“(")

_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-/]*|.", re.DOTALL)

Measure = Callable[[str], float]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def break_lines(text: str, *, first: float, rest: float, measure: Measure) -> list[str]:
    """Split `text` into lines no wider than `first` (the first line) and
    `rest` (the others), by `measure` (mm)."""
    lines: list[list[str]] = []
    line: list[str] = []
    width = 0.0
    limit = first
    for token in tokens(text):
        w = measure(token)
        if line and width + w > limit + 1e-6:
            carried = _carry(line, token)
            lines.append(line[: len(line) - len(carried)])
            line = carried
            width = sum(measure(t) for t in line)
            limit = rest
        line.append(token)
        width += w
    if line:
        lines.append(line)
    return ["".join(t) for t in lines]


def _carry(line: list[str], next_token: str) -> list[str]:
    """The tail of a full line that must move down with `next_token`, so that
    no line starts with closing punctuation or ends with an opening one."""
    keep = len(line)
    # Carry until the next line starts with something that may start a line
    # (a closing bracket followed by a full stop moves both, and the
    # character before them).
    while keep > 1 and (line[keep] if keep < len(line) else next_token)[0] in NO_LINE_START:
        keep -= 1
    while keep > 1 and line[keep - 1][-1] in NO_LINE_END:
        keep -= 1
    return line[keep:]

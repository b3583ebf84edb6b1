"""Working-day arithmetic: ours against chinesecalendar's find_workday.

    uv run python bench/bench_workdays.py

Feeds the same 100,000 seeded random (date, n) inputs to
`chinese_calendar.find_workday(n, date)` and to `WorkCalendar.add_workdays`,
asserts identical answers, prints both throughputs and their ratio, and
writes them to bench/RESULTS.md under "## Working-day calendar".

find_workday counts from the first working day on or after the date, so
find_workday(n >= 0, d) = add_workdays(d - 1 day, n + 1) and
find_workday(n < 0, d) = add_workdays(d, n); the arguments are translated
before timing.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from importlib.metadata import version

import chinese_calendar

from _report import best_rate, machine_line, replace_section
from xiaoneng.core.workdays import load_shipped_calendar

COUNT = 100_000
SEED = 20260215
# find_workday raises outside 2004–2026; keep every answer inside.
FIRST, LAST = date(2004, 2, 1), date(2026, 10, 31)
STEPS = (-10, 30)
HEADING = "## Working-day calendar"
ONE = timedelta(days=1)


def inputs() -> list[tuple[date, int]]:
    rng = random.Random(SEED)
    span = (LAST - FIRST).days
    return [
        (FIRST + timedelta(days=rng.randrange(span + 1)), rng.randint(*STEPS)) for _ in range(COUNT)
    ]


def main() -> None:
    cases = inputs()
    calendar = load_shipped_calendar()
    dates = [d for d, _ in cases]
    steps = [n for _, n in cases]
    starts = [d - ONE if n >= 0 else d for d, n in cases]
    ns = [n + 1 if n >= 0 else n for _, n in cases]

    ours = list(map(calendar.add_workdays, starts, ns))
    print(f"chinesecalendar.find_workday on {COUNT:,} inputs (slow) …", flush=True)
    started = time.perf_counter()
    theirs = list(map(chinese_calendar.find_workday, steps, dates))
    theirs_rate = COUNT / (time.perf_counter() - started)
    mismatches = [case for case, a, b in zip(cases, ours, theirs, strict=True) if a != b]
    assert not mismatches, f"{len(mismatches)} differ, first {mismatches[0]}"

    add = calendar.add_workdays
    ours_rate = best_rate(lambda: list(map(add, starts, ns)), COUNT, repeat=7)

    def loop() -> None:
        for d, n in zip(starts, ns, strict=True):
            add(d, n)

    loop_rate = best_rate(loop, COUNT, repeat=7)
    ratio = min(ours_rate, loop_rate) / theirs_rate  # the conservative figure
    section = f"""{HEADING}

Command: `uv run python bench/bench_workdays.py`

{COUNT:,} random (date, n) inputs (seed {SEED}, dates {FIRST}–{LAST}, n in
[{STEPS[0]}, {STEPS[1]}]); answers identical to `chinese_calendar.find_workday`
(chinesecalendar {version("chinesecalendar")}).
{machine_line()}

| implementation | calls/s |
|---|---:|
| `chinese_calendar.find_workday(n, d)` | {theirs_rate:,.0f} |
| `WorkCalendar.add_workdays` (`map`, best of 7) | {ours_rate:,.0f} |
| `WorkCalendar.add_workdays` (Python `for` loop, best of 7) | {loop_rate:,.0f} |

Ratio (ours, slower of the two / find_workday): **{ratio:,.0f}×** (target ≥ 1,000×;
ours target ≥ 2,000,000 calls/s). find_workday walks day by day and revalidates
the year range on every step; add_workdays is one dict lookup and one list
index (rank/select), with a closed-form Monday–Friday count outside the data.
"""
    print(section)
    replace_section(HEADING, section)


if __name__ == "__main__":
    main()

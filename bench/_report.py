"""What every benchmark's report needs: the machine it ran on, the best rate
of a few timed runs, and its "## …" section of bench/RESULTS.md replaced in
place (the other sections untouched)."""

from __future__ import annotations

import os
import platform
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def cpu_name() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    match = re.search(r"^model name\s*:\s*(.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else "unknown CPU"


def load_text(load: tuple[float, ...]) -> str:
    return ", ".join(f"{x:.2f}" for x in load)


def machine_line() -> str:
    """The CPU, cores, Python and platform, with the load average now."""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return (
        f"Machine: {cpu_name()}, {os.cpu_count()} cores, {python}, {sys.platform}; load\n"
        f"average at the end of the run {load_text(os.getloadavg())} "
        "(other work shares the machine)."
    )


def best_rate(run: Callable[[], object], count: int, repeat: int) -> float:
    """`count` per second over the fastest of `repeat` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return count / best


def replace_section(heading: str, section: str) -> None:
    """Replace the `heading` section of RESULTS.md, or append it."""
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, encoding="utf-8")

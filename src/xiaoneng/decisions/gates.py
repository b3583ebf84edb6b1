"""The five gates of a major decision, in order (重大行政决策程序暂行条例
arts. 14–32), and what is missing before a step may be taken. Pure: the
actions hand in what is done (`Done`), this module answers.

A step of gate k (publishing the draft, recording an opinion, submitting
for review, recording the meeting…) may be taken only when every gate
before k is done; publication (公布) and archive (归档) come after all five."""

from __future__ import annotations

from dataclasses import dataclass

GATES: tuple[tuple[str, str], ...] = (
    ("consultation", "公众参与"),
    ("experts", "专家论证"),
    ("risk", "风险评估"),
    ("legality", "合法性审查"),
    ("meeting", "集体讨论决定"),
)
AFTER: tuple[tuple[str, str], ...] = (("publication", "决策公布"), ("archive", "归档"))
ORDER: tuple[str, ...] = tuple(g for g, _ in GATES + AFTER)
LABELS: dict[str, str] = dict(GATES + AFTER)


@dataclass(frozen=True)
class Done:
    """Which gates are done: 公众参与 when 采纳情况 is published (and the
    hearing recorded where required); 专家论证 with ≥ 1 signed opinion;
    风险评估 when the latest assessment says 风险可控; 合法性审查 when the
    latest round passed on the current draft; 集体讨论决定 when the latest
    meeting decided to adopt."""

    consultation: bool = False
    experts: bool = False
    risk: bool = False
    legality: bool = False
    meeting: bool = False
    publication: bool = False

    def of(self, gate: str) -> bool:
        return bool(getattr(self, gate, False))


def missing(step: str, done: Done) -> list[str]:
    """The gates before `step` that are not done, in order."""
    index = ORDER.index(step)
    return [g for g in ORDER[:index] if not done.of(g)]


def missing_labels(step: str, done: Done) -> list[str]:
    return [LABELS[g] for g in missing(step, done)]


def next_gate(done: Done) -> str | None:
    """The first gate not yet done (None when all five are)."""
    return next((g for g, _ in GATES if not done.of(g)), None)


def bar(done: Done) -> list[dict[str, str]]:
    """The step bar: each gate with its state (done / next / waiting)."""
    upcoming = next_gate(done)
    return [
        {
            "gate": g,
            "label": label,
            "state": "done" if done.of(g) else ("next" if g == upcoming else "waiting"),
        }
        for g, label in GATES
    ]

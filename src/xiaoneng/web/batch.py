"""Batch work on a list: the rows ticked, one action each, and one summary.

Each row goes through the domain's own action (its permission, scope and
state checks, its own transaction and audit event), so a batch grants
nothing the single form would not: a row the actor may not touch, or one
no longer in the state the action needs, is refused on its own and named
in the summary while the others go through.

    ids = selected_ids(request)
    result = run_each(ids, lambda pk: actions.explain_anomaly(actor=…, anomaly_id=pk, …))
    flash_batch(request, result, done="已提交情况说明", unit="项")
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest

from xiaoneng.core.errors import DomainError

BATCH_MAX = 200  # rows one batch handles at most (a page of 100, twice)


@dataclass
class BatchResult:
    done: list[int] = field(default_factory=list)
    refused: list[tuple[int, str, str]] = field(default_factory=list)  # id, message, code

    @property
    def reasons(self) -> list[tuple[str, int]]:
        """Each refusal's message and how many rows it stopped, most first."""
        return Counter(message for _, message, _ in self.refused).most_common()


def selected_ids(request: HttpRequest, name: str = "id") -> list[int]:
    """The ticked rows' ids (numbers only, each once, at most BATCH_MAX)."""
    seen = dict.fromkeys(int(v) for v in request.POST.getlist(name) if v.strip().isdigit())
    return list(seen)[:BATCH_MAX]


def run_each(ids: Iterable[int], call: Callable[[int], object]) -> BatchResult:
    """`call(pk)` for every id; a refusal (DomainError) is noted, not raised."""
    result = BatchResult()
    for pk in ids:
        try:
            call(pk)
        except DomainError as exc:
            result.refused.append((pk, exc.message, exc.code))
        else:
            result.done.append(pk)
    return result


def summary(result: BatchResult, *, done: str, unit: str = "项") -> str:
    """ "已提交情况说明 3 项；2 项未办理：…（2 项）"."""
    parts = [f"{done} {len(result.done)} {unit}"]
    if result.refused:
        reasons = "；".join(
            f"{message}（{count} {unit}）" if count > 1 else message
            for message, count in result.reasons
        )
        parts.append(f"{len(result.refused)} {unit}未办理：{reasons}")
    return "；".join(parts)


def flash_batch(request: HttpRequest, result: BatchResult, *, done: str, unit: str = "项") -> None:
    """The batch's summary as the page's message: success when every row
    went through, a warning when some were refused, an error when none was
    ticked or none went through."""
    if not result.done and not result.refused:
        messages.error(request, "请先勾选要办理的记录")
        return
    text = summary(result, done=done, unit=unit)
    if not result.refused:
        messages.success(request, text)
    elif result.done:
        messages.warning(request, text)
    else:
        messages.error(request, text)

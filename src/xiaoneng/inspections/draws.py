"""The random draw (双随机) as a pure computation anyone can replay: the
lists sorted by a stable key, their SM3 digest, and `random.Random(seed)`
sampling N enterprises then M inspectors from them."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from xiaoneng.core.hashchain import sm3_hex


def snapshot_digest(enterprises: list[list[str]], inspectors: list[list[str]]) -> str:
    """The SM3 of both lists as canonical JSON."""
    body = json.dumps(
        {"enterprises": enterprises, "inspectors": inspectors},
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return sm3_hex(body.encode())


def pick(
    seed: str, enterprises: list[list[str]], inspectors: list[list[str]], n: int, m: int
) -> tuple[list[str], list[str]]:
    """The keys (first column) of the `n` enterprises and `m` inspectors drawn with `seed`."""
    rng = random.Random(seed)  # noqa: S311 - a replayable draw, not a secret
    chosen_e = rng.sample([row[0] for row in enterprises], n)
    chosen_i = rng.sample([row[0] for row in inspectors], m)
    return chosen_e, chosen_i


@dataclass(frozen=True)
class Replay:
    digest_ok: bool
    result_ok: bool
    enterprises: list[str]
    inspectors: list[str]

    @property
    def matches(self) -> bool:
        return self.digest_ok and self.result_ok


def replay(draw: Any) -> Replay:
    """Recompute a stored draw from its seed and snapshots: the digest must
    be the snapshots' and the sample the one recorded."""
    ent, ins = draw.enterprise_snapshot, draw.inspector_snapshot
    digest_ok = snapshot_digest(ent, ins) == draw.snapshot_digest
    try:
        chosen_e, chosen_i = pick(draw.seed, ent, ins, draw.enterprise_count, draw.inspector_count)
    except (ValueError, TypeError, IndexError, KeyError):
        return Replay(digest_ok, False, [], [])
    result_ok = chosen_e == list(draw.chosen_enterprises) and chosen_i == list(
        draw.chosen_inspectors
    )
    return Replay(digest_ok, result_ok, chosen_e, chosen_i)

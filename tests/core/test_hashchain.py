from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from xiaoneng.core.hashchain import GENESIS, Link, first_break, link_hash, sm3_hex


def test_sm3_matches_the_standard_test_vector() -> None:
    # GB/T 32905—2016 Appendix A example 1: SM3("abc").
    assert sm3_hex(b"abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def _chain(events: list[dict[str, object]]) -> list[Link]:
    links, prev = [], GENESIS
    for seq, event in enumerate(events, start=1):
        full = {"seq": seq, **event}
        digest = link_hash(prev, full)
        links.append(Link(seq, prev, digest, full))
        prev = digest
    return links


payloads = st.lists(
    st.dictionaries(
        st.sampled_from(["a", "b", "名称", "n"]),
        st.one_of(st.integers(), st.text(max_size=5)),
        max_size=3,
    ),
    min_size=1,
    max_size=8,
)


@given(payloads)
def test_an_untouched_chain_is_whole(events: list[dict[str, object]]) -> None:
    assert first_break(_chain(events)) is None


@given(payloads, st.data())
def test_any_altered_event_is_named(events: list[dict[str, object]], data: st.DataObject) -> None:
    links = _chain(events)
    victim = data.draw(st.integers(min_value=0, max_value=len(links) - 1))
    altered = dict(links[victim].event)
    altered["tampered"] = True
    links[victim] = Link(links[victim].seq, links[victim].prev_hash, links[victim].hash, altered)
    broken = first_break(links)
    assert broken is not None
    assert broken.seq == victim + 1


@given(payloads)
def test_a_removed_event_is_named(events: list[dict[str, object]]) -> None:
    links = _chain([*events, {"x": 1}])
    del links[0]
    broken = first_break(links)
    assert broken is not None
    assert broken.seq == 2  # the survivor no longer chains onto the genesis

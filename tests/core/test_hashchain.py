from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiaoneng.core.hashchain import (
    GENESIS,
    Link,
    Seals,
    checkpoint_mac,
    first_break,
    hmac_sm3_hex,
    key_id,
    link_hash,
    link_mac,
    sm3_hex,
)

# Five engineers share two cores: a slow first draw is load, not a finding.
patient = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


@patient
@given(payloads)
def test_an_untouched_chain_is_whole(events: list[dict[str, object]]) -> None:
    assert first_break(_chain(events)) is None


@patient
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


@patient
@given(payloads)
def test_a_removed_event_is_named(events: list[dict[str, object]]) -> None:
    links = _chain([*events, {"x": 1}])
    del links[0]
    broken = first_break(links)
    assert broken is not None
    assert broken.seq == 2  # the survivor no longer chains onto the genesis


KEY = bytes(range(32))


def test_hmac_sm3_is_keyed_and_names_its_key() -> None:
    assert hmac_sm3_hex(KEY, b"abc") != sm3_hex(b"abc")
    assert hmac_sm3_hex(KEY, b"abc") != hmac_sm3_hex(KEY[::-1], b"abc")
    assert len(hmac_sm3_hex(KEY, b"abc")) == 64
    assert key_id(KEY) == key_id(bytes(KEY))
    assert key_id(KEY) != key_id(KEY[::-1])
    assert len(key_id(KEY)) == 16
    assert link_mac(KEY, 1, "a" * 64) != link_mac(KEY, 2, "a" * 64)
    fields = {"seq": 3, "hash": "b" * 64, "at": "2026-01-01T00:00:00+00:00", "key_id": "k"}
    assert checkpoint_mac(KEY, fields) == checkpoint_mac(KEY, {**fields, "mac": "ignored"})
    assert checkpoint_mac(KEY, fields) != checkpoint_mac(KEY, {**fields, "seq": 2})


def _sealed(events: list[dict[str, object]]) -> list[Link]:
    return [
        Link(
            link.seq,
            link.prev_hash,
            link.hash,
            link.event,
            key_id(KEY),
            link_mac(KEY, link.seq, link.hash),
        )
        for link in _chain(events)
    ]


def test_a_rehashed_chain_is_named_by_the_seal_of_the_altered_event() -> None:
    links = _sealed([{"n": i} for i in range(5)])
    assert first_break(links, seals=Seals({key_id(KEY): KEY})) is None
    # Alter #3 and re-hash from there: every SM3 link holds, #3's seal does not.
    rehashed = _chain([{"n": i} if i != 2 else {"n": 99} for i in range(5)])
    forged = links[:2] + [
        Link(link.seq, link.prev_hash, link.hash, link.event, links[k + 2].key_id, links[k + 2].mac)
        for k, link in enumerate(rehashed[2:])
    ]
    assert first_break(forged) is None
    broken = first_break(forged, seals=Seals({key_id(KEY): KEY}))
    assert broken is not None
    assert broken.seq == 3


def _unsealed(links: list[Link]) -> list[Link]:
    return [Link(link.seq, link.prev_hash, link.hash, link.event) for link in links]


def test_seals_refuse_an_unknown_key_and_a_downgrade_but_accept_an_unsealed_prefix() -> None:
    links = _sealed([{"n": i} for i in range(4)])
    unknown = first_break(links, seals=Seals({}))
    assert unknown is not None
    assert unknown.seq == 1
    assert "不在密钥环中" in unknown.reason
    seals = Seals({key_id(KEY): KEY})
    assert first_break(_unsealed(links[:2]) + links[2:], seals=seals) is None
    assert (seals.unsealed, seals.sealed_since) == (2, 3)
    broken = first_break(links[:2] + _unsealed(links[2:]), seals=Seals({key_id(KEY): KEY}))
    assert broken is not None
    assert broken.seq == 3
    assert "缺少密钥签名" in broken.reason

"""双随机一公开: the draw is replayable from its seed and snapshots (and a
tampered snapshot or seed is caught); the 统一社会信用代码 check character."""

from __future__ import annotations

import copy

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st
from inspection_support import FIRM_A, REGISTER_DAY, Firms, register

from xiaoneng.core.errors import Conflict, InvalidInput
from xiaoneng.core.timesource import travel_to
from xiaoneng.inspections import actions, creditcode, draws
from xiaoneng.inspections.models import Draw, Participant

pytestmark = pytest.mark.django_db

OFFICERS = (("王立", "GS-0103"), ("李梅", "GS-0101"), ("赵强", "GS-0102"), ("孙红", "GS-0104"))


def _drawn(firms: Firms) -> Draw:
    depthead = firms.users["depthead"]
    with travel_to(REGISTER_DAY):
        for name, cert in OFFICERS:
            actions.add_inspector(actor=depthead, name=name, certificate_no=cert)
    row = register(depthead, title="食品生产企业双随机抽查", items=["生产许可"])
    with travel_to(REGISTER_DAY):
        return actions.draw_targets(
            actor=depthead,
            activity_id=row.pk,
            enterprise_count=2,
            inspector_count=2,
            industry="食品",
        )


def test_the_draw_picks_from_the_sorted_lists_and_creates_the_targets(firms: Firms) -> None:
    draw = _drawn(firms)
    assert [r[0] for r in draw.enterprise_snapshot] == sorted(
        c
        for c in firms.codes
        if c != "91620700MA7100002F"  # the 建材 one is not 食品
    )
    assert [r[0] for r in draw.inspector_snapshot] == ["GS-0101", "GS-0102", "GS-0103", "GS-0104"]
    expected = draws.pick(draw.seed, draw.enterprise_snapshot, draw.inspector_snapshot, 2, 2)
    assert (draw.chosen_enterprises, draw.chosen_inspectors) == expected
    targets = set(draw.activity.target_enterprises.values_list("credit_code", flat=True))
    assert set(draw.chosen_enterprises) <= targets <= {FIRM_A, *draw.chosen_enterprises}
    drawn = Participant.objects.filter(activity=draw.activity, inspector__isnull=False)
    assert sorted(p.inspector.certificate_no for p in drawn) == sorted(draw.chosen_inspectors)
    with travel_to(REGISTER_DAY), pytest.raises(Conflict):
        actions.draw_targets(
            actor=firms.users["depthead"],
            activity_id=draw.activity_id,
            enterprise_count=1,
            inspector_count=1,
        )


def test_a_draw_asks_for_no_more_than_the_lists_hold(firms: Firms) -> None:
    depthead = firms.users["depthead"]
    row = register(depthead)
    with travel_to(REGISTER_DAY), pytest.raises(InvalidInput) as err:
        actions.draw_targets(
            actor=depthead, activity_id=row.pk, enterprise_count=9, inspector_count=1
        )
    assert err.value.code == "inspection_draw_count_invalid"


def test_the_replay_matches_and_a_tampered_snapshot_or_seed_does_not(firms: Firms) -> None:
    draw = _drawn(firms)
    assert draws.replay(draw).matches
    tampered = copy.copy(draw)
    tampered.enterprise_snapshot = list(reversed(draw.enterprise_snapshot))
    again = draws.replay(tampered)
    assert not again.digest_ok
    assert not again.matches
    reseeded = copy.copy(draw)
    reseeded.seed = draw.seed[::-1]
    # A different seed over the same lists: the digest holds, the result need not.
    assert draws.replay(reseeded).digest_ok
    forged = copy.copy(draw)
    forged.chosen_enterprises = list(reversed(draw.chosen_enterprises))
    assert not draws.replay(forged).result_ok


def test_the_public_replay_page_and_api(firms: Firms, client: Client) -> None:
    draw = _drawn(firms)
    # Pending: not public yet.
    assert client.get(f"/inspections/random/{draw.pk}/replay/").status_code == 404
    with travel_to(REGISTER_DAY):
        actions.approve_activity(actor=firms.users["leader"], activity_id=draw.activity_id)
    page = client.get(f"/inspections/random/{draw.pk}/replay/")
    assert page.status_code == 200
    assert 'data-replay="match"' in page.content.decode()
    api = client.get(f"/api/v1/inspections/draws/{draw.pk}/replay").json()
    assert api["matches"]
    assert api["replayed_enterprises"] == draw.chosen_enterprises
    listed = client.get("/inspections/random/").content.decode()
    assert "食品生产企业双随机抽查" in listed
    Draw.objects.filter(pk=draw.pk).update(enterprise_snapshot=draw.enterprise_snapshot[:2])
    assert not client.get(f"/api/v1/inspections/draws/{draw.pk}/replay").json()["matches"]


BODY = st.text(alphabet=creditcode.ALPHABET, min_size=17, max_size=17)


@given(BODY)
def test_a_code_with_its_check_character_is_valid(body: str) -> None:
    code = body + creditcode.check_char(body)
    assert creditcode.is_valid(code)
    assert creditcode.is_valid(f"  {code.lower()} ")


@given(BODY, st.integers(0, 17), st.sampled_from(creditcode.ALPHABET))
def test_any_single_character_changed_is_caught(body: str, at: int, char: str) -> None:
    code = body + creditcode.check_char(body)
    changed = code[:at] + char + code[at + 1 :]
    assert creditcode.is_valid(changed) == (changed == code)


@pytest.mark.parametrize(
    "code",
    ["", "9162070", "91620700MA7100001C0", "91620700MA71000O1C", "91620700MA7100001D"],
)
def test_malformed_codes_are_refused(code: str) -> None:
    assert not creditcode.is_valid(code)

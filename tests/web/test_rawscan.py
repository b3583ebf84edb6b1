"""The raw-code scanner's rules (tests/web/rawscan.py), each shown once failing
and once passing: what counts as visible text, and what is a finding."""

from __future__ import annotations

import pytest

from web.rawscan import scan_html, visible_segments

CODES = frozenset({"score.ranking_published", "case.accepted"})


def _rules(html: str) -> list[str]:
    return [f.rule for f in scan_html(html, CODES)]


def test_visible_text_leaves_out_attributes_scripts_and_styles() -> None:
    html = (
        '<p data-code="order_due_in_past" title="x_y">答复期限<b>不能</b>早于今天</p>'
        '<script>var a_b = {"k": 1};</script><style>.a_b{}</style>'
        '<input value="2026-12-04"><td>2026-12-04</td>'
    )
    assert visible_segments(html) == ["答复期限不能早于今天", "2026-12-04"]
    assert _rules(html) == []


@pytest.mark.parametrize(
    ("html", "rule"),
    [
        ("<p>答复期限不能早于今天（order_due_in_past）</p>", "snake"),
        ("<td>score.ranking_published</td>", "snake"),
        ("<td>case.accepted</td>", "snake"),  # a declared event type, though no underscore
        ('<td>{"username": "admin"}</td>', "json"),
        ('<td>["a", "b"]</td>', "json"),
        ("<p>期限 <time>2026-12-04</time> 前答复</p>", "iso"),
        ("<li>rating #997</li>", "ref"),
    ],
)
def test_each_rule_finds_its_kind(html: str, rule: str) -> None:
    assert rule in _rules(html)


@pytest.mark.parametrize(
    "html",
    [
        "<td>2026-12-04</td>",  # a date alone in a cell
        "<td>2026-12-04</td><td>期限</td>",  # its neighbour cell is another segment
        "<p>期限 2026年12月4日</p>",
        "<p>catalog.xlsx 与 www.gov.cn</p>",  # dotted, not a declared code
        "<p>见 /api/v1/open_data</p>",  # a path, not a code
        "<p>第 997 号</p>",
        "<p>合计 [3 项]</p>",
    ],
)
def test_what_people_may_read_is_not_a_finding(html: str) -> None:
    assert _rules(html) == []

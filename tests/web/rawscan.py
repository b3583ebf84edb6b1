"""What a person reads on a rendered page, and the codes in it that no person
should read (tests/test_no_raw_codes.py, tests/web/test_rawscan.py).

Visible text is the page's text outside tags: script, style, template and
<noscript> contents are left out, and so is every attribute (a `data-code`,
a `title`, an input's `value` are for machines and support staff). The text
is cut into *segments* at block boundaries (p, div, li, td, th, dt, dd, h1–h6,
br, option, …); inline elements (a, span, b, time, …) do not cut, so
"期限 <time>2026-12-04</time> 前" is one segment.

A finding is one of:
- `snake`: a snake_case token (`order_due_in_past`, `api_key`) or a declared
  audit event type / error code (`score.ranking_published`, `conflict`
  counts only when dotted or underscored: plain English words are not codes);
- `json`: a JSON object or array (`{"a": …`, `[{`, `["`);
- `iso`: an ISO date (YYYY-MM-DD) in a segment holding any Chinese character:
  a date alone in a table cell or an input value is allowed, a date inside a
  Chinese sentence is not (it should read 2026年12月4日 or 12月4日);
- `ref`: a "#123" reference standing for a row instead of its name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

HIDDEN = {"script", "style", "template", "noscript", "svg"}
BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "optgroup",
    "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "title", "tr", "ul", "button", "select", "textarea",
}  # fmt: skip
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col"}

SNAKE = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w/@-])")
DOTTED = re.compile(r"(?<![\w./:@-])[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+(?![\w/@-])")
JSON = re.compile(r"\{\s*\"[^\"]*\"\s*:|\[\s*[\{\"]")
ISO = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
CJK = re.compile(r"[\u4e00-\u9fff]")
REF = re.compile(r"(?<![\w&#/])#\d+\b")


@dataclass(frozen=True)
class Finding:
    rule: str  # snake, json, iso, ref
    token: str
    segment: str

    def __str__(self) -> str:
        return f"[{self.rule}] {self.token!r} in “{self.segment[:120]}”"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self._current: list[str] = []
        self._hidden = 0

    def _cut(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.segments.append(text)
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self._hidden += 1
        elif tag in BLOCKS:
            self._cut()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BLOCKS:
            self._cut()

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCKS:
            self._cut()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._current.append(data)


def visible_segments(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._cut()
    return parser.segments


def scan_segment(segment: str, codes: frozenset[str] = frozenset()) -> list[Finding]:
    """The findings in one segment of visible text. `codes`: the declared
    event types and error codes (a dotted token is a finding only if it is one)."""
    found = [Finding("snake", m.group(), segment) for m in SNAKE.finditer(segment)]
    found += [
        Finding("snake", m.group(), segment)
        for m in DOTTED.finditer(segment)
        if m.group() in codes or "_" in m.group()
    ]
    found += [Finding("json", m.group(), segment) for m in JSON.finditer(segment)]
    if CJK.search(segment):
        found += [Finding("iso", m.group(), segment) for m in ISO.finditer(segment)]
    found += [Finding("ref", m.group(), segment) for m in REF.finditer(segment)]
    return found


def scan_html(html: str, codes: frozenset[str] = frozenset()) -> list[Finding]:
    return [f for segment in visible_segments(html) for f in scan_segment(segment, codes)]

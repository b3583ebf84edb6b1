"""Does a page fit the screen? The checks the staff walk and the all-pages
width test share (issue 19, item 12): no horizontal overflow of the document,
no action (button, link styled as one) cut off at the viewport's edge, and on
a phone no table column so narrow that its text wraps one character a line."""

from __future__ import annotations

from typing import Any

# The document is no wider than the window (a 1 px rounding allowance).
OVERFLOW_JS = "() => [document.documentElement.scrollWidth, window.innerWidth]"

# What sticks out on the right, to name the culprit: the outermost elements
# past the window's edge that no sideways-scrolling container holds.
CULPRITS_JS = """
() => {
  const width = window.innerWidth;
  const out = [];
  const held = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x === 'auto' || x === 'scroll' || x === 'hidden') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right <= width + 1 || r.width === 0) continue;
    if (el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1) continue;
    if (held(el)) continue;
    const cls = (el.getAttribute('class') || '').split(/\\s+/).slice(0, 2).join('.');
    out.push(`${el.tagName.toLowerCase()}${cls ? '.' + cls : ''} → ${Math.round(r.right)}`);
  }
  return out.slice(0, 3);
}
"""

# The visible actions of <main> whose box leaves the viewport. With
# `allowScroll`, an action inside a table container that scrolls sideways
# (overflow-x auto and wider content) counts as reachable when that container
# itself sits inside the viewport: the person scrolls the table, not the page.
CLIPPED_JS = """
(allowScroll) => {
  const width = window.innerWidth;
  const inside = (r) => r.left >= -1 && r.right <= width + 1;
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      const scrolls = s.overflowX === 'auto' || s.overflowX === 'scroll';
      if (scrolls && p.scrollWidth > p.clientWidth + 1) return p;
    }
    return null;
  };
  const out = [];
  const actions = document.querySelectorAll(
    'main button, main .xn-btn, main input[type=submit], main .xn-page-actions a');
  for (const el of actions) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || el.closest('[hidden], dialog:not([open])')) continue;
    if (inside(r)) continue;
    const box = allowScroll ? scroller(el) : null;
    if (box && inside(box.getBoundingClientRect())) continue;
    const name = (el.innerText || el.value || el.getAttribute('aria-label') || el.tagName).trim();
    out.push(`${name.slice(0, 24)} [${Math.round(r.left)}, ${Math.round(r.right)}] > ${width}`);
  }
  return out;
}
"""

# Table cells of visible tables narrower than 3em whose text is longer than
# two characters and wraps (more than two lines): one character per line.
NARROW_JS = """
() => {
  const out = [];
  for (const cell of document.querySelectorAll('main table td, main table th')) {
    const r = cell.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const text = (cell.innerText || '').trim();
    if (text.length < 3) continue;
    const style = getComputedStyle(cell);
    const em = parseFloat(style.fontSize) || 14;
    const line = parseFloat(style.lineHeight) || em * 1.5;
    if (r.width < 3 * em && r.height > 2.5 * line) {
      out.push(`${text.slice(0, 16)} (${Math.round(r.width)}px)`);
    }
  }
  return out.slice(0, 5);
}
"""


def overflow(page: Any) -> int:
    """By how many pixels the document is wider than the window (0: fits)."""
    scroll_width, inner_width = page.evaluate(OVERFLOW_JS)
    return max(0, int(scroll_width) - int(inner_width) - 1)


def clipped_actions(page: Any, *, allow_scroll: bool = True) -> list[str]:
    return list(page.evaluate(CLIPPED_JS, allow_scroll))


def narrow_columns(page: Any) -> list[str]:
    return list(page.evaluate(NARROW_JS))


def misfits(page: Any, *, phone: bool = False, allow_scroll: bool = True) -> list[str]:
    """Everything that does not fit on the page now, in words (empty: it fits)."""
    found = []
    if extra := overflow(page):
        culprits = ", ".join(page.evaluate(CULPRITS_JS))
        found.append(f"document {extra}px wider than the window ({culprits})")
    found += [f"clipped: {c}" for c in clipped_actions(page, allow_scroll=allow_scroll)]
    if phone:
        found += [f"one character a line: {c}" for c in narrow_columns(page)]
    return found

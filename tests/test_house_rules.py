"""The size rules of the house (docs/code-style.md), held on the product's code:
no module over 600 lines, no function over 80. A module that grows past them is
split by subject (see supervision/actions/ and supervision/anomalies/), a long
function into named steps. Migrations are generated and do not count."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "xiaoneng"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80


def product_modules() -> list[Path]:
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def long_functions(source: str, limit: int) -> list[tuple[str, int]]:
    """(name, lines) of every function or method longer than the limit."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > limit:
                found.append((node.name, length))
    return found


def test_the_product_has_modules_to_check() -> None:
    assert len(product_modules()) > 200


def test_no_module_is_over_600_lines() -> None:
    too_long = {
        str(path.relative_to(SRC)): lines
        for path in product_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


def test_no_function_is_over_80_lines() -> None:
    too_long = {
        f"{path.relative_to(SRC)}:{name}": lines
        for path in product_modules()
        for name, lines in long_functions(path.read_text(encoding="utf-8"), MAX_FUNCTION_LINES)
    }
    assert too_long == {}


@pytest.mark.parametrize(("body_lines", "expected"), [(78, []), (79, [("f", 81)])])
def test_the_function_rule_counts_the_whole_definition(
    body_lines: int, expected: list[tuple[str, int]]
) -> None:
    source = "def f():\n" + "    x = 1\n" * body_lines + "    return x\n"
    assert long_functions(source, MAX_FUNCTION_LINES) == expected


def test_api_schema_names_are_unique() -> None:
    """django-ninja names an OpenAPI component after its class: two schemas of
    one name in two apps silently overwrite each other in the document."""
    pattern = re.compile(r"^class (\w+)\((?:\w+\.)?(?:Schema|ModelSchema|FilterSchema)\)", re.M)
    seen: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for name in pattern.findall(path.read_text(encoding="utf-8")):
            seen.setdefault(name, []).append(str(path.relative_to(SRC)))
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}


def test_today_comes_from_the_timesource() -> None:
    """A page's "today" and a form's default year come from `core.timesource`,
    which tests and the demo history move; Django's localdate() does not move
    (the portal showed the real date on a travelled day)."""
    offenders = [
        str(p.relative_to(SRC))
        for p in product_modules()
        if "localdate(" in p.read_text(encoding="utf-8") and p.name != "timesource.py"
    ]
    assert offenders == []

"""The two codes of a dossier: GB 32100 credit codes and project codes."""

from __future__ import annotations

import pytest

from xiaoneng.projects.codes import (
    credit_check_char,
    credit_code_problem,
    project_code_problem,
)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y43",  # the example of GB 32100—2015
        "91620702MA74Q8R2XB",
        "916207002244123451",
    ],
)
def test_valid_credit_codes(code: str) -> None:
    assert credit_code_problem(code) is None


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("91350100M000100Y4", "18位"),  # too short
        ("91350100M000100Y44", "校验位"),  # wrong check character
        ("91350100M00O100Y43", "不允许的字符"),  # letter O is not in the charset
        ("913501O0M000100Y43", "不允许的字符"),
        ("91ABCDEFM000100Y43", "行政区划码"),
    ],
)
def test_invalid_credit_codes(code: str, why: str) -> None:
    problem = credit_code_problem(code)
    assert problem is not None
    assert why in problem


def test_check_char_wraps_31_to_0() -> None:
    # Every check character is one of the charset, including the 31 → "0" case.
    for tail in range(200):
        body = f"9162070200{tail:07d}"
        assert len(body) == 17
        check = credit_check_char(body)
        assert credit_code_problem(body + check) is None


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("2026-620702-01-03-000118", True),
        ("2026-620702-1-03-000118", False),
        ("2026620702-01-03-000118", False),
        ("1899-620702-01-03-000118", False),
        ("", False),
    ],
)
def test_project_codes(code: str, ok: bool) -> None:
    assert (project_code_problem(code) is None) is ok

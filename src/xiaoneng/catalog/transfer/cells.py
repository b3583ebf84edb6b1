"""Cell codecs: a value as a spreadsheet shows it, and back. Choice cells show
the label and accept the label or the code."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xiaoneng.core.errors import InvalidInput


class Omit:
    """A blank cell that leaves the field as it is (or at its default)."""

    def __repr__(self) -> str:
        return "OMIT"


OMIT = Omit()
TRUE_WORDS = {"是", "1", "y", "yes", "true", "√"}
FALSE_WORDS = {"否", "0", "n", "no", "false", "×"}
LIST_SEPARATORS = re.compile(r"[、,，;；\n]+")


class CellError(InvalidInput):
    code = "catalog_cell_invalid"


def split_list(text: str) -> list[str]:
    return [part.strip() for part in LIST_SEPARATORS.split(text) if part.strip()]


@dataclass(frozen=True)
class Text:
    def dump(self, value: Any) -> str:
        return "" if value is None else str(value)

    def load(self, text: str) -> Any:
        return text


@dataclass(frozen=True)
class Integer:
    """Non-negative; blank means OMIT, or None when `nullable`."""

    nullable: bool = False

    def dump(self, value: Any) -> str:
        return "" if value is None else str(value)

    def load(self, text: str) -> Any:
        if not text:
            return None if self.nullable else OMIT
        if not re.fullmatch(r"\d{1,5}", text):
            raise CellError(f"“{text}”不是非负整数")
        return int(text)


@dataclass(frozen=True)
class Boolean:
    def dump(self, value: Any) -> str:
        return "是" if value else "否"

    def load(self, text: str) -> Any:
        word = text.lower()
        if not word:
            return OMIT
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellError(f"“{text}”应为“是”或“否”")


@dataclass(frozen=True)
class Choice:
    choices: Sequence[tuple[str, str]]

    def dump(self, value: Any) -> str:
        return dict(self.choices).get(value, str(value))

    def load(self, text: str) -> Any:
        if not text:
            return OMIT
        for code, label in self.choices:
            if text in (code, label):
                return code
        labels = "、".join(label for _, label in self.choices)
        raise CellError(f"“{text}”不在可选值中（{labels}）")


@dataclass(frozen=True)
class MultiChoice:
    choices: Sequence[tuple[str, str]]
    omit_blank: bool = False

    def dump(self, value: Any) -> str:
        return "、".join(Choice(self.choices).dump(v) for v in value or [])

    def load(self, text: str) -> Any:
        if not text and self.omit_blank:
            return OMIT
        codes: list[str] = []
        for part in split_list(text):
            code = Choice(self.choices).load(part)
            if code not in codes:
                codes.append(code)
        return codes


@dataclass(frozen=True)
class Codes:
    """A list of codes (fee-catalog codes)."""

    def dump(self, value: Any) -> str:
        return "、".join(value or [])

    def load(self, text: str) -> Any:
        return split_list(text)


@dataclass(frozen=True)
class CoDepartments:
    """共同实施部门: one entry per department, "机构编码 名称:意见时限:会签内容",
    entries separated by "；" or new lines. Only the code is required: the
    name is for the reader (ignored on import), a missing time limit takes the
    parameter's default."""

    def dump(self, value: Any) -> str:
        return "；".join(
            f"{row['department']} {row['name']}:{row['opinion_limit_days']}:{row['duty']}"
            for row in value
        )

    def load(self, text: str) -> Any:
        entries = []
        for part in re.split(r"[；;\n]+", text):
            if not part.strip():
                continue
            # Either colon separates the first fields; the duty keeps its own.
            head, days_text, duty = [*re.split(r"[:：]", part, maxsplit=2), "", ""][:3]
            words = head.split()
            days_text = days_text.strip()
            if not words or (days_text and not days_text.isdigit()):
                raise CellError(f"“{part.strip()}”应写成“机构编码 名称:意见时限:会签内容”")
            entries.append(
                {
                    "department": words[0],
                    "opinion_limit_days": int(days_text) if days_text else None,
                    "duty": duty.strip(),
                }
            )
        return entries

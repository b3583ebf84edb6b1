"""Text that can be stored: UTF-8 with no lone surrogates and no NUL.

JSON lets a client send "\\ud800" (half of a surrogate pair) or "\\u0000";
Python decodes both into a `str` that no database here can store: SQLite's
driver cannot encode a lone surrogate as UTF-8, and PostgreSQL refuses NUL
in text. Such input is refused at the door (`unstorable`), and what is only
recorded, never acted on (the operation log), is cleaned (`scrub`)."""

from __future__ import annotations

import json
import re

# A UTF-16 surrogate code point on its own (Python strings hold code points,
# so any surrogate in a `str` is a lone one) or NUL.
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"


def storable(text: str) -> bool:
    return _UNSTORABLE.search(text) is None


def scrub(text: str) -> str:
    """`text` with every lone surrogate and NUL replaced by U+FFFD."""
    return _UNSTORABLE.sub(REPLACEMENT, text)


def unstorable(value: object, *, limit: int = 10) -> list[str]:
    """Where a decoded JSON document holds a string (a key or a value) that
    cannot be stored, as paths like `note` or `materials[2].name` (`$` for
    the document itself); at most `limit` of them. Walks with its own stack,
    so however deep the document nests, no RecursionError."""
    found: list[str] = []
    stack: list[tuple[object, str]] = [(value, "")]
    while stack and len(found) < limit:
        item, path = stack.pop()
        if isinstance(item, str):
            if not storable(item):
                found.append(path or "$")
        elif isinstance(item, dict):
            for key, child in reversed(item.items()):
                name = str(key)
                here = f"{path}.{scrub(name)}" if path else scrub(name)
                if not storable(name):
                    found.append(here)
                stack.append((child, here))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{path}[{i}]") for i, child in reversed(list(enumerate(item))))
    return found[:limit]


class Unstorable(ValueError):
    """A JSON body that is not UTF-8 or holds text that cannot be stored."""

    code = "invalid_encoding"
    message = "请求内容含有无法保存的字符（须为 UTF-8 文本，不得含有孤立的代理码位或空字符）"

    def __init__(self, fields: list[str] | None = None) -> None:
        super().__init__(self.message)
        self.fields = fields or []


class NotJson(ValueError):
    code = "invalid_json"
    message = "请求体不是有效的 JSON"

    def __init__(self) -> None:
        super().__init__(self.message)


def load_json(body: bytes) -> object:
    """A JSON request body, decoded strictly: UTF-8 only (Python's codec also
    refuses encoded surrogates such as ED A0 80), and no string that cannot
    be stored. Raises Unstorable or NotJson."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Unstorable() from None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested past ~1,000 levels
        raise NotJson() from None
    fields = unstorable(data)
    if fields:
        raise Unstorable(fields)
    return data

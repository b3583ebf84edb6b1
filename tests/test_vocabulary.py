"""The registered vocabularies (issue 17, item 7): every error code and audit
event type the source writes is declared in its app's vocabulary.py, nothing
declared is unused, `record_event` refuses an undeclared type, and the
OpenAPI document lists the codes.

The source is read with `ast`: a code is written as `code="…"` (or a
conditional of literals) in any call but a query's, as a class's `code = "…"`,
or positionally to the helpers that take a code (HELPERS); an event type as
`event_type=…` (a literal, a module constant, or an f-string matched as a
pattern)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction

from xiaoneng.audit.actions import record_event
from xiaoneng.audit.models import AuditEvent
from xiaoneng.core import vocabulary
from xiaoneng.core.vocabulary import VocabularyError

SRC = Path(__file__).resolve().parent.parent / "src" / "xiaoneng"

# Query methods take `code=` as a column (Role.objects.filter(code="admin")).
QUERY_METHODS = {"filter", "exclude", "get", "create", "get_or_create", "update_or_create"}
# Helpers that take an error code positionally: name → the argument's index.
HELPERS = {
    "invalid": 1,  # catalog/rules.py
    "_invalid": 1,  # calendar/actions.py
    "_fail": 0,  # core/clock
    "fail": 0,  # core/clock
    "_choice": 2,  # projects/actions.py, disclosure/actions.py
    "_respond": 3,  # api/errors.py (api, request, status, code, message)
    "_error": 1,  # bigscreen/views.py
    "error_body": 1,  # system/middleware.py
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield str(path.relative_to(SRC)), ast.parse(path.read_text(encoding="utf-8"))


def _literals(node: ast.expr) -> list[str]:
    """The strings an expression can be: a literal, either arm of a
    conditional, the default of `table.get(key, default)`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "get"
        and len(node.args) == 2
    ):
        return _literals(node.args[1])
    return []


def _callee(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def written_codes() -> dict[str, str]:
    """Each error code written in src → where (first place)."""
    found: dict[str, str] = {}
    for where, tree in _modules():
        for node in ast.walk(tree):
            values: list[ast.expr] = []
            if isinstance(node, ast.Call) and _callee(node) not in QUERY_METHODS:
                values += [kw.value for kw in node.keywords if kw.arg == "code"]
                index = HELPERS.get(_callee(node))
                if index is not None and len(node.args) > index:
                    values.append(node.args[index])
            elif isinstance(node, ast.ClassDef):
                values += [
                    st.value
                    for st in node.body
                    if isinstance(st, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "code" for t in st.targets)
                ]
            for value in values:
                for code in _literals(value):
                    found.setdefault(code, f"{where}:{value.lineno}")
    return found


def written_events() -> tuple[dict[str, str], dict[str, str]]:
    """Event types written in src → where, and f-string patterns → where."""
    literals: dict[str, str] = {}
    patterns: dict[str, str] = {}
    for where, tree in _modules():
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or _callee(node) in QUERY_METHODS:
                continue
            for kw in node.keywords:
                if kw.arg != "event_type":
                    continue
                place = f"{where}:{kw.value.lineno}"
                if isinstance(kw.value, ast.JoinedStr):
                    parts = [
                        re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z_]+"
                        for p in kw.value.values
                    ]
                    patterns.setdefault("".join(parts), place)
                elif isinstance(kw.value, ast.Name) and kw.value.id in constants:
                    literals.setdefault(constants[kw.value.id], place)
                for event_type in _literals(kw.value):
                    literals.setdefault(event_type, place)
    return literals, patterns


def _declared_strings() -> set[str]:
    """Every string literal in src outside the declarations themselves (the
    EVENTS / ERRORS tables of the vocabulary modules, core's registry)."""
    strings: set[str] = set()
    for where, tree in _modules():
        if where == "core/vocabulary.py":
            continue
        skip: set[int] = set()
        if where.endswith("/vocabulary.py"):
            for node in tree.body:
                if isinstance(node, ast.AnnAssign | ast.Assign) and node.value is not None:
                    skip.update(id(n) for n in ast.walk(node.value))
        strings.update(
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
        )
    return strings


def test_every_error_code_written_is_registered() -> None:
    unregistered = {c: w for c, w in written_codes().items() if not vocabulary.known_error(c)}
    assert unregistered == {}, "declare these codes in ERRORS of the app's vocabulary.py"


def test_every_event_type_written_is_registered() -> None:
    literals, patterns = written_events()
    unregistered = {e: w for e, w in literals.items() if not vocabulary.known_event(e)}
    assert unregistered == {}, "declare these event types in EVENTS of the app's vocabulary.py"
    for pattern, where in patterns.items():
        assert any(re.fullmatch(pattern, e) for e in vocabulary.events()), (pattern, where)


def test_nothing_registered_is_unused() -> None:
    literals, patterns = written_events()
    unused_events = [
        e
        for e in vocabulary.events()
        if e not in literals and not any(re.fullmatch(p, e) for p in patterns)
    ]
    assert unused_events == []
    strings = _declared_strings()
    assert [c for c in vocabulary.errors() if c not in strings] == []


def test_a_name_has_one_owner() -> None:
    owner = vocabulary.owners()["case.accepted"]
    vocabulary.register_events(owner, {"case.accepted": "受理"})  # the same again: harmless
    with pytest.raises(VocabularyError, match="declared by both"):
        vocabulary.register_events("someone_else", {"case.accepted": "受理"})
    with pytest.raises(VocabularyError, match="declared by both"):
        vocabulary.register_errors("someone_else", {"case_not_found": "办件不存在"})


@pytest.mark.django_db
def test_record_event_refuses_an_unregistered_type() -> None:
    with transaction.atomic():
        with pytest.raises(VocabularyError, match=r"case\.acepted"):
            record_event(actor=None, event_type="case.acepted", object_type="case")
        record_event(actor=None, event_type="case.accepted", object_type="case")
    assert list(AuditEvent.objects.values_list("event_type", flat=True)) == ["case.accepted"]


def test_the_openapi_document_lists_the_error_codes(client: object) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["Error"]
    codes = schema["properties"]["code"]["enum"]
    assert "case_not_found" in codes
    assert codes == sorted(vocabulary.errors())
    assert schema["required"] == ["code", "message", "detail"]

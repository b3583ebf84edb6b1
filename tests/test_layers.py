"""The import contract of pyproject.toml ([tool.importlinter]): the tree keeps
its layers, and the contract really fails on a new violation. `./xiaoneng
test` also runs it as `lint-imports`; this test proves it has teeth."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.independence import IndependenceContract
from importlinter.contracts.layers import LayersContract
from importlinter.domain.contract import Contract

KINDS: dict[str, type[Contract]] = {"layers": LayersContract, "independence": IndependenceContract}


@cache
def _config() -> dict[str, Any]:
    return read_configuration()


@cache
def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("xiaoneng", exclude_type_checking_imports=True)


def _contract(contract_id: str) -> Contract:
    config = _config()
    options = next(c for c in config["contracts_options"] if c["id"] == contract_id)
    kind = KINDS[options["type"]]
    return kind(options["name"], config["session_options"], options)


def _kept(contract_id: str, *extra: tuple[str, str]) -> bool:
    """The contract checked against today's graph plus some imports added to
    an in-memory copy (the tree on disk is untouched)."""
    graph = _graph()
    if extra:
        graph = copy.deepcopy(graph)
        for importer, imported in extra:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents="")
    return bool(_contract(contract_id).check(graph, verbose=False).kept)


@pytest.mark.parametrize("contract_id", ["layers", "faces"])
def test_the_tree_keeps_its_contracts(contract_id: str) -> None:
    assert _kept(contract_id)


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        ("xiaoneng.core.errors", "xiaoneng.cases.models"),  # pure core reaching a domain
        ("xiaoneng.audit.selectors", "xiaoneng.org.authority"),  # the old audit ↔ org knot
        ("xiaoneng.web.outcome", "xiaoneng.projects.selectors"),  # the kit reaching a domain
        ("xiaoneng.catalog.models", "xiaoneng.cases.models"),  # a lower domain reaching up
        ("xiaoneng.org.models", "xiaoneng.demo.city_data"),  # production code reaching demo
    ],
)
def test_the_layers_contract_fails_on_a_new_upward_import(importer: str, imported: str) -> None:
    assert not _kept("layers", (importer, imported))


def test_the_faces_contract_fails_when_one_face_imports_another() -> None:
    assert not _kept("faces", ("xiaoneng.portal.views.common", "xiaoneng.bigscreen.selectors"))


def test_no_app_has_an_import_cycle_between_its_modules() -> None:
    """Inside an app too (supervision's actions, anomalies, notify and tasks
    once imported each other in a ring): no two modules or subpackages of an
    app reach each other."""
    graph = _graph()
    rings = []
    for app in sorted(graph.find_children("xiaoneng")):
        parts = sorted(graph.find_children(app))
        for i, one in enumerate(parts):
            for other in parts[i + 1 :]:
                if graph.chain_exists(one, other, as_packages=True) and graph.chain_exists(
                    other, one, as_packages=True
                ):
                    rings.append((one, other))
    assert rings == []

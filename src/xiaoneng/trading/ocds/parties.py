"""The organisations of a release and how they are identified.

- An enterprise (`Party`) by its 统一社会信用代码 (GB 32100) under the scheme
  "CN-USCC": the code every Chinese register and the national public
  resource trading platform use for it. org-id.guide lists no scheme for it
  yet, so the prefix is ours, kept short and stable; its party id is
  "CN-USCC-<code>".
- A government unit (`Department`, the tenderer and the regulator) by its
  code in the house's organisation register under "CN-XN-DEPT" (party id
  "CN-XN-DEPT-620700014"), with its credit code as an additional
  identifier when the register holds one.
- Never a contact, a phone or a legal representative: OCDS `contactPoint`
  is left out on purpose (personal data)."""

from __future__ import annotations

from typing import Any

from xiaoneng.org.models import Department
from xiaoneng.trading.models import Party

USCC = "CN-USCC"
DEPT = "CN-XN-DEPT"


def party_id(party: Party) -> str:
    return f"{USCC}-{party.credit_code}"


def department_id(department: Department) -> str:
    return f"{DEPT}-{department.code}"


def reference(party_or_department: Party | Department) -> dict[str, str]:
    """An OrganizationReference: id and name."""
    if isinstance(party_or_department, Party):
        return {"id": party_id(party_or_department), "name": party_or_department.name}
    return {"id": department_id(party_or_department), "name": party_or_department.name}


def enterprise(party: Party, roles: list[str]) -> dict[str, Any]:
    return {
        **reference(party),
        "identifier": {"scheme": USCC, "id": party.credit_code, "legalName": party.name},
        "roles": roles,
    }


def government(department: Department, roles: list[str]) -> dict[str, Any]:
    extra = (
        [{"scheme": USCC, "id": department.credit_code, "legalName": department.name}]
        if department.credit_code
        else []
    )
    return {
        **reference(department),
        "identifier": {"scheme": DEPT, "id": department.code, "legalName": department.name},
        "additionalIdentifiers": extra,
        "roles": roles,
    }


class PartyList:
    """The parties of one release, each once, its roles gathered in the order
    first given (so the same party keeps its place from release to release)."""

    def __init__(self) -> None:
        self._rows: dict[str, dict[str, Any]] = {}

    def add(self, row: dict[str, Any]) -> None:
        known = self._rows.get(row["id"])
        if known is None:
            self._rows[row["id"]] = row
            return
        known["roles"] += [r for r in row["roles"] if r not in known["roles"]]

    def add_department(self, department: Department, *roles: str) -> None:
        self.add(government(department, list(roles)))

    def add_party(self, party: Party, *roles: str) -> None:
        self.add(enterprise(party, list(roles)))

    def rows(self) -> list[dict[str, Any]]:
        return list(self._rows.values())

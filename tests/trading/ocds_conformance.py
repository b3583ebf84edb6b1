"""OCDS 1.1.5 conformance of what trading publishes, offline (tests only:
jsonschema and ocdsmerge are dev dependencies).

- `schema_problems(package, "release"|"record")`: Draft 4 validation of a
  package against the shipped package schema, its `$ref`s to the release
  schema resolved to `release-schema.json` here, with a FormatChecker.
  jsonschema checks "date-time" and "uri" only when rfc3339-validator and
  rfc3987 are installed (they are not here), so `format_problems` checks
  them itself: every date an ISO 8601 moment with an offset, every url absolute.
- `codelist_problems(release)`: each coded field in its codelist (closed
  and open ones alike: the schema's enums cover only the closed).
- `merged(releases)`: the compiled release by ocdsmerge, schema passed as a
  dict (no network)."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any

import ocdsmerge
from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT4

from xiaoneng.trading.ocds.values import STANDARD, codelist

DATE_KEYS = {"date", "datePublished", "startDate", "endDate", "dateSigned", "publishedDate"}
URL_KEYS = {"url", "uri", "next", "prev"}


@cache
def schema(name: str) -> dict[str, Any]:
    with (STANDARD / f"{name}-schema.json").open(encoding="utf-8") as handle:
        return json.load(handle)  # type: ignore[no-any-return]


def _validator(kind: str) -> Draft4Validator:
    release = schema("release")
    registry: Registry[Any] = Registry().with_resource(
        release["id"], DRAFT4.create_resource(release)
    )
    return Draft4Validator(
        schema(f"{kind}-package"), registry=registry, format_checker=FormatChecker()
    )


def schema_problems(package: dict[str, Any], kind: str) -> list[str]:
    problems = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(kind).iter_errors(package)
    ]
    return problems + format_problems(package)


def format_problems(value: Any, where: str = "") -> list[str]:
    problems: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{where}/{key}"
            if key in DATE_KEYS and isinstance(item, str):
                moment = datetime.fromisoformat(item)
                if moment.utcoffset() is None or not item.endswith("+08:00"):
                    problems.append(f"{here}: {item} has no +08:00 offset")
            elif key in URL_KEYS and isinstance(item, str) and not item.startswith("http"):
                problems.append(f"{here}: {item} is not absolute")
            else:
                problems += format_problems(item, here)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems += format_problems(item, f"{where}/{i}")
    return problems


def _check(problems: list[str], where: str, value: Any, name: str) -> None:
    if value is not None and value not in codelist(name):
        problems.append(f"{where}: {value!r} not in {name}")


def codelist_problems(release: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    for tag in release["tag"]:
        _check(problems, "tag", tag, "releaseTag")
    _check(problems, "initiationType", release["initiationType"], "initiationType")
    for party in release.get("parties", []):
        for role in party.get("roles", []):
            _check(problems, f"parties/{party['id']}/roles", role, "partyRole")
    tender = release.get("tender", {})
    _check(problems, "tender/status", tender.get("status"), "tenderStatus")
    _check(problems, "tender/procurementMethod", tender.get("procurementMethod"), "method")
    _check(problems, "tender/awardCriteria", tender.get("awardCriteria"), "awardCriteria")
    category = tender.get("mainProcurementCategory")
    _check(problems, "tender/mainProcurementCategory", category, "procurementCategory")
    for method in tender.get("submissionMethod", []):
        _check(problems, "tender/submissionMethod", method, "submissionMethod")
    sections = [tender, *release.get("awards", []), *release.get("contracts", [])]
    for section in sections:
        for doc in section.get("documents", []):
            _check(problems, f"documents/{doc['id']}", doc.get("documentType"), "documentType")
    for award in release.get("awards", []):
        _check(problems, f"awards/{award['id']}/status", award.get("status"), "awardStatus")
    for contract in release.get("contracts", []):
        _check(problems, f"contracts/{contract['id']}", contract.get("status"), "contractStatus")
    for currency in _currencies(release):
        _check(problems, "value/currency", currency, "currency")
    return problems


def _currencies(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = [value["currency"]] if "amount" in value and "currency" in value else []
        return found + [c for v in value.values() for c in _currencies(v)]
    if isinstance(value, list):
        return [c for v in value for c in _currencies(v)]
    return []


def package_problems(package: dict[str, Any], kind: str) -> list[str]:
    """Everything wrong with a release or record package."""
    problems = schema_problems(package, kind)
    if kind == "release":
        releases = package["releases"]
    else:
        releases = [
            r for rec in package["records"] for r in [*rec["releases"], rec["compiledRelease"]]
        ]
    for release in releases:
        problems += [f"{release['id']}: {p}" for p in codelist_problems(release)]
    return problems


def merged(releases: list[dict[str, Any]]) -> dict[str, Any]:
    merger = ocdsmerge.Merger(schema=schema("release"))
    return merger.create_compiled_release(releases)  # type: ignore[no-any-return]

"""The OCDS packages over HTTP, public: /trading/ocds/releases.json,
records.json and records/<ocid>.json, and the same in the API under
/api/v1/trading/ocds — valid packages, JSON content type, paged with
links.next / links.prev (oldest first), a record per ocid."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from ocds_conformance import merged, package_problems
from ocds_staging import announced, whole_process

from xiaoneng.org.models import User
from xiaoneng.trading.common import ocid
from xiaoneng.trading.models import Release
from xiaoneng.trading.ocds import packages
from xiaoneng.trading.ocds.publish import publish

pytestmark = pytest.mark.django_db


def get_json(client: Client, url: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    # the pages say exactly application/json; the API adds its charset
    expected = "application/json; charset=utf-8" if "/api/" in url else "application/json"
    assert response["Content-Type"] == expected
    return response.json()  # type: ignore[no-any-return]


def test_packages_are_public_valid_and_compile(
    client: Client, trading_world: dict[str, User]
) -> None:
    done = whole_process(trading_world)
    waiting, _ = announced(trading_world)
    releases = get_json(client, "/trading/ocds/releases.json")
    assert package_problems(releases, "release") == []
    assert releases["version"] == "1.1"
    assert releases["publisher"] == {"name": "张掖市公共资源交易中心"}
    assert releases["uri"] == "http://testserver/trading/ocds/releases.json"
    assert "links" not in releases  # one page
    ids = [r["id"] for r in releases["releases"]]
    assert ids == list(Release.objects.order_by("id").values_list("release_id", flat=True))
    records = get_json(client, "/trading/ocds/records.json")
    assert package_problems(records, "record") == []
    assert [r["ocid"] for r in records["records"]] == [ocid(done), ocid(waiting)]
    for rec in records["records"]:
        assert rec["compiledRelease"] == merged(rec["releases"])
    single = get_json(client, f"/trading/ocds/records/{ocid(done)}.json")
    assert package_problems(single, "record") == []
    assert single["records"] == records["records"][:1]
    assert client.get("/trading/ocds/records/ocds-xn6207-NOPE.json").status_code == 404


def test_pages_follow_links_next_oldest_first(
    client: Client, trading_world: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packages, "PAGE_SIZE", 4)
    row = whole_process(trading_world)  # 6 releases
    publish(row, ["contract"])  # 7
    url: str | None = "/trading/ocds/releases.json"
    seen: list[str] = []
    pages = []
    while url:
        page = get_json(client, url)
        assert package_problems(page, "release") == []
        pages.append(page)
        seen += [r["id"] for r in page["releases"]]
        url = page.get("links", {}).get("next")
    assert len(pages) == 2
    assert seen == [f"{ocid(row)}-{n:04d}" for n in range(1, 8)]
    assert pages[0]["links"] == {"next": "http://testserver/trading/ocds/releases.json?page=2"}
    assert pages[1]["links"] == {"prev": "http://testserver/trading/ocds/releases.json"}
    assert get_json(client, "/trading/ocds/releases.json?page=x")["releases"][0]["id"] == seen[0]
    beyond = get_json(client, "/trading/ocds/releases.json?page=99999999999")
    assert beyond["releases"] == []


def test_record_pages_hold_whole_records(
    client: Client, trading_world: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(packages, "PAGE_SIZE", 1)
    first, _ = announced(trading_world)
    second, _ = announced(trading_world)
    publish(first, ["tenderAmendment"])  # the first project's record still comes first
    page1 = get_json(client, "/trading/ocds/records.json")
    assert [r["ocid"] for r in page1["records"]] == [ocid(first)]
    assert len(page1["records"][0]["releases"]) == 2
    page2 = get_json(client, page1["links"]["next"])
    assert [r["ocid"] for r in page2["records"]] == [ocid(second)]
    assert "next" not in page2["links"]


def test_the_api_serves_the_same_packages(client: Client, trading_world: dict[str, User]) -> None:
    row = whole_process(trading_world)
    releases = get_json(client, "/api/v1/trading/ocds/releases")
    assert package_problems(releases, "release") == []
    assert len(releases["releases"]) == 6
    records = get_json(client, "/api/v1/trading/ocds/records?page=1")
    assert package_problems(records, "record") == []
    single = get_json(client, f"/api/v1/trading/ocds/records/{ocid(row)}")
    assert single["records"][0]["compiledRelease"]["tender"]["status"] == "complete"
    missing = client.get("/api/v1/trading/ocds/records/ocds-xn6207-NOPE")
    assert missing.status_code == 404
    assert missing.json()["code"] == "trading_ocds_record_not_found"

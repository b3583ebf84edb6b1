"""OCDS 1.1 release and record packages, paged.

- Releases oldest first (by when they were stored): a full page never
  changes again, so a consumer that follows `links.next` to the end and
  comes back later resumes where it stopped; new releases land on the last
  page.
- Records one per ocid, in the order the projects were first published,
  each with its releases embedded (oldest first, as the schema asks) and
  its compiled release: the latest release's content (every release is a
  snapshot of the whole project, see `build`) with `tag` ["compiled"] and
  the `id` and `date` an OCDS merge gives a compiled release
  ("<ocid>-<date of the latest release>").
- `PAGE_SIZE` items a page, `?page=` from 1; `links.next` / `links.prev`
  are absolute urls of the neighbouring pages, absent at either end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Min, QuerySet

from xiaoneng.core import timesource
from xiaoneng.trading.models import Project, Release

from .values import moment

PAGE_SIZE = 100
PAGE_MAX = 100_000  # past what a database offset holds (a huge ?page= answered 500)
VERSION = "1.1"
PUBLISHER = {"name": "张掖市公共资源交易中心"}
LICENSE = "https://creativecommons.org/licenses/by/4.0/"
POLICY = (
    "依据《政府信息公开条例》和《公共资源交易平台管理暂行办法》公开交易项目的公告、"
    "开标记录、中标候选人、中标结果和合同；不公开联系人、电话等个人信息，开标前不公开投标人。"
)

PageUrl = Callable[[int], str]


def page_number(raw: Any) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), PAGE_MAX)


def _window(qs: QuerySet[Any], page: int) -> tuple[list[Any], bool]:
    start = (page - 1) * PAGE_SIZE
    rows = list(qs[start : start + PAGE_SIZE + 1])
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def _package(uri: str, items_key: str, items: list[Any], links: dict[str, str]) -> dict[str, Any]:
    package: dict[str, Any] = {
        "uri": uri,
        "version": VERSION,
        "publishedDate": moment(timesource.now()),
        "publisher": PUBLISHER,
        "license": LICENSE,
        "publicationPolicy": POLICY,
        items_key: items,
    }
    if links:
        package["links"] = links
    return package


def _links(page: int, more: bool, url_of: PageUrl) -> dict[str, str]:
    links = {}
    if more:
        links["next"] = url_of(page + 1)
    if page > 1:
        links["prev"] = url_of(page - 1)
    return links


def release_package(page: int, url_of: PageUrl) -> dict[str, Any]:
    rows, more = _window(Release.objects.order_by("id").only("payload"), page)
    return _package(url_of(page), "releases", [r.payload for r in rows], _links(page, more, url_of))


def compiled(releases: list[Release]) -> dict[str, Any]:
    """The compiled release of one ocid's releases (oldest first)."""
    latest = releases[-1].payload
    return {**latest, "tag": ["compiled"], "id": f"{latest['ocid']}-{latest['date']}"}


def record(releases: list[Release]) -> dict[str, Any]:
    return {
        "ocid": releases[0].ocid,
        "releases": [r.payload for r in releases],
        "compiledRelease": compiled(releases),
    }


def _records(project_ids: list[int]) -> list[dict[str, Any]]:
    """The records of these projects, in this order (one query for all)."""
    by_project: dict[int, list[Release]] = {pk: [] for pk in project_ids}
    for row in Release.objects.filter(project_id__in=project_ids).order_by("id"):
        by_project[row.project_id].append(row)
    return [record(rows) for rows in by_project.values() if rows]


def published_projects() -> QuerySet[Project]:
    """The projects with at least one release, in the order of their first."""
    return (
        Project.objects.filter(releases__isnull=False)
        .annotate(first_release=Min("releases__id"))
        .order_by("first_release")
    )


def record_package(page: int, url_of: PageUrl) -> dict[str, Any]:
    projects, more = _window(published_projects().values_list("pk", flat=True), page)
    return _package(url_of(page), "records", _records(projects), _links(page, more, url_of))


def single_record_package(ocid: str, uri: str) -> dict[str, Any] | None:
    releases = list(Release.objects.filter(ocid=ocid).order_by("id"))
    if not releases:
        return None
    return _package(uri, "records", [record(releases)], {})

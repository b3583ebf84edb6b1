"""The OCDS packages in the API, public (`auth=None`): the same packages as
/trading/ocds/*.json (`ocds/packages.py`), paged by `page`, 100 a page."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from xiaoneng.core.errors import NotFound
from xiaoneng.trading.ocds.packages import (
    page_number,
    record_package,
    release_package,
    single_record_package,
)

router = Router()


def _pages(request: HttpRequest) -> Any:
    base = request.build_absolute_uri(request.path)
    return lambda page: base if page == 1 else f"{base}?page={page}"


@router.get(
    "/ocds/releases", response=dict[str, Any], auth=None, summary="OCDS 发布包（公开，每页100条）"
)
def ocds_releases(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    return release_package(page_number(page), _pages(request))


@router.get(
    "/ocds/records",
    response=dict[str, Any],
    auth=None,
    summary="OCDS 记录包（公开，每页100个项目）",
)
def ocds_records(request: HttpRequest, page: int = 1) -> dict[str, Any]:
    return record_package(page_number(page), _pages(request))


@router.get(
    "/ocds/records/{ocid}",
    response=dict[str, Any],
    auth=None,
    summary="一个项目的 OCDS 记录（公开）",
)
def ocds_record(request: HttpRequest, ocid: str) -> dict[str, Any]:
    package = single_record_package(ocid, request.build_absolute_uri(request.path))
    if package is None:
        raise NotFound("没有该项目的 OCDS 发布", code="trading_ocds_record_not_found")
    return package

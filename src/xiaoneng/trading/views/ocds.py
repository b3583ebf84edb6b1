"""The OCDS packages, public and without sign-in (`ocds/packages.py`):
/trading/ocds/releases.json, /trading/ocds/records.json (both `?page=`),
/trading/ocds/records/<ocid>.json."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import path, reverse

from xiaoneng.trading.ocds.packages import (
    page_number,
    record_package,
    release_package,
    single_record_package,
)


def _json(data: dict[str, Any]) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/json"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


def _pages(request: HttpRequest, name: str) -> Any:
    base = request.build_absolute_uri(reverse(name))
    return lambda page: base if page == 1 else f"{base}?page={page}"


def releases_json(request: HttpRequest) -> HttpResponse:
    page = page_number(request.GET.get("page"))
    return _json(release_package(page, _pages(request, "trading:ocds_releases")))


def records_json(request: HttpRequest) -> HttpResponse:
    page = page_number(request.GET.get("page"))
    return _json(record_package(page, _pages(request, "trading:ocds_records")))


def record_json(request: HttpRequest, ocid: str) -> HttpResponse:
    uri = request.build_absolute_uri(reverse("trading:ocds_record", args=[ocid]))
    package = single_record_package(ocid, uri)
    if package is None:
        raise Http404("没有该项目的 OCDS 发布")
    return _json(package)


urlpatterns = [
    path("releases.json", releases_json, name="ocds_releases"),
    path("records.json", records_json, name="ocds_records"),
    path("records/<str:ocid>.json", record_json, name="ocds_record"),
]

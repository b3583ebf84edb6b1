"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the
complaints: discovery, services, service definitions, requests (read and
create) and tokens, each in JSON and XML (the extension of the path).

Reads are public. Creating a request needs the api_key of a registered
outside system (issued by the complaint centre's head, see README); the
POST comes from other servers, not from a browser, so it carries no CSRF
token and none is asked for — the api_key is its credential."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from xiaoneng.complaints.actions import submit_complaint, system_for_key
from xiaoneng.complaints.models import Category, Channel
from xiaoneng.core.errors import DomainError, RateLimited
from xiaoneng.system.middleware import record_within
from xiaoneng.web.ratelimit import WINDOW, allow

from . import intake, reads, services
from .formats import errors, respond

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-06T00:00:00+08:00"
LIMIT_PARAM = "open311.requests_per_minute"


@require_GET
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """The service discovery document (one production endpoint, v2)."""
    body = {
        "changeset": CHANGESET,
        "contact": f"{reads.centre_name()}，政务服务便民热线 12345",
        "key_service": "api_key 由效能投诉中心负责人为登记的外部系统签发"
        "（POST /api/v1/complaints/open311-keys，见 README）",
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": request.build_absolute_uri("/open311/v2"),
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, "discovery", body)


@require_GET
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", services.service_list())


@require_GET
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if code not in Category.values:
        return errors(fmt, 404, f"service_code {code} 不存在")
    return respond(fmt, "service_definition", services.service_definition(code))


@csrf_exempt
@require_http_methods(["GET", "POST"])
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    try:
        rows = reads.service_requests(request.GET.dict())
    except reads.BadQuery as exc:
        return errors(fmt, 400, str(exc))
    return respond(fmt, "service_requests", rows)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    """POST requests: api_key (403), every field (400), then the action.

    Every request with a valid api_key counts against its system's limit
    (429 before anything else, as refused input counts too). An intake
    that passes every check is counted inside the action's transaction,
    with the operation log's row (`also`): the whole intake is then one
    write, taken in the writers' queue (`system.writer`)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > intake.BODY_MAX:
        return errors(fmt, 413, f"请求体超过 {intake.BODY_MAX // 1024} KB")
    post = request.POST
    system = system_for_key(post.get("api_key", "").strip()[:128])
    if system is None:
        return errors(fmt, 403, "api_key 无效、已吊销或未提供，不能提交投诉")
    scope = f"open311:{system.pk}"
    checked = intake.check(post)
    if checked.problems:
        return _refused(request, fmt, scope, 400, checked.problems)

    def also() -> None:
        if not allow(request, scope, LIMIT_PARAM):
            raise RateLimited("提交过于频繁，请稍后再试")
        record_within(request, 201)

    try:
        complaint, _code = submit_complaint(
            actor=None, channel=Channel.OPEN311, outside_system=system, also=also, **checked.fields
        )
    except RateLimited as exc:
        return _too_many(fmt, exc.message)
    except DomainError as exc:
        status = exc.status if 400 <= exc.status < 500 and exc.status != 422 else 400
        return _refused(request, fmt, scope, status, [exc.message])
    created = {
        "service_request_id": complaint.number,
        "token": complaint.external_token,
        "service_notice": "投诉已收到，效能投诉中心将在 5 个工作日内决定是否受理",
        "account_id": None,
    }
    return respond(fmt, "service_requests", [created], status=201)


def _refused(
    request: HttpRequest, fmt: str, scope: str, status: int, problems: list[str]
) -> HttpResponse:
    """A request refused for its content, counted all the same (429 first)."""
    if not allow(request, scope, LIMIT_PARAM):
        return _too_many(fmt, "提交过于频繁，请稍后再试")
    return errors(fmt, status, *problems)


def _too_many(fmt: str, message: str) -> HttpResponse:
    response = errors(fmt, 429, message)
    response["Retry-After"] = str(int(WINDOW.total_seconds()))
    return response


@require_GET
def service_request(request: HttpRequest, number: str, fmt: str) -> HttpResponse:
    row = reads.service_request(number)
    if row is None:
        return errors(fmt, 404, f"service_request_id {number} 不存在")
    return respond(fmt, "service_requests", [row])


@require_GET
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    row = reads.by_token(token)
    if row is None:
        return errors(fmt, 404, f"token {token} 不存在")
    return respond(fmt, "service_requests", [row])

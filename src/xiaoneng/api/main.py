"""The JSON API at /api/v1/: OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from xiaoneng.accounts.api import router as accounts_router
from xiaoneng.calendar.api import router as calendar_router
from xiaoneng.cases.api import router as cases_router
from xiaoneng.catalog.api import router as catalog_router
from xiaoneng.documents.api import router as documents_router
from xiaoneng.org.api import router as org_router
from xiaoneng.projects.api import router as projects_router

from . import errors
from .auth import AUTH
from .openapi import DocumentedErrorsAPI

api = DocumentedErrorsAPI(
    title="效能 Xiaoneng API",
    version="1",
    description="张掖市政府工作效能平台接口。错误统一为 {code, message, detail}。",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    auth=AUTH,
    parser=errors.StrictJsonParser(),
)
errors.install(api)
api.add_router("/v1/calendar/", calendar_router)
api.add_router("/v1/org/", org_router)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", catalog_router)
api.add_router("/v1/", cases_router)
api.add_router("/v1/", documents_router)
api.add_router("/v1/projects", projects_router)
api.add_router("/v1/scores", "xiaoneng.scores.api.router")
api.add_router("/v1/supervision/", "xiaoneng.supervision.api.router")
api.add_router("/v1/", "xiaoneng.cases.api_attachments.router")
api.add_router("/v1/ratings", "xiaoneng.ratings.api.router")
api.add_router("/v1/disclosure", "xiaoneng.disclosure.api.router")
api.add_router("/v1/complaints", "xiaoneng.complaints.api.router")
api.add_router("/v1/checks", "xiaoneng.checks.api.router")
api.add_router("/v1/accountability", "xiaoneng.accountability.api.router")
api.add_router("/v1/targets", "xiaoneng.targets.api.router")
api.add_router("/v1/directives", "xiaoneng.directives.api.router")
api.add_router("/v1/requests", "xiaoneng.directives.requests_api.router")
api.add_router("/v1/fees", "xiaoneng.fees.api.catalog_router")
api.add_router("/v1/charges", "xiaoneng.fees.api.charges_router")
api.add_router("/v1/inspections", "xiaoneng.inspections.api.router")
api.add_router("/v1/receptions", "xiaoneng.frugality.api.receptions_router")
api.add_router("/v1/vehicles", "xiaoneng.frugality.api.vehicles_router")
api.add_router("/v1/trips", "xiaoneng.frugality.api.trips_router")
api.add_router("/v1/decisions", "xiaoneng.decisions.api.router")
api.add_router("/v1/disclosure/proactive", "xiaoneng.openinfo.api.router")
api.add_router("/v1/enforcement", "xiaoneng.enforcement.api.router")
api.add_router("/v1/trading", "xiaoneng.trading.api.router")
api.add_router("/v1/", "xiaoneng.citizens.api.router")
api.add_router("/v1/appraisal", "xiaoneng.appraisal.api.router")
api.add_router("/v1/documents", "xiaoneng.office.api.dispatches.router")
api.add_router("/v1/reports", "xiaoneng.office.api.reports.router")
api.add_router("/v1/meetings", "xiaoneng.office.api.meetings.router")
api.add_router("/v1/duty", "xiaoneng.office.api.duty.router")
api.add_router("/v1/leave", "xiaoneng.office.api.leave.router")
api.add_router("/v1/emergencies", "xiaoneng.office.api.emergencies.router")
api.add_router("/v1/frontline", "xiaoneng.office.api.visits.router")

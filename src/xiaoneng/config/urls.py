from django.contrib import admin
from django.urls import include, path

from xiaoneng.api.main import api

admin.site.site_header = "效能平台 · 系统管理"
admin.site.site_title = "效能平台管理"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("", include("xiaoneng.portal.urls")),
    path("portal/", include("xiaoneng.citizens.urls")),
    path("accounts/", include("xiaoneng.accounts.urls")),
    path("workbench/", include("xiaoneng.workbench.urls")),
    path("calendar/", include("xiaoneng.calendar.urls")),
    path("cases/", include("xiaoneng.cases.urls")),
    path("documents/", include("xiaoneng.documents.urls")),
    path("supervision/", include("xiaoneng.supervision.urls")),
    path("projects/", include("xiaoneng.projects.urls")),
    path("scores/", include("xiaoneng.scores.urls")),
    path("bigscreen/", include("xiaoneng.bigscreen.urls")),
    path("ratings/", include("xiaoneng.ratings.urls")),
    path("disclosure/", include("xiaoneng.disclosure.urls")),
    path("complaints/", include("xiaoneng.complaints.urls")),
    path("checks/", include("xiaoneng.checks.urls")),
    path("accountability/", include("xiaoneng.accountability.urls")),
    path("targets/", include("xiaoneng.targets.urls")),
    path("directives/", include("xiaoneng.directives.urls")),
    path("appraisal/", include("xiaoneng.appraisal.urls")),
    path("fees/", include("xiaoneng.fees.urls")),
    path("inspections/", include("xiaoneng.inspections.urls")),
    path("frugality/", include("xiaoneng.frugality.urls")),
    path("decisions/", include("xiaoneng.decisions.urls")),
    path("openinfo/", include("xiaoneng.openinfo.urls")),
    path("enforcement/", include("xiaoneng.enforcement.urls")),
    path("trading/", include("xiaoneng.trading.urls")),
    path("office/", include("xiaoneng.office.urls")),
    path("open311/", include("xiaoneng.open311.urls")),
    # 系统管理 in the staff shell (用户、角色、机构、岗位): accounts/useradmin.
    path("system/", include("xiaoneng.accounts.useradmin.urls")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
]

# Public addresses get 403/404/500 in the portal's look; staff ones the shell's.
handler403 = "xiaoneng.portal.views.errors.permission_denied"
handler404 = "xiaoneng.portal.views.errors.page_not_found"
handler500 = "xiaoneng.portal.views.errors.server_error"

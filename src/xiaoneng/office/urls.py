"""Desks under /office/ and the phone pages (会议签到, 到场签到). Each view
module owns its `urlpatterns`."""

from django.urls import include, path

app_name = "office"

urlpatterns = [
    path("documents/", include("xiaoneng.office.views.dispatches")),
    path("reports/", include("xiaoneng.office.views.reports")),
    path("meetings/", include("xiaoneng.office.views.meetings")),
    path("duty/", include("xiaoneng.office.views.duty")),
    path("leave/", include("xiaoneng.office.views.leave")),
    path("emergencies/", include("xiaoneng.office.views.emergencies")),
    path("frontline/", include("xiaoneng.office.views.visits")),
]

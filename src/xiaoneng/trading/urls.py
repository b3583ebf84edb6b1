"""Desks under /trading/ and the public pages under /trading/public/; the
OCDS packages at /trading/ocds/. Each view module owns its `urlpatterns`."""

from django.urls import include, path

app_name = "trading"

urlpatterns = [
    path("", include("xiaoneng.trading.views.projects")),
    path("bids/", include("xiaoneng.trading.views.bids")),
    path("evaluation/", include("xiaoneng.trading.views.evaluation")),
    path("awards/", include("xiaoneng.trading.views.awards")),
    path("parties/", include("xiaoneng.trading.views.parties")),
    path("public/", include("xiaoneng.trading.views.public")),
    path("ocds/", include("xiaoneng.trading.views.ocds")),
]

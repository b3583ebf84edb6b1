"""Desks under /enforcement/ and the public pages (执法公示) under
/enforcement/public/. Each view module owns its own `urlpatterns`."""

from django.urls import include, path

app_name = "enforcement"

urlpatterns = [
    path("", include("xiaoneng.enforcement.views.cases")),
    path("authority/", include("xiaoneng.enforcement.views.authority")),
    path("money/", include("xiaoneng.enforcement.views.money")),
    path("papers/", include("xiaoneng.enforcement.views.papers")),
    path("public/", include("xiaoneng.enforcement.views.public")),
]

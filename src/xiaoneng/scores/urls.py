from django.urls import path

from . import views

app_name = "scores"
urlpatterns = [
    path("", views.metrics_view, name="metrics"),
    path("cases/", views.cases_view, name="cases"),
    path("supervision.xlsx", views.supervision_export_view, name="supervision_export"),
    path("ranking/", views.ranking_view, name="ranking"),
    path("ranking/publish/", views.publish_view, name="publish"),
    path("ranking/recompute/", views.recompute_view, name="recompute"),
    path("ranking/<str:month>/bulletin.pdf", views.bulletin_view, name="bulletin"),
    path("departments/<int:pk>/", views.department_view, name="department"),
]

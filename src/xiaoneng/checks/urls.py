from django.urls import path

from . import views

app_name = "checks"
urlpatterns = [
    # Public: the exposure page (曝光台).
    path("exposures/", views.exposures, name="exposures"),
    # The bureau's plans (secret) and the findings desk (the bureau and the units checked).
    path("plans/", views.plans, name="plans"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/<str:name>/", views.plan_step, name="plan_step"),
    path("findings/", views.findings, name="findings"),
    path("findings/<int:pk>/", views.finding_detail, name="finding"),
    path("findings/<int:pk>/evidence/<int:eid>/", views.evidence_download, name="evidence"),
    path("findings/<int:pk>/<str:name>/", views.finding_step, name="finding_step"),
]

from django.urls import path

from xiaoneng.inspections import public_views, views

app_name = "inspections"
urlpatterns = [
    # Public: the enterprise's look-up and report, the burden, the random draws.
    path("enterprise/", public_views.enterprise, name="enterprise"),
    path("burden/", public_views.burden_page, name="burden"),
    path("random/", public_views.random_page, name="random"),
    path("random/<int:pk>/replay/", public_views.replay_page, name="replay"),
    # Staff.
    path("", views.activities, name="activities"),
    path("register/", views.register, name="register"),
    path("approvals/", views.approvals, name="approvals"),
    path("plan/", views.plan, name="plan"),
    path("enterprises/", views.enterprises, name="enterprises"),
    path("inspectors/", views.inspectors, name="inspectors"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/<str:name>/", views.report_step, name="report_step"),
    path("<int:pk>/", views.activity, name="activity"),
    path("<int:pk>/<str:name>/", views.activity_step, name="step"),
]

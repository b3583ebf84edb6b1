from django.urls import path

from . import views

app_name = "frugality"
urlpatterns = [
    # Public: 三公经费公开.
    path("public/", views.public, name="public"),
    # The unit: receptions.
    path("", views.receptions, name="receptions"),
    path("receptions/new/", views.reception_new, name="reception_new"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception"),
    path("receptions/<int:pk>/scans/<int:scan>/", views.reception_scan, name="reception_scan"),
    path("receptions/<int:pk>/<str:name>/", views.reception_step, name="reception_step"),
    # The unit head's approvals; the city leader's.
    path("approvals/", views.approvals, name="approvals"),
    path("city/", views.city, name="city"),
    # Vehicles.
    path("vehicles/", views.vehicles, name="vehicles"),
    path("vehicles/<int:pk>/", views.vehicle_detail, name="vehicle"),
    path("vehicles/<int:pk>/use/", views.vehicle_use, name="vehicle_use"),
    path("vehicles/requests/<int:pk>/", views.vehicle_request, name="vehicle_request"),
    path(
        "vehicles/requests/<int:pk>/decide/",
        views.vehicle_request_decide,
        name="vehicle_request_decide",
    ),
    # Trips.
    path("trips/", views.trips, name="trips"),
    path("trips/<int:pk>/", views.trip_detail, name="trip"),
    path("trips/<int:pk>/<str:name>/", views.trip_step, name="trip_step"),
    # 三公经费.
    path("report/", views.report, name="report"),
    path("report/export/", views.report_export, name="report_export"),
    path("report/publish/", views.report_publish, name="report_publish"),
]

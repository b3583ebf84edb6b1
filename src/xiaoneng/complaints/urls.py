from django.urls import path

from . import public_views, views

app_name = "complaints"
urlpatterns: list[object] = [
    # Public (the portal): the complaint form and the complainant's tracking.
    path("", public_views.complain, name="complain"),
    path("track/", public_views.track, name="track"),
    path("track/rate/", public_views.rate, name="rate"),
    path("track/reexamine/", public_views.reexamine, name="reexamine"),
    # The complaint centre.
    path("desk/", views.desk, name="desk"),
    path("desk/register/", views.register, name="register"),
    path("desk/export.xlsx", views.export, name="export"),
    path("desk/<int:pk>/", views.detail, name="detail"),
    path("desk/<int:pk>/attachments/<int:aid>/", views.attachment, name="attachment"),
    path("desk/<int:pk>/<str:name>/", views.step, name="step"),
    # The accused department: explanations due.
    path("explain/", views.explain_desk, name="explain_desk"),
    path("explain/<int:pk>/", views.explain_detail, name="explain_detail"),
]

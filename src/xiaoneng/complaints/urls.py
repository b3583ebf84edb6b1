from django.urls import path

from . import public_views

app_name = "complaints"
urlpatterns: list[object] = [
    # Public (the portal): the complaint form and the complainant's tracking.
    path("", public_views.complain, name="complain"),
    path("track/", public_views.track, name="track"),
    path("track/rate/", public_views.rate, name="rate"),
    path("track/reexamine/", public_views.reexamine, name="reexamine"),
]

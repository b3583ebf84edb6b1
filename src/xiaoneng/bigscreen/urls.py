from django.urls import path

from . import views

app_name = "bigscreen"
urlpatterns = [
    path("", views.screen_view, name="screen"),
    path("snapshot.json", views.snapshot_view, name="snapshot"),
]

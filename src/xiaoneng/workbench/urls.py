from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.workbench_view, name="workbench"),
    path("duties/", views.duties_view, name="duties"),
    path("org/", views.org_view, name="org"),
]

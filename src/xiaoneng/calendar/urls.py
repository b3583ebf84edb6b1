from django.urls import path

from . import views

app_name = "calendar"
urlpatterns = [
    path("", views.year_view, name="year"),
    path("import/", views.import_view, name="import"),
]

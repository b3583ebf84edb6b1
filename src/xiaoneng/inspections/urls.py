from django.urls import URLPattern

app_name = "inspections"
urlpatterns: list[URLPattern] = []  # the pages arrive with the app's views

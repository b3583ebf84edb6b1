from django.urls import URLPattern

app_name = "frugality"
urlpatterns: list[URLPattern] = []  # the pages arrive with the app's views

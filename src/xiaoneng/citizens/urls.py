from django.urls import path

app_name = "citizens"
urlpatterns: list = []

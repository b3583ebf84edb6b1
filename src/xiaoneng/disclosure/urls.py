from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    # Public: the request form and the requester's look-up.
    path("", views.apply, name="apply"),
    path("track/", views.track, name="track"),
    # The disclosure office.
    path("desk/", views.desk, name="desk"),
    path("desk/register/", views.register, name="register"),
    path("desk/<int:pk>/", views.detail, name="detail"),
    path("desk/<int:pk>/<str:name>/", views.step, name="step"),
]

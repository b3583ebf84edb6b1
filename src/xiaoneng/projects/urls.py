from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("desk/", views.desk_view, name="desk"),
    path("new/", views.create_view, name="create"),
    path("<int:pk>/", views.detail_view, name="detail"),
    path("<int:pk>/apply/", views.apply_view, name="apply"),
    path("<int:pk>/reassign/", views.reassign_view, name="reassign"),
    path("<int:pk>/close/", views.close_view, name="close"),
]

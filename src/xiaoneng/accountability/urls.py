from django.urls import path

from . import views

app_name = "accountability"
urlpatterns = [
    # Public: 通报批评.
    path("bulletins/", views.bulletins, name="bulletins"),
    path("bulletins/<int:pk>/", views.bulletin_detail, name="bulletin"),
    # Staff.
    path("", views.desk, name="desk"),
    path("new/", views.open_case, name="open"),
    path("people/", views.people, name="people"),
    path("people/me/", views.my_record, name="my_record"),
    path("people/<int:user_id>/", views.record, name="record"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decision.pdf", views.decision, name="decision"),
    path("<int:pk>/<str:name>/", views.step, name="step"),
]

from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    # Public: 网上评价 (tracking number + query code) and 窗口评价 (visit code / QR link).
    path("", views.rate_online, name="online"),
    path("v/<str:code>/", views.rate_visit, name="visit"),
    path("follow/", views.follow, name="follow"),
    # The applicant's account.
    path("case/<int:case_id>/", views.rate_my_case, name="my_case"),
    # Staff desks.
    path("desk/", views.desk, name="desk"),
    path("rectifications/<int:pk>/", views.rectification_detail, name="rectification"),
    path("rectifications/<int:pk>/measures/", views.measures, name="measures"),
    path("rectifications/<int:pk>/callback/", views.callback, name="callback"),
    path("rectifications/<int:pk>/close/", views.close, name="close"),
    path("rectifications/<int:pk>/appeal/", views.appeal, name="appeal"),
    path("visits/new/", views.visit_new, name="visit_new"),
    path("appeals/", views.appeals, name="appeals"),
]

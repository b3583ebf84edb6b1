from django.urls import path

from . import request_views, views

app_name = "directives"
urlpatterns = [
    # 督查督办: the 督查室's desk, the unit's desk, leaders' adjustments.
    path("", views.desk, name="desk"),
    path("mine/", views.mine, name="mine"),
    path("adjustments/", views.adjustments, name="adjustments"),
    path("adjustments/<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/", views.directive_detail, name="directive"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("tasks/<int:pk>/", views.task_detail, name="task"),
    path("tasks/<int:pk>/<str:name>/", views.task_step, name="task_step"),
    path("files/<str:kind>/<int:pk>/", views.download, name="file"),
    # 请示: submit, inbox, outbox; a request's page and its holder's steps.
    path("requests/", request_views.requests_desk, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
    path("requests/<int:pk>/<str:name>/", request_views.request_step, name="request_step"),
]

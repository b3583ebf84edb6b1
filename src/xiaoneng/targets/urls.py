from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("template/", views.template, name="template"),
    path("mine/", views.mine, name="mine"),
    path("leader/", views.leader, name="leader"),
    path("books/<int:pk>/", views.book, name="book"),
    path("books/<int:pk>/export/", views.book_export, name="book_export"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/files/<int:fid>/", views.report_file, name="report_file"),
    path("tasks/<int:pk>/<slug:name>/", views.task_step, name="task_step"),
]

from django.urls import path

from . import views

app_name = "openinfo"
urlpatterns = [
    # Public: 政府信息公开.
    path("public/", views.public, name="public"),
    path("public/items/<int:pk>/", views.public_item, name="public_item"),
    path("public/report/", views.public_report, name="public_report"),
    # The unit: its catalogue.
    path("", views.items, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/<str:name>/", views.item_step, name="item_step"),
    # The government office.
    path("city/", views.city, name="city"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/decide/", views.review_decide, name="review_decide"),
    path("report/", views.report, name="report"),
    path("report/export/", views.report_export, name="report_export"),
    path("report/<str:name>/", views.report_step, name="report_step"),
]

from django.urls import path

from . import batch_views, views
from .order_notice import order_notice_view

app_name = "supervision"
urlpatterns = [
    path("", views.desk_view, name="desk"),
    path("steps/", views.steps_view, name="steps"),
    path("cards/", views.cards_view, name="cards"),
    path("cards/subjects/", views.subject_cards_view, name="subject_cards"),
    path("cards/<int:pk>/reply/", views.card_reply_view, name="card_reply"),
    path("orders/", views.orders_view, name="orders"),
    path("orders/new/", views.order_new_view, name="order_new"),
    path("orders/<int:pk>/reply/", views.order_reply_view, name="order_reply"),
    path("orders/<int:pk>/close/", views.order_close_view, name="order_close"),
    path("orders/<int:pk>/notice.pdf", order_notice_view, name="order_notice"),
    path("anomalies/", views.anomalies_view, name="anomalies"),
    path("anomalies/<int:pk>/", views.anomaly_view, name="anomaly"),
    path("anomalies/<int:pk>/explain/", views.anomaly_explain_view, name="anomaly_explain"),
    path("anomalies/<int:pk>/close/", views.anomaly_close_view, name="anomaly_close"),
    path("cases/<int:pk>/", views.case_chain_view, name="case_chain"),
    path("notifications/", views.notifications_view, name="notifications"),
    path("notifications/read/", batch_views.notifications_read_view, name="notifications_read"),
    path("anomalies/explain/", batch_views.anomalies_explain_view, name="anomalies_explain"),
    path("anomalies/close/", batch_views.anomalies_close_view, name="anomalies_close"),
    path("cases/urge/", batch_views.cases_urge_view, name="cases_urge"),
    path("notifications/<int:pk>/", views.notification_open_view, name="notification"),
]

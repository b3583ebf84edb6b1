from django.urls import path

from .views import document_view

app_name = "documents"
urlpatterns = [
    path("cases/<int:case_id>/<slug:kind>.pdf", document_view, name="case_document"),
]

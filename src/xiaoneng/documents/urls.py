from django.urls import path

from .receipt_views import intake_receipt_view
from .views import document_view

app_name = "documents"
urlpatterns = [
    # Before the kinds' pattern, which would take the name as a kind.
    path("cases/<int:case_id>/intake-receipt.pdf", intake_receipt_view, name="intake_receipt"),
    path("cases/<int:case_id>/<slug:kind>.pdf", document_view, name="case_document"),
]

from django.urls import path

from .views import catalog, charges

app_name = "fees"
urlpatterns = [
    path("public/", catalog.public, name="public"),
    path("catalog/", catalog.catalog, name="catalog"),
    path("catalog/import/", catalog.catalog_import, name="import"),
    path("catalog/export/", catalog.catalog_export, name="export"),
    path("catalog/example/", catalog.catalog_example, name="example"),
    path("catalog/<int:pk>/", catalog.fee_detail, name="fee"),
    path("catalog/<int:pk>/cancel/", catalog.fee_cancel, name="cancel"),
    path("cases/<int:case_id>/", charges.case_fees, name="case"),
    path("cases/<int:case_id>/notice.pdf", charges.case_notice, name="case_notice"),
    path("cases/<int:case_id>/<str:name>/", charges.case_step, name="case_step"),
    path("charges/", charges.charges, name="charges"),
    path("charges/<int:pk>/", charges.charge_detail, name="charge"),
    path("charges/<int:pk>/refund/", charges.charge_refund, name="refund"),
    path("approvals/", charges.approvals, name="approvals"),
    path("approvals/<int:pk>/decide/", charges.approval_decide, name="decide"),
    path("reconciliation/", charges.reconciliation, name="reconciliation"),
    path("reconciliation/<str:name>/", charges.reconciliation_step, name="reconciliation_step"),
]

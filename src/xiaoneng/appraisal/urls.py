from django.urls import path

from . import public_views, views

app_name = "appraisal"
urlpatterns = [
    # Public: the published snapshots (晒成绩单、晾排行榜).
    path("scoreboard/", public_views.scoreboard, name="scoreboard"),
    path("scoreboard/units/<int:pk>/", public_views.unit_card, name="unit_card"),
    # The 督查室's desk and its records.
    path("", views.desk, name="desk"),
    path("do/<str:name>/", views.desk_step, name="desk_step"),
    path("bulletins/<int:pk>/", views.bulletin, name="bulletin"),
    path("bulletins/<int:pk>/pdf/", views.bulletin_document, name="bulletin_pdf"),
    path("quarters/<int:pk>/", views.quarter, name="quarter"),
    path("quarters/<int:pk>/xlsx/", views.quarter_sheet, name="quarter_xlsx"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    # Year-end results: the 督查室 and the organisation department.
    path("results/", views.results, name="results"),
    path("years/<int:pk>/", views.result, name="result"),
    path("years/<int:pk>/xlsx/", views.result_sheet, name="result_xlsx"),
    path("years/<int:pk>/pdf/", views.result_document, name="result_pdf"),
    path("<str:kind>/<int:pk>/<str:name>/", views.record_step, name="step"),
]

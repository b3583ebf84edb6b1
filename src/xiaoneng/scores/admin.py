from django.contrib import admin

from xiaoneng.org.adminkit import ReadOnlyAdmin

from .models import MonthlyMetric, RankingPublication


@admin.register(MonthlyMetric)
class MonthlyMetricAdmin(ReadOnlyAdmin):
    list_display = (
        "month",
        "department",
        "accepted",
        "completed",
        "overdue",
        "score",
        "computed_at",
    )
    list_filter = ("month",)
    permission_code = "score.view"


@admin.register(RankingPublication)
class RankingPublicationAdmin(ReadOnlyAdmin):
    list_display = ("month", "published_at", "published_by")
    permission_code = "score.publish"

from django.urls import path

from .views import applicant_documents, guides, pages, ranking, results, tracking

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("duties/", pages.duties, name="duties"),
    # 办事指南: search and browse the published catalog, one guide per item.
    path("guide/", guides.guides, name="guides"),
    path("guide/<str:code>/", guides.guide, name="guide"),
    path("guide/<str:code>/samples/<int:pk>/", guides.sample, name="sample"),
    # 办件查询: tracking number + query code.
    path("track/", tracking.track, name="track"),
    # The applicant's own documents, after a look-up in this browser or signed in.
    path(
        "track/cases/<int:case_id>/documents/<slug:key>.pdf",
        applicant_documents.applicant_document,
        name="applicant_document",
    ),
    path("track/cases/<int:case_id>/fees.pdf", applicant_documents.fee_notice, name="fee_notice"),
    # 审批结果公示 and its Atom feed.
    path("results/", results.results, name="results"),
    path("results/feed/", results.ResultsFeed(), name="results_feed"),
    # 晒成绩单、晾排行榜: published monthly rankings and each department's scorecard.
    path("ranking/", ranking.ranking, name="ranking"),
    path("ranking/department/<int:pk>/", ranking.scorecard, name="scorecard"),
]

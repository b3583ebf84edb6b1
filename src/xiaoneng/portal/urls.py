from django.urls import path

from .views import guides, pages, ranking, results, tracking

app_name = "portal"
urlpatterns = [
    path("", pages.home, name="home"),
    path("duties/", pages.duties, name="duties"),
    # 办事指南: search and browse the published catalog, one guide per item.
    path("guide/", guides.guides, name="guides"),
    path("guide/<str:code>/", guides.guide, name="guide"),
    # 办件查询: tracking number + query code.
    path("track/", tracking.track, name="track"),
    # 审批结果公示 and its Atom feed.
    path("results/", results.results, name="results"),
    path("results/feed/", results.ResultsFeed(), name="results_feed"),
    # 晒成绩单、晾排行榜: published monthly rankings and each department's scorecard.
    path("ranking/", ranking.ranking, name="ranking"),
    path("ranking/department/<int:pk>/", ranking.scorecard, name="scorecard"),
]

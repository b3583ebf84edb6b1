from django.urls import path

from .views import applicant, attachments, detail, review, search, window

app_name = "cases"
urlpatterns = [
    # 窗口工作台 · 收件受理 (case.intake)
    path("window/", window.queue_view, name="window"),
    path("window/intake/", window.intake_view, name="intake"),
    # 审查决定 (case.review / case.decide / case.extend.approve)
    path("desk/", review.desk_view, name="desk"),
    # 综合查询: all cases in scope, open or finished (every staff desk)
    path("search/", search.search_view, name="search"),
    # The case page shared by the staff desks, and its steps (POST).
    path("<int:pk>/", detail.detail_view, name="detail"),
    path("<int:pk>/do/<slug:step>/", detail.act_view, name="act"),
    # Application materials (申请材料电子件): add to an open case; scoped download.
    path("<int:pk>/attachments/", attachments.upload_view, name="attach"),
    path("<int:pk>/attachments/<int:aid>/", attachments.download_view, name="attachment"),
    # The applicant (case.apply)
    path("apply/", applicant.items_view, name="apply"),
    path("apply/<str:code>/", applicant.apply_view, name="apply_item"),
    path("mine/", applicant.mine_view, name="mine"),
    path("mine/<int:pk>/", applicant.my_detail_view, name="my_detail"),
    path("mine/<int:pk>/withdraw/", applicant.withdraw_view, name="withdraw"),
]

from django.urls import path

from .views import auth, me, oidc

app_name = "citizens"
urlpatterns = [
    # 个人登录 / 法人登录 (?kind=person|enterprise), registration, sign-out
    path("login/", auth.login_view, name="login"),
    path("register/", auth.register_view, name="register"),
    path("logout/", auth.logout_view, name="logout"),
    # 统一身份认证 (OpenID Connect; only when XIAONENG_OIDC_ISSUER is set)
    path("login/oidc/", oidc.start_view, name="oidc_start"),
    path("login/oidc/callback/", oidc.callback_view, name="oidc_callback"),
    # 我的办件
    path("me/", me.cases_view, name="me"),
    path("me/cases/<int:pk>/", me.case_view, name="case"),
    path("me/drafts/", me.drafts_view, name="drafts"),
    path("me/drafts/save/<str:code>/", me.save_draft_view, name="save_draft"),
    path("me/drafts/<int:pk>/resume/", me.resume_draft_view, name="resume_draft"),
    path("me/drafts/<int:pk>/delete/", me.delete_draft_view, name="delete_draft"),
    path("me/materials/", me.materials_view, name="materials"),
    path("me/documents/", me.documents_view, name="documents"),
    path("me/ratings/", me.ratings_view, name="ratings"),
    path("me/disclosures/", me.disclosures_view, name="disclosures"),
    path("me/projects/", me.projects_view, name="projects"),
]

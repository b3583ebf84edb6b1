from django.urls import path

from . import public_views, views

app_name = "decisions"
urlpatterns = [
    # Public (no sign-in): catalogue, open consultations, published decisions.
    path("public/catalogue/", public_views.public_catalogue, name="public_catalogue"),
    path("public/consultations/", public_views.public_consultations, name="public_consultations"),
    path(
        "public/consultations/<int:pk>/",
        public_views.public_consultation_page,
        name="public_consultation",
    ),
    path("public/", public_views.public_decisions, name="public_decisions"),
    path("public/<int:pk>/", public_views.public_decision, name="public_decision"),
    # Desks.
    path("", views.decisions, name="decisions"),
    path("new/", views.decision_new, name="decision_new"),
    path("<int:pk>/", views.decision_detail, name="decision"),
    path("<int:pk>/archive/", views.decision_archive, name="archive"),
    path("<int:pk>/opinion/", views.opinion_step, name="opinion"),
    path("<int:pk>/files/<int:file>/", views.opinion_file, name="opinion_file"),
    path("<int:pk>/<str:name>/", views.decision_step, name="step"),
    path("reviews/", views.reviews, name="reviews"),
    path("reviews/<int:pk>/", views.review_step, name="review"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("meetings/", views.meetings, name="meetings"),
]

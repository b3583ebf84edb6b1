"""The pages of reports (filled in by its part)."""

from django.urls import path  # noqa: F401

urlpatterns: list[object] = []

"""URLs of the documents benchmark: the product's, and the floor — the same
PDF bytes served from a file by Django's static view, behind the same
middleware (XIAONENG_BENCH_STATIC names the directory)."""

import os

from django.urls import include, path
from django.views.static import serve

urlpatterns = [
    path(
        "bench/static/<path:path>",
        serve,
        {"document_root": os.environ.get("XIAONENG_BENCH_STATIC", "")},
    ),
    path("", include("xiaoneng.config.urls")),
]

"""Public pages (no sign-in) that show what a citizen typed or received:
rendered with today's date for the header, and kept by no cache."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xiaoneng.core import timesource


def public_page(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    response = render(request, template, {"today": timesource.today(), **context}, status=status)
    response["Cache-Control"] = "no-store"
    return response

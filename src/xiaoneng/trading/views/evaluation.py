"""(filled in by its part)"""

from typing import Any

from django.http import HttpRequest
from django.urls import URLPattern

from xiaoneng.trading.models import Project

urlpatterns: list[URLPattern] = []


def project_section(request: HttpRequest, project: Project) -> dict[str, Any]:
    """What the project page's evaluation section shows to this user (its template:
    trading/project/_evaluation.html); empty when the user may see none of it."""
    return {}

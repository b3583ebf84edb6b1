"""The public portal (门户): what citizens and enterprises see without signing in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xiaoneng.org.models import DepartmentKind
from xiaoneng.org.selectors import public_departments, published_positions


def home(request: HttpRequest) -> HttpResponse:
    departments = public_departments()
    return render(request, "portal/home.html", {
        "today": timezone.localdate(),
        "departments": departments.filter(kind=DepartmentKind.DEPARTMENT),
        "counties": departments.filter(kind=DepartmentKind.COUNTY),
        "position_count": published_positions().count(),
    })


def duties(request: HttpRequest) -> HttpResponse:
    """岗位责任制公示: every department's published posts and duties."""
    positions = published_positions().order_by("department__sort", "sort")
    return render(request, "portal/duties.html", {"positions": positions})

"""The signed-in shell: workbench, duties, organisation."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from xiaoneng.citizens.selectors import is_public
from xiaoneng.org.authority import has_perm, signed_in
from xiaoneng.org.models import Department
from xiaoneng.org.selectors import public_departments, published_positions

from . import desk


@login_required
def workbench_view(request: HttpRequest) -> HttpResponse:
    if is_public(request.user):  # citizens and enterprises have their own space
        return redirect("citizens:me")
    bench = desk.build(signed_in(request.user))
    return render(request, "workbench/workbench.html", {"bench": bench})


@login_required
def duties_view(request: HttpRequest) -> HttpResponse:
    mine = request.user.positions.select_related("department")  # type: ignore[union-attr]
    department = request.user.department  # type: ignore[union-attr]
    colleagues = published_positions(department) if department else []
    return render(
        request, "workbench/duties.html", {"mine": mine, "department_positions": colleagues}
    )


@login_required
def org_view(request: HttpRequest) -> HttpResponse:
    if not has_perm(request.user, "org.view"):
        raise PermissionDenied
    departments = list(public_departments().select_related("parent"))
    roots = [d for d in departments if d.parent_id is None]
    children: dict[int, list[Department]] = {}
    for d in departments:
        if d.parent_id:
            children.setdefault(d.parent_id, []).append(d)
    return render(request, "workbench/org.html", {"roots": roots, "children": children})

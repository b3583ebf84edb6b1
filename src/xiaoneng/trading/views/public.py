"""公共资源交易公开, public pages under /trading/public/, no sign-in: the
projects once announced (filtered by kind, status or a keyword), a
project's summary with the timeline of its notices, the opening record,
candidates, award and contract when published and its OCDS record, and
each notice's text (`selectors/public.py`)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import path

from xiaoneng.core.text import as_int
from xiaoneng.trading.models import Kind, NoticeFile
from xiaoneng.trading.selectors.public import (
    QUERY_MAX,
    notice_body,
    notice_row,
    project_detail,
    project_rows,
    public_notice,
    public_project,
    public_projects,
    public_statuses,
)
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

PROJECTS_PER_PAGE = 15


def projects_page(request: HttpRequest) -> HttpResponse:
    """交易项目: the list, filtered and paged."""
    kind = request.GET.get("kind", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:QUERY_MAX]
    pages = paginate(request, public_projects(kind, status, query), per_page=PROJECTS_PER_PAGE)
    context = {
        **pages,
        "rows": project_rows(pages["page_obj"]),
        "kinds": Kind.choices,
        "statuses": public_statuses(),
        "kind": kind,
        "status": status,
        "q": query,
    }
    return public_page(request, "trading/public/projects.html", context)


def project_page(request: HttpRequest, code: str) -> HttpResponse:
    project = public_project(code)
    if project is None:
        raise Http404("交易项目不存在或尚未公告")
    return public_page(request, "trading/public/project.html", project_detail(project))


def notice_page(request: HttpRequest, pk: str) -> HttpResponse:
    notice = public_notice(as_int(pk))
    if notice is None:
        raise Http404("公告不存在或尚未公开")
    context = {
        "notice": notice_row(notice),
        "body": notice_body(notice.body),
        "project": {"code": notice.project.code, "title": notice.project.title},
        "files": [
            {"id": f.pk, "filename": f.filename, "size": f.size}
            for f in notice.files.order_by("id")
        ],
    }
    return public_page(request, "trading/public/notice.html", context)


def notice_file(request: HttpRequest, pk: str, file: int) -> FileResponse:
    """A public notice's file (the tender documents), as a download."""
    notice = public_notice(as_int(pk))
    row = NoticeFile.objects.filter(pk=file, notice=notice).first() if notice else None
    if row is None:
        raise Http404("文件不存在或尚未公开")
    return FileResponse(
        default_storage.open(row.stored_path, "rb"),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )


urlpatterns = [
    path("", projects_page, name="public_projects"),
    path("projects/<str:code>/", project_page, name="public_project"),
    path("notices/<str:pk>/", notice_page, name="public_notice"),
    path("notices/<str:pk>/files/<int:file>/", notice_file, name="public_notice_file"),
]

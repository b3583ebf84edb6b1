"""The project page's step forms (`trading:project_step`): each posts to one
action of part A and comes back to the page with the outcome (the rule's
message and code when refused); the notices' files downloaded in scope
(`trading:notice_file`)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from xiaoneng.core.errors import NotFound
from xiaoneng.trading.actions import announce as announcing
from xiaoneng.trading.actions import projects as actions
from xiaoneng.trading.actions import venues as booking
from xiaoneng.trading.common import project_for
from xiaoneng.trading.models import NoticeFile
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import post_action

from .projects_tabs import STAFF


def _reason(post: Any) -> dict[str, Any]:
    return {"reason": post.get("reason", "")}


def _announce(request: HttpRequest, pk: int) -> Any:
    post = request.POST
    return announcing.announce(
        request.user,
        pk,
        documents_from=post.get("documents_from", ""),
        bid_deadline=post.get("bid_deadline", ""),
        announcement=post.get("announcement", ""),
        documents=post.get("documents", ""),
        files=request.FILES.getlist("files"),
    )


def _book(request: HttpRequest, pk: int) -> Any:
    post = request.POST
    return booking.book_venue(
        request.user,
        round_id=post.get("round_id", ""),
        venue_id=post.get("venue_id", ""),
        purpose=post.get("purpose", ""),
        starts_at=post.get("starts_at", ""),
        ends_at=post.get("ends_at", ""),
    )


STEPS: dict[str, tuple[Any, str]] = {
    "accept": (lambda r, pk: actions.accept_project(r.user, pk), "已受理进场登记"),
    "reject": (
        lambda r, pk: actions.reject_project(r.user, pk, r.POST.get("reason", "")),
        "已退回进场登记",
    ),
    "announce": (_announce, "已发布招标公告和招标文件"),
    "clarify": (
        lambda r, pk: announcing.clarify(
            r.user, pk, text=r.POST.get("text", ""), new_deadline=r.POST.get("new_deadline") or None
        ),
        "已发布澄清或修改",
    ),
    "deadline": (
        lambda r, pk: announcing.change_deadline(
            r.user, pk, new_deadline=r.POST.get("new_deadline", ""), reason=r.POST.get("reason", "")
        ),
        "已变更投标截止时间",
    ),
    "terminate": (
        lambda r, pk: actions.terminate(r.user, pk, r.POST.get("reason", "")),
        "已终止招标",
    ),
    "book": (_book, "已预约场地"),
}


@login_required
@require_POST
def project_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *STAFF)
    entry = STEPS.get(name)
    if entry is None:
        raise Http404
    action, done = entry
    return post_action(
        request,
        lambda: action(request, pk),
        done,
        to="trading:project",
        missing_is_404=True,
        pk=pk,
    )


@login_required
def notice_file(request: HttpRequest, pk: int, file: int) -> FileResponse:
    """A notice's file, to whoever reads the project."""
    require_perm(request, *STAFF)
    try:
        project = project_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    row = NoticeFile.objects.filter(pk=file, notice__project=project).first()
    if row is None:
        raise Http404
    return FileResponse(
        default_storage.open(row.stored_path, "rb"),
        as_attachment=True,
        filename=row.filename,
        content_type=row.content_type,
    )

"""At the door: the QR sheet the host prints (one code per invited unit,
each opening /office/meetings/sign/<token>/), the phone page where the
host's clerk signs the person who came in (or the attendee signs in as
themselves), and the clerk's list to tick attendance."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from xiaoneng.core.errors import NotFound
from xiaoneng.office.actions import meetings as actions
from xiaoneng.office.actions.meetings.common import is_clerk
from xiaoneng.office.models.meetings import Level
from xiaoneng.office.selectors import meetings as sel
from xiaoneng.web.access import require_perm
from xiaoneng.web.outcome import flash_outcome


def _hosted(request: HttpRequest, pk: int) -> object:
    require_perm(request, "meeting.apply", "meeting.manage")
    try:
        m = sel.meeting_for(request.user, pk)
    except NotFound:
        raise Http404("会议不存在或无权查看") from None
    if not is_clerk(request.user, m):
        raise Http404("会议不存在或无权查看")
    return m


@login_required
def qr_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """签到二维码: one per invited unit, printed by the host."""
    m = _hosted(request, pk)
    codes = []
    for inv in sel.invitations_of(request.user, m):  # type: ignore[arg-type]
        url = request.build_absolute_uri(reverse("office:meeting_sign", args=[inv.sign_token]))
        svg = segno.make(url, error="m").svg_inline(scale=4, dark="#111")
        # segno writes the SVG itself from a URL built here: nothing typed by anyone.
        codes.append({"inv": inv, "url": url, "svg": mark_safe(svg)})
    return render(request, "office/meetings/qr.html", {"m": m, "codes": codes})


@login_required
def clerk_list(request: HttpRequest, pk: int) -> HttpResponse:
    """签到表: the clerk ticks who came."""
    m = _hosted(request, pk)
    return render(
        request,
        "office/meetings/signin.html",
        {"m": m, "invitations": sel.invitations_of(request.user, m), "levels": Level.choices},  # type: ignore[arg-type]
    )


@login_required
def sign(request: HttpRequest, token: str) -> HttpResponse:
    """The phone page a door QR code opens."""
    try:
        inv = sel.invitation_by_token(token)
    except NotFound:
        raise Http404("签到码无效") from None
    if request.method == "POST":
        p = request.POST
        flash_outcome(
            request,
            lambda: actions.sign_in(
                actor=request.user,
                token=token,
                attendee_name=p.get("attendee_name", ""),
                attendee_level=p.get("attendee_level", ""),
                attendee_title=p.get("attendee_title", ""),
            ),
            lambda row: (
                f"已签到：{row.attendee_name}" + (f"（{row.violation}）" if row.violation else "")
            ),
        )
        back = p.get("next", "")
        if back == "list":
            return redirect("office:meeting_signin", pk=inv.meeting_id)
        return redirect("office:meeting_sign", token=token)
    inv.refresh_from_db()
    clerk = is_clerk(request.user, inv.meeting)
    context = {
        "inv": inv,
        "m": inv.meeting,
        "clerk": clerk,
        "self_sign": inv.attendee_id == request.user.pk,
        "levels": Level.choices,
    }
    return render(request, "office/meetings/sign.html", context)

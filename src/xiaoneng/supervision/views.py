"""The supervisor desk (监察台): open cases by alert level, the step deadlines
of parallel approval, the cards, the urging and correction orders with the
departments' replies, the anomalies with their evidence, a case's timeline
with its audit-chain status, and everyone's notification centre."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from xiaoneng.calendar.selectors import current_calendar
from xiaoneng.cases.alerts import days_left
from xiaoneng.cases.models import Case, CaseStatus
from xiaoneng.core import timesource
from xiaoneng.core.errors import DomainError
from xiaoneng.notifications.models import Notification
from xiaoneng.notifications.selectors import notifications_for
from xiaoneng.org.authority import has_perm
from xiaoneng.system.middleware import operation
from xiaoneng.system.models import BusinessType
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import optional_int
from xiaoneng.web.lights import PAUSED_NOTE, is_lit, light_text, light_words
from xiaoneng.web.outcome import post_action, redirect_within
from xiaoneng.web.paging import paginate

from . import actions, lists, selectors
from .anomalies import RULES, step_label
from .forms import (
    AlertSearchForm,
    AnomalySearchForm,
    CardSearchForm,
    CloseForm,
    DepartmentSearchForm,
    ExplainForm,
    OrderForm,
    OrderSearchForm,
    ReplyForm,
    SubjectCardSearchForm,
)
from .levels import AlertContext
from .models import AnomalyStatus, CardColour, OrderStatus, Step

F = TypeVar("F", bound=DepartmentSearchForm)


def _require_viewer(request: HttpRequest) -> None:
    """The lists: the bureau (view) and the departments answering (reply)."""
    if not selectors.may_view(request.user):
        raise PermissionDenied


def _searched(request: HttpRequest, form_class: type[F], **extra: Any) -> tuple[F, dict[str, Any]]:
    """A list's search form over the departments the actor may filter by,
    and what it cleaned (nothing when it is not valid)."""
    departments = selectors.departments_for_filter(request.user)
    form = form_class(request.GET, departments=departments, **extra)
    return form, (form.cleaned_data if form.is_valid() else {})


def _post_text(
    request: HttpRequest,
    perm: str,
    field: str,
    run: Callable[[str], object],
    done: str,
    **redirect_to: Any,
) -> HttpResponse:
    """A desk's one-text POST form (an explanation, a reply, a closing
    note): the permission, then `run(text)` through the kit's post_action."""
    require_perm(request, perm)
    text = request.POST.get(field, "")
    return post_action(request, lambda: run(text), done, **redirect_to)


def _shown_light(level: str, text: Callable[[], str] | None) -> dict[str, Any]:
    """What kit/light.html shows: the level's word and colour, and beside
    it `text()` while a deadline runs ("—" without one, or when unlit)."""
    label, css = light_words(level)
    shown = text() if text is not None and is_lit(level) else "—"
    return {"level": level, "label": label, "css": css, "text": shown}


def _light(level: str, due: Any, today: Any, calendar: Any) -> dict[str, Any]:
    """An opinion step's light: the working days left to its own deadline."""
    if due is None:
        return _shown_light(level, None)
    return _shown_light(level, lambda: light_text(level, calendar.workdays_between(today, due)))


def _case_light(case: Case, today: Any, calendar: Any) -> dict[str, Any]:
    """A case's light, its level from the query: the days left as the stored
    clock gives them (frozen while the clock is paused)."""

    def text() -> str:
        remaining, _due = days_left(case, today, calendar)
        paused = case.status == CaseStatus.SUSPENDED
        return light_text(level, remaining, PAUSED_NOTE if paused else "")

    level = case.alert_level  # type: ignore[attr-defined]
    return _shown_light(level, text if case.due_on is not None else None)


@login_required
def desk_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "supervision.view")
    actor = request.user
    today, calendar = timesource.today(), current_calendar()
    form, data = _searched(request, AlertSearchForm, thresholds=selectors.warning_thresholds(actor))
    filters = selectors.AlertFilter(
        department=optional_int(data.get("department")),
        item=data.get("item") or "",
        level=data.get("level") or "",
        received_from=data.get("received_from"),
        received_to=data.get("received_to"),
        q=data.get("q") or "",
        warning_days=data.get("warning_days"),
        card=data.get("card") or "",
        anomaly=data.get("anomaly") == "1",
    )
    context = AlertContext.build(
        selectors.open_cases_in_scope(actor), today=today, calendar=calendar
    )
    found = selectors.alert_rows(actor, filters, context)
    exported = lists.export(request, found, lists.DESK, "电子监察在办办件")
    if exported is not None:
        return exported
    pages = paginate(request, found)
    cases = list(pages["page_obj"].object_list)
    card_counts = selectors.open_card_colours(actor, [c.pk for c in cases])
    rows = [
        {
            "case": c,
            "step": Step(c.step).label if c.step else "—",
            "light": _case_light(c, today, calendar),
            "cards": sorted(card_counts.get(c.pk, []), reverse=True),
        }
        for c in cases
    ]
    counts = selectors.level_counts(actor, context)
    return render(
        request,
        "supervision/desk.html",
        {
            "form": form,
            "rows": rows,
            "counts": counts,
            "figures": selectors.desk_figures(actor),
            "subject_cards": selectors.subject_card_figures(actor),
            "today": today,
            "can_manage": has_perm(actor, "supervision.manage"),
            "urge_due": current_calendar().add_workdays(today, 2),
            **pages,
        },
    )


@login_required
def case_chain_view(request: HttpRequest, pk: int) -> HttpResponse:
    """办理过程与审计链: a case's every step, its audit events and whether
    those links of the chain hold (or the first broken one)."""
    require_perm(request, "supervision.view")
    case = selectors.case_in_scope(request.user, pk)
    if case is None:
        raise Http404("办件不存在或无权查看")
    chain = selectors.case_chain(case)
    anomalies = selectors.anomalies_for_actor(request.user, selectors.AnomalyFilter(case=case.pk))
    return render(
        request,
        "supervision/case_chain.html",
        {"case": case, "chain": chain, "anomalies": anomalies},
    )


def _anomaly_rows(anomalies: Any) -> list[dict[str, Any]]:
    return [{"anomaly": a, "step": step_label(a.step)} for a in anomalies]


@login_required
def anomalies_view(request: HttpRequest) -> HttpResponse:
    """异常: filtered by kind, status, department and period of detection."""
    _require_viewer(request)
    actor = request.user
    form, data = _searched(request, AnomalySearchForm)
    filters = selectors.AnomalyFilter(
        kind=data.get("kind") or "",
        status=data.get("status") or "",
        department=optional_int(data.get("department")),
        detected_from=data.get("detected_from"),
        detected_to=data.get("detected_to"),
        subject=data.get("subject") or "",
    )
    found = selectors.anomalies_for_actor(actor, filters)
    exported = lists.export(request, found, lists.ANOMALIES, "电子监察异常")
    if exported is not None:
        return exported
    pages = paginate(request, found)
    return render(
        request,
        "supervision/anomalies.html",
        {
            "form": form,
            "rows": _anomaly_rows(pages["page_obj"].object_list),
            "rules": RULES,
            "can_explain": has_perm(actor, "supervision.reply"),
            "can_close": has_perm(actor, "supervision.manage"),
            **pages,
        },
    )


@login_required
def anomaly_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_viewer(request)
    actor = request.user
    anomaly = selectors.anomaly_for_actor(actor, pk)
    if anomaly is None:
        raise Http404("异常不存在或无权查看")
    return render(
        request,
        "supervision/anomaly_detail.html",
        {
            "anomaly": anomaly,
            "step": step_label(anomaly.step),
            "evidence": selectors.evidence_of(anomaly),
            "can_explain": has_perm(actor, "supervision.reply")
            and anomaly.status == AnomalyStatus.OPEN,
            "can_close": has_perm(actor, "supervision.manage")
            and anomaly.status == AnomalyStatus.EXPLAINED,
            "can_view_chain": has_perm(actor, "supervision.view"),
            "explain_form": ExplainForm(),
            "close_form": CloseForm(),
        },
    )


@login_required
@require_POST
@operation("异常情况说明", BusinessType.UPDATE)
def anomaly_explain_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_text(
        request,
        "supervision.reply",
        "explanation",
        lambda text: actions.explain_anomaly(actor=request.user, anomaly_id=pk, explanation=text),
        "情况说明已提交",
        to="supervision:anomaly",
        pk=pk,
    )


@login_required
@require_POST
@operation("办结异常", BusinessType.UPDATE)
def anomaly_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_text(
        request,
        "supervision.manage",
        "note",
        lambda text: actions.close_anomaly(actor=request.user, anomaly_id=pk, note=text),
        "异常已办结",
        to="supervision:anomaly",
        pk=pk,
    )


@login_required
def steps_view(request: HttpRequest) -> HttpResponse:
    """环节时限: the co-department opinions still owed, with their own light."""
    require_perm(request, "supervision.view", "supervision.reply")
    today, calendar = timesource.today(), current_calendar()
    level = request.GET.get("level", "")
    found = selectors.opinion_alerts(request.user, level)
    exported = lists.export(request, found, lists.STEPS, "待出具的会签意见")
    if exported is not None:
        return exported
    pages = paginate(request, found)
    rows = [
        {"opinion": o, "light": _light(o.alert_level, o.due_on, today, calendar)}
        for o in pages["page_obj"].object_list
    ]
    return render(
        request, "supervision/steps.html", {"rows": rows, "level": level, "today": today, **pages}
    )


@login_required
def cards_view(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    actor = request.user
    form, data = _searched(request, CardSearchForm)
    qs = selectors.cards_for_actor(
        actor,
        colour=data.get("colour") or "",
        open_only=data.get("state") == "open",
        closed_only=data.get("state") == "closed",
        department=optional_int(data.get("department")),
    )
    qs = qs.order_by("-issued_on", "-id")
    exported = lists.export(request, qs, lists.CARDS, "黄牌红牌")
    if exported is not None:
        return exported
    pages = paginate(request, qs)
    return render(
        request,
        "supervision/cards.html",
        {
            "form": form,
            "can_reply": has_perm(actor, "supervision.reply"),
            "reply_form": ReplyForm(),
            "yellow": CardColour.YELLOW,
            **pages,
        },
    )


@login_required
def subject_cards_view(request: HttpRequest) -> HttpResponse:
    """督办事项黄牌红牌: the cards on target tasks, directive tasks and
    requests (issued by their apps' sweeps; closed when the step is done)."""
    _require_viewer(request)
    form, data = _searched(request, SubjectCardSearchForm)
    qs = selectors.subject_cards_for_actor(
        request.user,
        subject=data.get("subject") or "",
        colour=data.get("colour") or "",
        open_only=data.get("state") == "open",
        closed_only=data.get("state") == "closed",
        department=optional_int(data.get("department")),
    )
    qs = qs.order_by("-issued_on", "-id")
    exported = lists.export(request, qs, lists.SUBJECT_CARDS, "督办事项黄牌红牌")
    if exported is not None:
        return exported
    return render(
        request, "supervision/subject_cards.html", {"form": form, **paginate(request, qs)}
    )


@login_required
@require_POST
@operation("黄红牌整改说明", BusinessType.UPDATE)
def card_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_text(
        request,
        "supervision.reply",
        "reply",
        lambda text: actions.reply_card(actor=request.user, card_id=pk, reply=text),
        "整改说明已提交",
        to="supervision:cards",
        follow_next=True,
    )


@login_required
def orders_view(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    actor = request.user
    form, data = _searched(request, OrderSearchForm)
    qs = selectors.orders_for_actor(
        actor,
        status=data.get("status") or "",
        kind=data.get("kind") or "",
        department=optional_int(data.get("department")),
        subject=data.get("subject") or "",
    ).order_by("-id")
    exported = lists.export(request, qs, lists.ORDERS, "督办与纠错通知")
    if exported is not None:
        return exported
    pages = paginate(request, qs)
    return render(
        request,
        "supervision/orders.html",
        {
            "form": form,
            "today": timesource.today(),
            "can_reply": has_perm(actor, "supervision.reply"),
            "can_manage": has_perm(actor, "supervision.manage"),
            "closable": _closable(actor, pages["page_obj"].object_list),
            "issued": OrderStatus.ISSUED,
            "replied": OrderStatus.REPLIED,
            "reply_form": ReplyForm(),
            "close_form": CloseForm(),
            **pages,
        },
    )


def _closable(actor: Any, orders: Any) -> set[int]:
    """The orders on the page the actor may close once replied: a case order
    with supervision.manage, a subject order with the permission it was
    issued under."""
    return {o.pk for o in orders if has_perm(actor, o.closing_permission)}


@login_required
@operation("发出督办/纠错", BusinessType.CREATE)
def order_new_view(request: HttpRequest) -> HttpResponse:
    require_perm(request, "supervision.manage")
    actor = request.user
    case_id = optional_int(request.GET.get("case") or request.POST.get("case"))
    case = selectors.case_with_alert_level(actor, case_id)
    if case is None:
        raise Http404("办件不存在或无权查看")
    error = None
    if request.method == "POST":
        form = OrderForm(request.POST)
        if form.is_valid():
            try:
                order = actions.issue_order(
                    actor=actor,
                    case_id=case.pk,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    due_on=form.cleaned_data["due_on"],
                )
            except DomainError as exc:
                error = exc
            else:
                messages.success(
                    request, f"{order.get_kind_display()}已发送至{order.department.name}"
                )
                return redirect("supervision:orders")
    else:
        form = OrderForm(
            initial={
                "kind": "urge",
                "due_on": current_calendar().add_workdays(timesource.today(), 2),
            }
        )
    today = timesource.today()
    return render(
        request,
        "supervision/order_form.html",
        {
            "form": form,
            "case": case,
            "light": _case_light(case, today, current_calendar()),
            "error": error,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
@operation("答复督办/纠错", BusinessType.UPDATE)
def order_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_text(
        request,
        "supervision.reply",
        "reply",
        lambda text: actions.reply_order(actor=request.user, order_id=pk, reply=text),
        "答复已提交",
        to="supervision:orders",
        follow_next=True,
    )


@login_required
@require_POST
@operation("办结督办/纠错", BusinessType.UPDATE)
def order_close_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_viewer(request)  # the action checks the order's own closing permission
    text = request.POST.get("note", "")
    return post_action(
        request,
        lambda: actions.close_order(actor=request.user, order_id=pk, note=text),
        "已办结",
        to="supervision:orders",
        follow_next=True,
    )


@login_required
def notifications_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    pages = paginate(request, notifications_for(request.user, unread_only=unread_only))
    return render(request, "supervision/notifications.html", {"unread_only": unread_only, **pages})


@login_required
def notification_open_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Open one message: it is marked read and the user goes where it points."""
    message: Notification | None = notifications_for(request.user).filter(pk=pk).first()
    if message is None:
        raise Http404("通知不存在")
    actions.mark_read(actor=request.user, ids=[message.pk])
    return redirect_within(request, message.link, "supervision:notifications")

"""厉行节约 pages. The unit (`frugality.register`): its receptions, fleet,
purchase requests and trips, with the forms to register them and record
actuals; the unit head (`frugality.approve`): the receptions awaiting his
approval; the city leader (`frugality.approve.city`): purchase requests and
trips of his portfolio; finance (`frugality.report`): the 三公经费 report,
its .xlsx and its publication. Public: 三公经费公开 (published years only)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from xiaoneng.cases import uploads
from xiaoneng.core.errors import DomainError, InvalidInput, NotFound
from xiaoneng.org.authority import has_perm
from xiaoneng.web.access import require_perm
from xiaoneng.web.forms import year_param
from xiaoneng.web.outcome import post_action
from xiaoneng.web.paging import paginate
from xiaoneng.web.public import public_page

from . import actions, exports
from .forms import (
    ActualsForm,
    PurchaseRequestForm,
    ReceptionForm,
    TripActualsForm,
    TripForm,
    UseForm,
    VehicleForm,
)
from .models import Status, VehicleOrigin
from .selectors import (
    APPROVE,
    APPROVE_CITY,
    FIGURE_LABELS,
    FIGURES,
    READ_PERMISSIONS,
    REGISTER,
    REPORT,
    UNIT_PERMISSIONS,
    ZERO,
    open_scan,
    pending_city,
    pending_receptions,
    published_year,
    published_years,
    reception_for,
    receptions_for,
    request_for,
    requests_for,
    scan_for,
    standards,
    totals,
    trip_for,
    trips_for,
    vehicle_for,
    vehicles_for,
    year_figures,
)
from .standards import companions_max, plan_ceiling

STATES = (("", "全部"), *Status.choices)


def _filtered(request: HttpRequest, qs: Any, date_field: str) -> tuple[Any, dict[str, Any]]:
    state = request.GET.get("state", "")
    year = year_param(request)
    qs = qs.filter(**{f"{date_field}__year": year})
    if state in Status.values:
        qs = qs.filter(status=state)
    return qs, {"state": state, "states": STATES, "year": year}


def _error(exc: DomainError) -> dict[str, str]:
    return {"code": exc.code or "", "message": exc.message}


# --- receptions ----------------------------------------------------------------------


@login_required
def receptions(request: HttpRequest) -> HttpResponse:
    """公务接待登记台: the unit's receptions (finance: every unit's)."""
    require_perm(request, *READ_PERMISSIONS)
    qs, filters = _filtered(request, receptions_for(request.user), "start_on")
    pages = paginate(request, qs.order_by("-start_on", "-id"))
    return render(
        request,
        "frugality/receptions.html",
        {**pages, **filters, "can_register": has_perm(request.user, REGISTER)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reception_new(request: HttpRequest) -> HttpResponse:
    require_perm(request, REGISTER)
    form = ReceptionForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = actions.register_reception(
                actor=request.user,
                sending_unit=d["sending_unit"],
                letter_number=d["letter_number"],
                letter_date=d["letter_date"],
                letter_scan=d["letter_scan"],
                guest_level=d["guest_level"],
                from_outside_city=d["from_outside_city"],
                guests=d["guests"],
                companions=d["companions"],
                meals=d["meals"],
                nights=d["nights"] or 0,
                start_on=d["start_on"],
                end_on=d["end_on"],
                planned_cost=d["planned_cost"],
                purpose=d["purpose"],
            )
        except DomainError as exc:
            error = _error(exc)
        else:
            return redirect("frugality:reception", pk=row.pk)
    s = standards()
    return render(
        request,
        "frugality/reception_new.html",
        {"form": form, "error": error, "s": s, "upload_accept": uploads.ACCEPT},
    )


@login_required
def reception_scan(request: HttpRequest, pk: int, scan: int) -> FileResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = scan_for(request.user, pk, scan)
        stream = open_scan(row)
    except NotFound:
        raise Http404("公函扫描件不存在或无权查看") from None
    return FileResponse(
        stream, as_attachment=True, filename=row.filename, content_type=row.content_type
    )


@login_required
def reception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = reception_for(request.user, pk)
    except NotFound:
        raise Http404("公务接待不存在或无权查看") from None
    s = standards()
    user = request.user
    context = {
        "r": row,
        "scans": list(row.scans.all()),
        "companions_max": companions_max(row.guests, s),
        "ceiling": plan_ceiling(row.guests, row.companions, row.meals, row.nights, s),
        "s": s,
        "can_decide": row.status == Status.PENDING
        and has_perm(user, APPROVE)
        and row.registered_by_id != user.pk,
        "can_record": row.status == Status.APPROVED and has_perm(user, REGISTER),
        "actuals_form": ActualsForm(
            initial={
                "actual_guests": row.guests,
                "actual_companions": row.companions,
                "actual_meals": row.meals,
                "actual_nights": row.nights,
                "alcohol": "0",
            }
        ),
    }
    return render(request, "frugality/reception.html", context)


def _actuals(request: HttpRequest, pk: int) -> Any:
    form = ActualsForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    return actions.record_reception_actuals(
        actor=request.user, reception_id=pk, **form.action_args()
    )


def _form_error(form: Any) -> DomainError:
    first = next(iter(form.errors.items()))
    label = form.fields[first[0]].label if first[0] in form.fields else ""
    return InvalidInput(f"{label}：{first[1][0]}", code="frugality_form_invalid")


def _decide(kind: str) -> Any:
    def run(request: HttpRequest, pk: int) -> Any:
        approve = request.POST.get("decision") == "approve"
        note = request.POST.get("note", "")
        if kind == "reception":
            return actions.decide_reception(
                actor=request.user, reception_id=pk, approve=approve, note=note
            )
        if kind == "request":
            return actions.decide_vehicle_purchase(
                actor=request.user, request_id=pk, approve=approve, note=note
            )
        return actions.decide_trip(actor=request.user, trip_id=pk, approve=approve, note=note)

    return run


RECEPTION_STEPS: dict[str, tuple[Any, str]] = {
    "decide": (_decide("reception"), "已审批"),
    "actuals": (_actuals, "已登记实际情况"),
}


@login_required
@require_POST
def reception_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    require_perm(request, *UNIT_PERMISSIONS)
    if name not in RECEPTION_STEPS:
        raise Http404
    fn, done = RECEPTION_STEPS[name]
    return post_action(
        request, lambda: fn(request, pk), done, to="frugality:reception", missing_is_404=True, pk=pk
    )


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    """单位负责人审批台: receptions of the unit awaiting approval (not one's own)."""
    require_perm(request, APPROVE)
    pages = paginate(request, pending_receptions(request.user).order_by("start_on", "id"))
    return render(request, "frugality/approvals.html", pages)


# --- vehicles ------------------------------------------------------------------------


def _approved_requests(user: Any) -> Any:
    return [
        r
        for r in requests_for(user).filter(status=Status.APPROVED).order_by("-id")
        if r.vehicles.count() < r.quantity
    ]


@login_required
@require_http_methods(["GET", "POST"])
def vehicles(request: HttpRequest) -> HttpResponse:
    """公务用车台账 and purchase requests; the forms to request and register."""
    require_perm(request, *READ_PERMISSIONS)
    user = request.user
    can_register = has_perm(user, REGISTER)
    request_form = PurchaseRequestForm(prefix="p")
    vehicle_form = VehicleForm(prefix="v", requests=_approved_requests(user))
    error = None
    if request.method == "POST":
        require_perm(request, REGISTER)
        try:
            if request.POST.get("form") == "request":
                request_form = PurchaseRequestForm(request.POST, prefix="p")
                if not request_form.is_valid():
                    raise _form_error(request_form)
                d = request_form.cleaned_data
                made = actions.request_vehicle_purchase(actor=user, **d)
                return redirect("frugality:vehicle_request", pk=made.pk)
            vehicle_form = VehicleForm(request.POST, prefix="v", requests=_approved_requests(user))
            if not vehicle_form.is_valid():
                raise _form_error(vehicle_form)
            d = vehicle_form.cleaned_data
            car = actions.register_vehicle(
                actor=user, **{**d, "price": d["price"] or 0, "document": d["document"] or ""}
            )
            return redirect("frugality:vehicle", pk=car.pk)
        except DomainError as exc:
            error = _error(exc)
    pages = paginate(request, vehicles_for(user).order_by("department__sort", "plate"))
    context = {
        **pages,
        "requests": list(requests_for(user).order_by("-id")[:50]),
        "request_form": request_form,
        "vehicle_form": vehicle_form,
        "can_register": can_register,
        "error": error,
    }
    return render(request, "frugality/vehicles.html", context)


@login_required
def vehicle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        car = vehicle_for(request.user, pk)
    except NotFound:
        raise Http404("车辆不存在或无权查看") from None
    pages = paginate(request, car.uses.order_by("-used_on", "-id"))
    context = {
        "v": car,
        **pages,
        "use_form": UseForm(initial={"start_km": car.odometer}),
        "can_log": has_perm(request.user, REGISTER),
        "flagged": car.origin == VehicleOrigin.LEGACY,
    }
    return render(request, "frugality/vehicle.html", context)


@login_required
@require_POST
def vehicle_use(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, REGISTER)

    def run() -> Any:
        form = UseForm(request.POST)
        if not form.is_valid():
            raise _form_error(form)
        d = form.cleaned_data
        return actions.log_vehicle_use(
            actor=request.user, vehicle_id=pk, **{**d, "cost": d["cost"] or 0}
        )

    return post_action(
        request, run, "已登记用车", to="frugality:vehicle", missing_is_404=True, pk=pk
    )


@login_required
def vehicle_request(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = request_for(request.user, pk)
    except NotFound:
        raise Http404("购车申请不存在或无权查看") from None
    context = {
        "p": row,
        "cars": list(row.vehicles.all()),
        "can_decide": row.status == Status.PENDING
        and has_perm(request.user, APPROVE_CITY)
        and row.requested_by_id != request.user.pk,
    }
    return render(request, "frugality/vehicle_request.html", context)


@login_required
@require_POST
def vehicle_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, APPROVE_CITY)
    return post_action(
        request,
        lambda: _decide("request")(request, pk),
        "已审批",
        to="frugality:vehicle_request",
        missing_is_404=True,
        pk=pk,
    )


# --- trips ---------------------------------------------------------------------------


def _persons(post: Any) -> list[dict[str, str]]:
    rows = zip(
        post.getlist("person_name"),
        post.getlist("person_post"),
        post.getlist("person_business"),
        strict=False,
    )
    return [
        {"name": n, "post": p, "business": b}
        for n, p, b in rows
        if (n or "").strip() or (b or "").strip()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def trips(request: HttpRequest) -> HttpResponse:
    """因公出国（境）: the unit's requests, and a new one."""
    require_perm(request, *READ_PERMISSIONS)
    form = TripForm()
    error = None
    persons: list[dict[str, str]] = []
    if request.method == "POST":
        require_perm(request, REGISTER)
        form = TripForm(request.POST)
        persons = _persons(request.POST)
        try:
            if not form.is_valid():
                raise _form_error(form)
            row = actions.request_trip(actor=request.user, persons=persons, **form.cleaned_data)
        except DomainError as exc:
            error = _error(exc)
        else:
            return redirect("frugality:trip", pk=row.pk)
    qs, filters = _filtered(request, trips_for(request.user), "start_on")
    pages = paginate(request, qs.order_by("-start_on", "-id"))
    slots = persons + [{"name": "", "post": "", "business": ""}] * max(0, 5 - len(persons))
    context = {
        **pages,
        **filters,
        "form": form,
        "error": error,
        "slots": slots,
        "can_register": has_perm(request.user, REGISTER),
    }
    return render(request, "frugality/trips.html", context)


@login_required
def trip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, *READ_PERMISSIONS)
    try:
        row = trip_for(request.user, pk)
    except NotFound:
        raise Http404("出访申请不存在或无权查看") from None
    context = {
        "t": row,
        "persons": list(row.persons.all()),
        "can_decide": row.status == Status.PENDING
        and has_perm(request.user, APPROVE_CITY)
        and row.requested_by_id != request.user.pk,
        "can_record": row.status == Status.APPROVED and has_perm(request.user, REGISTER),
        "actuals_form": TripActualsForm(),
    }
    return render(request, "frugality/trip.html", context)


def _trip_actuals(request: HttpRequest, pk: int) -> Any:
    form = TripActualsForm(request.POST)
    if not form.is_valid():
        raise _form_error(form)
    return actions.record_trip_actuals(actor=request.user, trip_id=pk, **form.cleaned_data)


TRIP_STEPS: dict[str, tuple[Any, str, str]] = {
    "decide": (_decide("trip"), "已审批", APPROVE_CITY),
    "actuals": (_trip_actuals, "已登记实际情况", REGISTER),
}


@login_required
@require_POST
def trip_step(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in TRIP_STEPS:
        raise Http404
    fn, done, permission = TRIP_STEPS[name]
    require_perm(request, permission)
    return post_action(
        request, lambda: fn(request, pk), done, to="frugality:trip", missing_is_404=True, pk=pk
    )


@login_required
def city(request: HttpRequest) -> HttpResponse:
    """市分管领导审批台: purchase requests and trips of the portfolio's units."""
    require_perm(request, APPROVE_CITY)
    purchases, journeys = pending_city(request.user)
    return render(
        request,
        "frugality/city.html",
        {
            "purchases": list(purchases.order_by("id")),
            "journeys": list(journeys.order_by("start_on")),
        },
    )


# --- 三公经费 --------------------------------------------------------------------------


def _report_context(request: HttpRequest) -> dict[str, Any]:
    year = year_param(request)
    rows = year_figures(request.user, year)
    months = {m: dict.fromkeys(FIGURES, ZERO) for m in range(1, 13)}
    for r in rows:
        for m, values in r.months.items():
            for f in FIGURES:
                months[m][f] += values[f]
    return {
        "year": year,
        "rows": rows,
        "sums": totals(rows),
        "grand": sum(totals(rows).values(), ZERO),
        "months": [{"month": m, **v, "total": sum(v.values(), ZERO)} for m, v in months.items()],
        "labels": [FIGURE_LABELS[f] for f in FIGURES],
        "published": published_year(year),
        "finance": has_perm(request.user, REPORT),
    }


@login_required
def report(request: HttpRequest) -> HttpResponse:
    """三公经费统计: per department and month (finance all, a unit its own)."""
    require_perm(request, REPORT, *UNIT_PERMISSIONS)
    return render(request, "frugality/report.html", _report_context(request))


@login_required
def report_export(request: HttpRequest) -> HttpResponse:
    require_perm(request, REPORT, *UNIT_PERMISSIONS)
    year = year_param(request)
    data = exports.report_xlsx(year, year_figures(request.user, year))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="sangong-{year}.xlsx"'
    return response


@login_required
@require_POST
def report_publish(request: HttpRequest) -> HttpResponse:
    require_perm(request, REPORT)
    year = request.POST.get("year", "")
    return post_action(
        request,
        lambda: actions.publish_year(actor=request.user, year=year),
        "已公开",
        to=f"/frugality/report/?year={year}" if year.isdigit() else "frugality:report",
    )


def public(request: HttpRequest) -> HttpResponse:
    """三公经费公开: the published years only (snapshots), no sign-in."""
    years = list(published_years())
    chosen = None
    wanted = request.GET.get("year", "")
    for y in years:
        if str(y.year) == wanted:
            chosen = y
    if chosen is None and years:
        chosen = years[0]
    labels = [(f, FIGURE_LABELS[f]) for f in FIGURES]
    return public_page(
        request, "frugality/public.html", {"years": years, "chosen": chosen, "labels": labels}
    )

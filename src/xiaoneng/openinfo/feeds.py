"""The items seed art. 7 names, published automatically from what the
product already knows (no re-typing): computed public feeds, no sign-in.

- 审批事项: per published approval item its policy basis, procedure and time
  limits (catalog).
- 审批结果: per decided case the result, the handling department and staff;
  the same rows as the portal's results page (`cases.results`: the
  applicant's name masked); nothing else of the applicant leaves.
- 收费目录: the fees in force today (fees).
- 涉企检查: the year's approved and held inspection activities and the count
  per organising department (inspections); no enterprise, no inspector.
- 重大决策: the major decisions published (decisions), each linking to its
  public page.
Each feed is capped (`LIMIT`) and newest first where it has a date."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse

from xiaoneng.cases.results import published_results, result_row
from xiaoneng.catalog.selectors import published_items
from xiaoneng.decisions.selectors import published_decisions
from xiaoneng.fees.selectors import fees_in_force, public_row
from xiaoneng.inspections.selectors import burden, public_activities

LIMIT = 50


def approval_items(limit: int = LIMIT) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "name": i.name,
            "department": i.department.name,
            "legal_basis": i.legal_basis,
            "procedure": [s.strip() for s in i.procedure.splitlines() if s.strip()],
            "legal_limit_days": i.legal_limit_days,
            "committed_limit_days": i.committed_limit_days,
        }
        for i in published_items()[:limit]
    ]


def decided_cases(limit: int = LIMIT) -> list[dict[str, Any]]:
    rows = [result_row(case) for case in published_results()[:limit]]
    return [
        {
            "tracking_no": r.case.tracking_no,
            "item": r.case.item.name,
            "applicant": r.applicant,
            "result": r.case.get_decision_display(),
            "decided_on": r.case.decided_on,
            "department": r.department,
            "staff": r.staff,
        }
        for r in rows
    ]


def fees(today: date, limit: int = LIMIT) -> list[dict[str, Any]]:
    qs = fees_in_force(today).select_related("department").order_by("code")
    return [public_row(f) for f in qs[:limit]]


def inspections(year: int, limit: int = LIMIT) -> dict[str, Any]:
    activities = public_activities(year)
    return {
        "activities": [
            {
                "title": a.title,
                "organiser": a.organiser.name,
                "start_on": a.start_on,
                "end_on": a.end_on,
                "status": a.get_status_display(),
            }
            for a in activities[:limit]
        ],
        "departments": burden(year)["departments"],
    }


def decisions(limit: int = LIMIT) -> list[dict[str, Any]]:
    return [
        {
            "title": d.title,
            "sponsor": d.sponsor.name,
            "published_on": d.published_on,
            "url": reverse("decisions:public_decision", args=[d.pk]),
        }
        for d in published_decisions()[:limit]
    ]

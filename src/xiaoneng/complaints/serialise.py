"""A complaint as the API and the desks hand it out: the centre's full view
(with the complainant only when asked for `identity`), and the accused
department's view built from the projection's dicts (no identity there to
leak: `selectors.ACCUSED_FIELDS`)."""

from __future__ import annotations

from typing import Any

from xiaoneng.complaints.models import OPEN_STATUSES, Category, Complaint, Status
from xiaoneng.complaints.selectors import lamp
from xiaoneng.complaints.vocabulary import EVENT_WORDS


def complaint_out(row: Complaint, *, identity: bool, events: bool = True) -> dict[str, Any]:
    light = lamp(row.due_on if row.is_open else None)
    out: dict[str, Any] = {
        "id": row.pk,
        "number": row.number,
        "channel": row.channel,
        "category": row.category,
        "category_label": row.get_category_display(),
        "department_id": row.department_id,
        "department": row.department.name,
        "staff_name": row.staff_name,
        "title": row.title,
        "description": row.description,
        "address_string": row.address_string,
        "status": row.status,
        "status_label": row.get_status_display(),
        "received_on": row.received_on,
        "accept_due_on": row.accept_due_on,
        "accepted_on": row.accepted_on,
        "conclude_due_on": row.conclude_due_on,
        "due_on": row.due_on,
        "light": light.level,
        "remaining_workdays": light.remaining,
        "extension_days": row.extension_days,
        "extension_requested_days": row.extension_requested_days,
        "closed_on": row.closed_on,
        "late": row.late,
        "explanation_questions": row.explanation_questions,
        "explanation_requested_on": row.explanation_requested_on,
        "explanation_due_on": row.explanation_due_on,
        "explained_on": row.explained_on,
        "explanation_text": row.explanation_text,
        "explanation_late": row.explanation_late,
        "outcome": row.outcome,
        "findings": row.findings,
        "handling_opinion": row.handling_opinion,
        "reply_text": row.reply_text,
        "replied_on": row.replied_on,
        "decline_reason": row.decline_reason,
        "transferred_to": row.transferred_to,
        "merged_into": row.merged_into.number if row.merged_into is not None else "",
        "callback_on": row.callback_on,
        "satisfaction": row.satisfaction,
        "reexamination_requested_on": row.reexamination_requested_on,
        "reexamination_due_on": row.reexamination_due_on,
        "reexamination_outcome": row.reexamination_outcome,
        "reexamined_on": row.reexamined_on,
        "handler": row.handler.display_name if row.handler is not None else "",
        "complainant": None,
        "events": [],
    }
    if identity:
        out["complainant"] = {
            "name": row.complainant_name,
            "phone": row.complainant_phone,
            "id_no": row.complainant_id_no,
            "address": row.complainant_address,
            "anonymous": row.anonymous,
            "user_id": row.complainant_user_id,
        }
    if events:
        out["events"] = [
            {
                "kind": e.kind,
                "label": EVENT_WORDS.get(e.kind, e.kind),
                "on": e.on,
                "days": e.days,
                "actor": e.actor_name,
                "note": e.note,
            }
            for e in row.events.order_by("seq")
        ]
    return out


def accused_out(d: dict[str, Any]) -> dict[str, Any]:
    """The accused department's view: the matter and its explanation; the
    deadline that runs for it is the explanation's."""
    waiting = d["explained_on"] is None and d["status"] in OPEN_STATUSES
    running = d["explanation_due_on"] if waiting else None
    light = lamp(running)
    return {
        "id": d["id"],
        "number": d["number"],
        "channel": d["channel"],
        "category": d["category"],
        "category_label": Category(d["category"]).label,
        "department_id": d["department_id"],
        "department": d["department__name"],
        "staff_name": d["staff_name"],
        "title": d["title"],
        "description": d["description"],
        "address_string": d["address_string"],
        "status": d["status"],
        "status_label": Status(d["status"]).label,
        "received_on": d["received_on"],
        "accept_due_on": None,
        "accepted_on": d["accepted_on"],
        "conclude_due_on": None,
        "due_on": running,
        "light": light.level,
        "remaining_workdays": light.remaining,
        "extension_days": 0,
        "extension_requested_days": 0,
        "closed_on": d["closed_on"],
        "late": d["explanation_late"],
        "explanation_questions": d["explanation_questions"],
        "explanation_requested_on": d["explanation_requested_on"],
        "explanation_due_on": d["explanation_due_on"],
        "explained_on": d["explained_on"],
        "explanation_text": d["explanation_text"],
        "explanation_late": d["explanation_late"],
        "outcome": d["outcome"],
        "findings": "",
        "handling_opinion": d["handling_opinion"],
        "reply_text": "",
        "replied_on": None,
        "decline_reason": "",
        "transferred_to": "",
        "merged_into": "",
        "callback_on": None,
        "satisfaction": None,
        "reexamination_requested_on": None,
        "reexamination_due_on": None,
        "reexamination_outcome": "",
        "reexamined_on": None,
        "handler": "",
        "complainant": None,
        "events": [],
    }

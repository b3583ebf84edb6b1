"""文风会风、值班请假、一线工作 (seed art. 9, 11, 12): outgoing documents, the
reporting calendar, meetings, holiday duty, principal leaders' leave,
emergencies and leaders' front-line work. See `office.models`."""

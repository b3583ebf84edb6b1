"""/api/v1/documents, /reports, /meetings, /duty, /leave, /emergencies and
/frontline: one router per part (mounted in `api.main`)."""

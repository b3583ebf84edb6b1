"""The only writers of daily government work, one module per part. Each
action: keyword-only arguments with `actor` first, one transaction, the
permission for that step and the place it is taken from, the row locked,
one audit event, notifications on commit."""

"""Each part's daily sweep for supervision: `sweep(today) -> counts` (cards
for its overdue steps, its findings, reminders). `office.supervise` runs
them all."""

"""收费 pages: 收费公示 (public), the catalog desk (`fee.catalog`), a case's
收费 page and the window's charges (`fee.charge`), the head's approvals
(`fee.approve`), the monthly reconciliation (`fee.reconcile`)."""

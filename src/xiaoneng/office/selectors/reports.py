"""The scoped reads of reports (filled in by its part)."""

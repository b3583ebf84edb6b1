"""The actions of reports (filled in by its part)."""

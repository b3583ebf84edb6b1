"""The scoped reads of meetings (filled in by its part)."""

"""The scoped reads of dispatches (filled in by its part)."""

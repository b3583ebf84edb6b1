"""The scoped reads of leave (filled in by its part)."""

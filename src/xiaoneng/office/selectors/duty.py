"""The scoped reads of duty (filled in by its part)."""

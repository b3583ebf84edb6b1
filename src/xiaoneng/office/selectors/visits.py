"""The scoped reads of visits (filled in by its part)."""

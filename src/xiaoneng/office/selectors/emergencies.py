"""The scoped reads of emergencies (filled in by its part)."""

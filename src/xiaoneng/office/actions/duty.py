"""The actions of duty (filled in by its part)."""

"""The actions of meetings (filled in by its part)."""

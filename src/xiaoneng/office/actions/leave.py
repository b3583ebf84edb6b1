"""The actions of leave (filled in by its part)."""

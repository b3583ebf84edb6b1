"""The actions of dispatches (filled in by its part)."""

"""The actions of visits (filled in by its part)."""

"""The actions of emergencies (filled in by its part)."""

"""Desks under /office/; each view module owns its `urlpatterns`."""

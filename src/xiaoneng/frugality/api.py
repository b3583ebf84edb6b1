"""The frugality API: `/api/v1/receptions`, `/vehicles`, `/trips`."""

from ninja import Router

receptions_router = Router(tags=["公务接待"])
vehicles_router = Router(tags=["公务用车"])
trips_router = Router(tags=["因公出国（境）"])

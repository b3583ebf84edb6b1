"""The inspections API: `/api/v1/inspections`."""

from ninja import Router

router = Router(tags=["检查评比观摩"])

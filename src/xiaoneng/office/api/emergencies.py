"""The API of emergencies (filled in by its part)."""

from ninja import Router

router = Router()

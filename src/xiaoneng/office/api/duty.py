"""The API of duty (filled in by its part)."""

from ninja import Router

router = Router()

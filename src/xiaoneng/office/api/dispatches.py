"""The API of dispatches (filled in by its part)."""

from ninja import Router

router = Router()

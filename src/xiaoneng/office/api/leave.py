"""The API of leave (filled in by its part)."""

from ninja import Router

router = Router()

"""The API of visits (filled in by its part)."""

from ninja import Router

router = Router()

"""The API of reports (filled in by its part)."""

from ninja import Router

router = Router()

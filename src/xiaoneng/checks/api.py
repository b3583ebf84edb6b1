"""The 明察暗访 API (`/api/v1/checks`)."""

from ninja import Router

router = Router(tags=["明察暗访"])

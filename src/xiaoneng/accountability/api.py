"""The 问责 API (`/api/v1/accountability`)."""

from ninja import Router

router = Router(tags=["问责"])

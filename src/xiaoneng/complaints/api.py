"""The 效能投诉 API (`/api/v1/complaints`)."""

from ninja import Router

router = Router(tags=["效能投诉"])

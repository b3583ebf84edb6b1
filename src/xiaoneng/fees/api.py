"""The fees API: `/api/v1/fees` (the catalog) and `/api/v1/charges`."""

from ninja import Router

catalog_router = Router(tags=["收费目录"])
charges_router = Router(tags=["收费"])

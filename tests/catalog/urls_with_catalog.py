"""TEMPORARY shim (see settings_with_catalog): mounts the catalog router the
way api/main.py will, before the URLs are built."""

from xiaoneng.api.main import api
from xiaoneng.catalog.api import router

api.add_router("/v1/", router)

from xiaoneng.config.urls import urlpatterns  # noqa: E402

__all__ = ["urlpatterns"]

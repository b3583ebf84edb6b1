"""TEMPORARY shim until the catalog app is wired into the project's settings
and API: the project's settings plus the catalog app, the catalog router
mounted at /api/v1/, and a private test database (other suites may be
running on var/test.sqlite3 at the same time). Delete once wired.

    uv run python -m pytest tests/catalog --ds=tests.catalog.settings_with_catalog
"""

from xiaoneng.config.settings import *  # noqa: F403
from xiaoneng.config.settings import DATABASES, INSTALLED_APPS, VAR_DIR

if "xiaoneng.catalog.apps.CatalogConfig" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "xiaoneng.catalog.apps.CatalogConfig"]
    ROOT_URLCONF = "tests.catalog.urls_with_catalog"
if "TEST" in DATABASES["default"]:
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-catalog.sqlite3")}

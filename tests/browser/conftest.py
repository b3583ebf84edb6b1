"""The live site most browser walks start from: the demo city and its catalog.
Modules that need another world define their own `site`."""

from __future__ import annotations

from typing import Any

import pytest

from xiaoneng.demo.catalog import load_demo_catalog
from xiaoneng.demo.city import load_demo_city
from xiaoneng.org.models import User


@pytest.fixture
def site(live_server: Any) -> str:
    load_demo_city()
    load_demo_catalog(User.objects.get(username="admin"))
    return str(live_server.url)

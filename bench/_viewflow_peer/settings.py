"""Minimal settings for the django-viewflow peer: its own apps and nothing of
the product's, on the same database engine and with the same SQLite pragmas
as the product (WAL, synchronous=NORMAL, immediate transactions)."""

from __future__ import annotations

import os

import dj_database_url

SECRET_KEY = "bench-only-not-secret"  # noqa: S105 - a throwaway process, no sessions
DEBUG = False
USE_TZ = True
TIME_ZONE = "Asia/Shanghai"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "viewflow",
    "viewflow.workflow",
    "_viewflow_peer",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("PEER_DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["PEER_DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["PEER_SQLITE_PATH"],
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                ),
            },
        }
    }

"""Static files as production serves them: hashed names (a changed file is a
new URL, so browsers may keep each one for ten years), a Brotli and a gzip
copy beside each file, collected once by `serve` and answered by WhiteNoise.

- `CollectedStaticFilesStorage`: WhiteNoise's manifest storage; a name the
  manifest lacks (nothing collected yet, or a file added since) is answered
  with the name itself, which the finders serve — a page never fails for it.
  The test of the pages sets WHITENOISE_MANIFEST_STRICT to see every miss.
- `VendorFilesFinder`: the npm files the pages load (settings.STATIC_VENDOR_FILES),
  not the whole package (ECharts' dist also carries unminified, ESM and
  source-map builds: 50 MB to copy and compress for nothing).
- `collect_when_changed`: collectstatic unless the sources are those of the
  last collection; compressing ECharts takes seconds, a fingerprint of the
  sources' sizes and times takes milliseconds."""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.checks import CheckMessage
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)

# Beside the manifest in STATIC_ROOT: the fingerprint of the collected sources.
SOURCES_STAMP = "staticfiles.sources"


class CollectedStaticFilesStorage(CompressedManifestStaticFilesStorage):  # type: ignore[misc]
    manifest_strict = False

    def stored_name(self, name: str) -> str:
        clean = urlsplit(unquote(name)).path.strip()
        if self.manifest_strict or self.hash_key(clean) in self.hashed_files:
            return str(super().stored_name(name))
        # Debug only: WhiteNoise asks for names without their hash at start-up
        # ("echarts.min.js" → "echarts.js") to tell which files are immutable.
        logger.debug("static file %s is not in the manifest: served unhashed", clean)
        return name

    def compress_files(self, paths: Any) -> Any:
        # Pages link the hashed names only: compressing the unhashed copies
        # too would double the slowest step of collectstatic (Brotli).
        hashed = set(self.hashed_files.values())
        return super().compress_files([path for path in paths if path in hashed])


class VendorFilesFinder(finders.BaseFinder):
    """Publishes single files from outside the apps under a public name whose
    last part is the file's own name ("vendor/echarts/echarts.min.js")."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        vendor = getattr(settings, "STATIC_VENDOR_FILES", {})
        self.files = {name: Path(source) for name, source in vendor.items()}

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return []

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        source = self.files.get(path)
        found = [str(source)] if source is not None and source.is_file() else []
        if find_all:
            return found
        return found[0] if found else []  # Django's finders answer "none" with []

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name, source in self.files.items():
            if source.is_file() and posixpath.basename(name) == source.name:
                storage = FileSystemStorage(location=source.parent)
                storage.prefix = posixpath.dirname(name)  # type: ignore[attr-defined]
                yield source.name, storage


def sources_fingerprint() -> str:
    """Every file the finders would collect: public name, size, change time."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns  # type: ignore[attr-defined]
    entries = []
    for finder in finders.get_finders():
        for path, storage in finder.list(ignore):
            prefix = getattr(storage, "prefix", None) or ""
            source = storage.path(path)
            stat = os.stat(source)
            public = posixpath.join(prefix, path)
            entries.append(f"{public}\0{source}\0{stat.st_size}\0{stat.st_mtime_ns}")
    # The storage's class too: switching between plain and hashed collects again.
    digest = hashlib.sha256(staticfiles_storage.__class__.__qualname__.encode())
    for entry in sorted(entries):
        digest.update(entry.encode() + b"\n")
    return digest.hexdigest()


def collect_when_changed() -> bool:
    """collectstatic into STATIC_ROOT unless nothing changed since the last
    time; True when it ran. Nothing to do for the plain storage (the finders
    serve the sources themselves)."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return False
    root = Path(settings.STATIC_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    stamp = root / SOURCES_STAMP
    fingerprint = sources_fingerprint()
    # Two `serve` starting at once on one STATIC_ROOT (a restart overlapping
    # the old process, two servers on one host) would write the same hashed
    # files under each other: one collects, the other waits and finds it done.
    with (root / ".collect.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        collected = (root / staticfiles_storage.manifest_name).is_file() and stamp.is_file()
        if collected and stamp.read_text() == fingerprint:
            return False
        call_command("collectstatic", interactive=False, verbosity=0)
        stamp.write_text(fingerprint)
        return True

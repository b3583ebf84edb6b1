"""Static files as production serves them (system.staticfiles): collected once
into a temporary STATIC_ROOT with the hashed storage and a strict manifest, the
main pages link only hashed names, and each is answered compressed with a
ten-year immutable cache. The rest of the suite keeps the plain storage
(settings.STATIC_STORAGE), so no other test needs a collectstatic run."""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import brotli
import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client, override_settings

from xiaoneng.demo.city_data import DEMO_PASSWORD
from xiaoneng.system import staticfiles

HASHED_STORAGE = "xiaoneng.system.staticfiles.CollectedStaticFilesStorage"
STATIC_URL_IN_PAGE = re.compile(r"""(?:src|href)="(/static/[^"#?]+)""")
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[a-z0-9]+$")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
SRC = Path(__file__).resolve().parents[2] / "src" / "xiaoneng"
GUIDE_ITEM = "0700032000620700012"


def _hashed_settings(root: Path, *, strict: bool) -> override_settings:
    return override_settings(
        STATIC_ROOT=root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": HASHED_STORAGE},
        },
        WHITENOISE_MANIFEST_STRICT=strict,
    )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """collectstatic into a temporary directory, as `serve` does (once: the
    Brotli step takes seconds)."""
    root = tmp_path_factory.mktemp("static")
    with _hashed_settings(root, strict=True):
        assert staticfiles.collect_when_changed() is True
        yield root


@pytest.fixture
def hashed(static_root: Path) -> Path:
    return static_root


def _manifest(root: Path) -> dict[str, str]:
    paths: dict[str, str] = json.loads((root / "staticfiles.json").read_text())["paths"]
    return paths


def _signed_in(username: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    return client


def _get_static(url: str, encoding: str, **headers: str) -> Any:
    response = Client().get(url, headers={"accept-encoding": encoding, **headers})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, body


PAGES = [
    ("anonymous", "/accounts/login/"),
    ("anonymous", "/"),
    ("anonymous", f"/guide/{GUIDE_ITEM}/"),
    ("supervisor", "/workbench/"),
    ("supervisor", "/bigscreen/"),
]


@pytest.mark.parametrize(("username", "path"), PAGES)
def test_pages_link_only_hashed_files_served_compressed_and_immutable(
    hashed: Path, catalog: None, username: str, path: str
) -> None:
    client = Client() if username == "anonymous" else _signed_in(username)
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    urls = sorted(set(STATIC_URL_IN_PAGE.findall(html)))
    assert urls, f"{path} links no static file"
    manifest = _manifest(hashed)
    originals = {f"/static/{hashed_name}": name for name, hashed_name in manifest.items()}
    for url in urls:
        assert HASHED_NAME.search(url), f"{path} links the unhashed {url}"
        original = originals[url]
        assert f'"/static/{original}"' not in html
        assert finders.find(original) is not None
        for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            answer, body = _get_static(url, encoding)
            assert answer.status_code == 200, url
            assert answer["Content-Encoding"] == encoding, url
            assert decompress(body) == (hashed / manifest[original]).read_bytes(), url
            cache = answer["Cache-Control"]
            assert "max-age=315360000" in cache, (url, cache)
            assert "immutable" in cache, (url, cache)


def test_the_big_screen_loads_the_minified_echarts_hashed(hashed: Path, demo_city: None) -> None:
    html = _signed_in("supervisor").get("/bigscreen/").content.decode()
    assert re.search(r'src="/static/vendor/echarts/echarts\.min\.[0-9a-f]{12}\.js"', html)
    assert "/static/vendor/echarts/echarts.min.js" not in html


def test_our_css_url_references_survive_the_hashing(hashed: Path) -> None:
    manifest = _manifest(hashed)
    ours = [
        path.relative_to(SRC / path.relative_to(SRC).parts[0] / "static").as_posix()
        for path in SRC.glob("*/static/**/*.css")
    ]
    assert "web/css/xn.css" in ours
    references = 0
    for name in ours:
        collected = hashed / manifest[name]
        for target in CSS_URL.findall(collected.read_text()):
            if target.startswith(("data:", "#")):
                continue
            references += 1
            assert HASHED_NAME.search(target), f"{name}: {target} kept its unhashed name"
            assert (collected.parent / target).resolve().is_file(), f"{name}: {target}"
    # xn.css and portal.css draw the strata under their headers.
    assert references >= 3


def test_a_name_the_manifest_lacks(static_root: Path) -> None:
    # Production answers it unhashed (the finders serve it) rather than fail
    # the page; the strict manifest of the test above raises.
    with _hashed_settings(static_root, strict=False):
        assert static("web/css/not-there.css") == "/static/web/css/not-there.css"
        assert HASHED_NAME.search(static("web/css/xn.css"))
    with _hashed_settings(static_root, strict=True), pytest.raises(ValueError, match="manifest"):
        static("web/css/not-there.css")


def test_static_files_keep_their_cache_for_a_bearer_token(hashed: Path, db: None) -> None:
    url = static("web/css/xn.css")
    answer, _ = _get_static(url, "br", authorization="Bearer not-a-token")
    assert answer.status_code == 200
    assert "no-store" not in answer["Cache-Control"]
    assert "immutable" in answer["Cache-Control"]


def test_a_page_for_a_bearer_token_is_still_not_stored(hashed: Path, db: None) -> None:
    response = Client().get("/accounts/login/", headers={"authorization": "Bearer not-a-token"})
    assert "no-store" in response["Cache-Control"]


def test_only_the_minified_echarts_is_published() -> None:
    if finders.find("vendor/echarts/echarts.min.js") is None:
        pytest.skip("ECharts is not installed (npm ci)")
    for unused in ("echarts.js", "echarts.js.map", "echarts.esm.min.mjs", "extension/bmap.js"):
        assert finders.find(f"vendor/echarts/{unused}") is None, unused


def test_unchanged_sources_are_not_collected_again(hashed: Path, tmp_path: Path) -> None:
    assert staticfiles.collect_when_changed() is False
    vendored = tmp_path / "echarts.min.js"
    vendored.write_text("/* a build */")
    with override_settings(STATIC_VENDOR_FILES={"vendor/echarts/echarts.min.js": vendored}):
        finders.get_finder.cache_clear()
        try:
            before = staticfiles.sources_fingerprint()
            assert staticfiles.sources_fingerprint() == before
            os.utime(vendored, ns=(0, 1_000_000_000))
            assert staticfiles.sources_fingerprint() != before
        finally:
            finders.get_finder.cache_clear()

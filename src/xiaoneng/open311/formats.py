"""The two wire formats of GeoReport v2: JSON and XML, one shape for both.

A response is a list of records (dicts). In XML the list becomes the root
element and each record a child, named as the spec names them
(`<services><service>`, `<service_requests><request>`, `<errors><error>`);
a nested list becomes a wrapper element with one child per item
(`<attributes><attribute>`, `<values><value>`, `<formats><format>`).
Booleans are written `true`/`false`, a missing value as an empty element.
Every body is UTF-8; XML starts with the declaration the spec asks for."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
FORMATS = ("json", "xml")

# The element name of one item of a nested list, by the list's own name.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "service_requests": "request",
    "services": "service",
    "errors": "error",
}


def _scalar(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return escape(str(value))


def _element(name: str, value: Any, out: list[str]) -> None:
    if isinstance(value, Mapping):
        out.append(f"<{name}>")
        for key, inner in value.items():
            _element(key, inner, out)
        out.append(f"</{name}>")
    elif isinstance(value, (list, tuple)):
        item = ITEM_NAMES.get(name, "item")
        out.append(f"<{name}>")
        for inner in value:
            _element(item, inner, out)
        out.append(f"</{name}>")
    else:
        out.append(f"<{name}>{_scalar(value)}</{name}>")


def to_xml(root: str, body: Any) -> str:
    """`body` (a list of records, or one record) under the element `root`."""
    out = ['<?xml version="1.0" encoding="utf-8"?>']
    _element(root, body, out)
    return "".join(out)


def respond(
    fmt: str, root: str, body: Sequence[Any] | Mapping[str, Any], status: int = 200
) -> HttpResponse:
    """The response in the asked format: JSON as it is, XML under `root`."""
    if fmt == "xml":
        return HttpResponse(to_xml(root, body).encode(), content_type=XML_TYPE, status=status)
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return HttpResponse(payload.encode(), content_type=JSON_TYPE, status=status)


def errors(fmt: str, status: int, *descriptions: str) -> HttpResponse:
    """The spec's error list: one `{code, description}` per problem, the
    code being the HTTP status."""
    body = [{"code": status, "description": text} for text in descriptions]
    return respond(fmt if fmt in FORMATS else "json", "errors", body, status=status)

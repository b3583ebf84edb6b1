"""The OpenAPI document names the one error shape, {"code", "message",
"detail"}, as the `Error` schema, `code` an enum of every error code the apps
declare (core/vocabulary.py): a client can see every code it may meet."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from xiaoneng.core import vocabulary


def error_schema() -> dict[str, Any]:
    return {
        "title": "Error",
        "type": "object",
        "description": "所有错误的统一格式；code 为稳定的错误码。",
        "required": ["code", "message", "detail"],
        "properties": {
            "code": {"type": "string", "enum": sorted(vocabulary.errors())},
            "message": {"type": "string"},
            "detail": {"description": "错误的补充信息（结构因错误而异，可为 null）"},
        },
    }


class DocumentedErrorsAPI(NinjaAPI):
    """ninja's API whose OpenAPI document carries the `Error` schema."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = error_schema()
        return schema

"""Domain errors with stable codes. Every rule violation names its rule; the
API turns these into {"code", "message", "detail"} with the matching status."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rule of the domain refused the operation (HTTP 422 by default)."""

    status = 422
    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.detail = detail

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "detail": self.detail}


class InvalidInput(DomainError):
    status = 400
    code = "invalid_input"


class NotAuthenticated(DomainError):
    status = 401
    code = "not_authenticated"


class PermissionDenied(DomainError):
    status = 403
    code = "permission_denied"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class Conflict(DomainError):
    """Someone else changed the same thing first (optimistic or row lock)."""

    status = 409
    code = "conflict"


class RateLimited(DomainError):
    status = 429
    code = "rate_limited"

"""One error hierarchy and one handler.

Domain code raises :class:`ApplicationError` subclasses carrying a stable ``code``;
:func:`exception_handler` turns them, and DRF's and Django's own exceptions, into the
body every client expects::

    {"error": {"code": "<stable_snake_case>", "message": "<human text>", "fields": {...}}}
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import set_rollback

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """Base of every error the service reports on purpose."""

    status_code = 400
    code = "bad_request"
    message = "The request could not be processed."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.message
        self.code = code or self.code
        self.fields = fields
        self.extra = extra or {}
        super().__init__(self.message)


class ValidationFailed(ApplicationError):
    status_code = 400
    code = "validation_error"
    message = "Some fields are not valid."


class NotFound(ApplicationError):
    status_code = 404
    code = "not_found"
    message = "Not found."


class Forbidden(ApplicationError):
    status_code = 403
    code = "forbidden"
    message = "Your role may not do this."


class Conflict(ApplicationError):
    status_code = 409
    code = "conflict"
    message = "That is not possible in the object's current state."


class ServiceUnavailable(ApplicationError):
    status_code = 503
    code = "service_unavailable"
    message = "A backing service is unavailable; try again shortly."

    def __init__(self, message: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.extra.setdefault("retryable", True)


def _flatten_fields(detail: Any) -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field.path": [messages]}``."""
    out: dict[str, list[str]] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), sub)
        elif isinstance(value, list):
            if all(not isinstance(v, (dict, list)) for v in value):
                out.setdefault(prefix or "non_field_errors", []).extend(str(v) for v in value)
            else:
                for i, sub in enumerate(value):
                    if sub:
                        walk(f"{prefix}.{i}" if prefix else str(i), sub)
        else:
            out.setdefault(prefix or "non_field_errors", []).append(str(value))

    walk("", detail)
    return out


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any) -> dict:
    error: dict[str, Any] = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    error.update(extra)
    return {"error": error}


_DRF_CODES: dict[type[drf.APIException], str] = {
    drf.NotAuthenticated: "not_authenticated",
    drf.AuthenticationFailed: "authentication_failed",
    drf.PermissionDenied: "forbidden",
    drf.NotFound: "not_found",
    drf.MethodNotAllowed: "method_not_allowed",
    drf.NotAcceptable: "not_acceptable",
    drf.UnsupportedMediaType: "unsupported_media_type",
    drf.ParseError: "malformed_request",
    drf.Throttled: "throttled",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler producing the API's single error shape."""
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = Forbidden()
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationFailed(fields=_flatten_fields(as_serializer_error(exc)))
    elif isinstance(exc, (OperationalError, InterfaceError)):
        # The database is unreachable or dropped the connection: worth retrying. Other
        # database errors are bugs and stay 500s.
        logger.exception("database unavailable while handling a request")
        exc = ServiceUnavailable("The database is unavailable; try again shortly.", code="database_unavailable")

    if isinstance(exc, ApplicationError):
        set_rollback()
        body = error_body(exc.code, exc.message, exc.fields, **exc.extra)
        response = Response(body, status=exc.status_code)
        if "retry_after" in exc.extra:
            response["Retry-After"] = str(exc.extra["retry_after"])
        elif exc.status_code == 503:
            response["Retry-After"] = "5"
        return response

    if isinstance(exc, drf.APIException):
        set_rollback()
        if isinstance(exc, drf.ValidationError):
            body = error_body("validation_error", "Some fields are not valid.", _flatten_fields(exc.detail))
        elif isinstance(exc, drf.Throttled):
            wait = max(1, int(getattr(exc, "wait", None) or 1))
            headers["Retry-After"] = str(wait)
            body = error_body("throttled", f"Too many requests; try again in {wait} seconds.", retry_after=wait)
        else:
            code = (
                _DRF_CODES.get(type(exc))
                or next((c for klass, c in _DRF_CODES.items() if isinstance(exc, klass)), None)
                or str(getattr(exc, "default_code", "error"))
            )
            detail = exc.detail
            message = str(detail) if not isinstance(detail, (dict, list)) else exc.default_detail
            body = error_body(code, str(message))
        auth_header = getattr(exc, "auth_header", None)
        if auth_header:
            headers["WWW-Authenticate"] = auth_header
        return Response(body, status=exc.status_code, headers=headers)

    return None

"""Schema pieces shared by every view: the error body and the usual error responses."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable snake_case code, e.g. `validation_error`.")
    message = serializers.CharField(help_text="Human-readable explanation.")
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For validation errors: field path → reasons.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="Seconds to wait (429 only).")
    retryable = serializers.BooleanField(required=False, help_text="True when retrying may succeed (503).")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def _err(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorSerializer, description=description)


E400 = {400: _err("Invalid input: `error.fields` names each field and why.")}
E401 = {401: _err("Not authenticated, or the token is invalid or expired.")}
E403 = {403: _err("Your role may not do this.")}
E404 = {404: _err("Not found, or not yours.")}
E409 = {409: _err("Not possible in the object's current state.")}
E429 = {429: _err("Throttled; see `Retry-After`.")}
E503 = {503: _err("A backing service is down; `error.retryable` is true.")}

ERRORS_PUBLIC = {**E400, **E429}
ERRORS_AUTH = {**E400, **E401, **E429}
ERRORS_USER = {**E400, **E401, **E403, **E429}
ERRORS_OBJECT = {**ERRORS_USER, **E404}
ERRORS_TRANSITION = {**ERRORS_OBJECT, **E409}

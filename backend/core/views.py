"""JSON error pages for requests that never reach a REST view."""

from django.http import HttpRequest, JsonResponse

from .exceptions import error_body


def not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse(error_body("server_error", "Something went wrong on our side.", retryable=True), status=500)

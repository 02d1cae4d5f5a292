"""A request id for every HTTP request: taken from ``X-Request-ID`` or made up, echoed back.

It is kept in a context variable so the audit log can record it without threading it
through every call.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from contextvars import ContextVar

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse

current_request_id: ContextVar[str] = ContextVar("request_id", default="")
_VALID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")


def _choose(request: HttpRequest) -> str:
    incoming = request.headers.get("X-Request-ID", "")
    return incoming if _VALID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        self._async = iscoroutinefunction(get_response)
        if self._async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        if self._async:
            return self.__acall__(request)
        request_id = _choose(request)
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id  # type: ignore[index]
        return response  # type: ignore[return-value]

    async def __acall__(self, request: HttpRequest) -> HttpResponse:
        request_id = _choose(request)
        token = current_request_id.set(request_id)
        try:
            response = await self.get_response(request)  # type: ignore[misc]
        finally:
            current_request_id.reset(token)
        response["X-Request-ID"] = request_id
        return response

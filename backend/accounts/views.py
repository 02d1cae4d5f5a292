from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

from backend.core import privacy
from backend.core.openapi import ERRORS_AUTH, ERRORS_PUBLIC, ERRORS_USER
from backend.core.types import AuthedRequest

from . import services
from .serializers import (
    LogoutSerializer,
    MeUpdateSerializer,
    RegisterSerializer,
    TokenPairSerializer,
    UserSerializer,
    WsTicketSerializer,
)
from .throttles import LoginRateThrottle, RegisterRateThrottle


class RegisterView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = (RegisterRateThrottle,)

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer, **ERRORS_PUBLIC}, tags=["auth"])
    def post(self, request: Request) -> Response:
        serializer = RegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = services.user_register(**serializer.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)


class TokenView(TokenObtainPairView):
    """Exchange email and password for an access and a refresh token.

    Besides a per-address rate limit, an account is locked for a while after repeated
    failed attempts (429 with ``Retry-After``), whoever sends them.
    """

    authentication_classes = ()
    throttle_classes = (LoginRateThrottle,)

    @extend_schema(responses={200: TokenPairSerializer, **ERRORS_AUTH}, tags=["auth"])
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        email = request.data.get("email") if isinstance(request.data, dict) else None
        email = email if isinstance(email, str) else ""
        if email:
            services.login_check_not_locked(email=email)
        try:
            response = super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if email:
                services.login_record_failure(email=email)
            raise
        if email:
            services.login_record_success(email=email)
        return response


class RefreshView(TokenRefreshView):
    """Exchange a refresh token for a new pair; the old refresh token is dead afterwards."""

    authentication_classes = ()

    @extend_schema(responses={200: TokenPairSerializer, **ERRORS_AUTH}, tags=["auth"])
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)


class LogoutView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=LogoutSerializer, responses={204: None, **ERRORS_USER}, tags=["auth"])
    def post(self, request: AuthedRequest) -> Response:
        serializer = LogoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.user_logout(user=request.user, refresh=serializer.validated_data["refresh"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class WsTicketView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={201: WsTicketSerializer, **ERRORS_USER}, tags=["auth"])
    def post(self, request: AuthedRequest) -> Response:
        ticket, ttl = services.ws_ticket_issue(user=request.user)
        return Response({"ticket": ticket, "expires_in": ttl}, status=status.HTTP_201_CREATED)


class MeView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: UserSerializer, **ERRORS_USER}, tags=["me"])
    def get(self, request: AuthedRequest) -> Response:
        return Response(UserSerializer(request.user).data)

    @extend_schema(request=MeUpdateSerializer, responses={200: UserSerializer, **ERRORS_USER}, tags=["me"])
    def patch(self, request: AuthedRequest) -> Response:
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user = services.user_update(user=request.user, **serializer.validated_data)
        return Response(UserSerializer(user).data)

    @extend_schema(responses={204: None, **ERRORS_USER}, tags=["me"])
    def delete(self, request: AuthedRequest) -> Response:
        privacy.user_erase(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ExportView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: OpenApiTypes.OBJECT, **ERRORS_USER}, tags=["me"])
    def get(self, request: AuthedRequest) -> Response:
        """Everything the service holds about me, machine-readable (JSON)."""
        data = privacy.user_export(user=request.user)
        response = Response(data)
        response["Content-Disposition"] = 'attachment; filename="kindred-export.json"'
        return response

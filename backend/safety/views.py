from __future__ import annotations

import re
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.exceptions import ValidationFailed
from backend.core.openapi import ERRORS_OBJECT, ERRORS_PUBLIC, ERRORS_USER
from backend.core.permissions import IsCoordinator, IsMenteeOrMentor
from backend.core.types import AuthedRequest

from . import services
from .filters import AuditEventFilter
from .models import AuditEvent, Block
from .crisis_resources import resources_for
from .serializers import AuditEventSerializer, BlockCreateSerializer, BlockSerializer, CrisisResourcesSerializer


class BlockListCreateView(generics.ListAPIView):
    """People I blocked; block someone. Blocks stop delivery both ways and exclude the pair from matching."""

    permission_classes = (IsAuthenticated, IsMenteeOrMentor)
    serializer_class = BlockSerializer

    def get_queryset(self) -> QuerySet[Block]:
        if getattr(self, "swagger_fake_view", False):
            return Block.objects.none()
        return services.blocks_of(user=self.request.user)  # type: ignore[arg-type]

    @extend_schema(request=BlockCreateSerializer, responses={201: BlockSerializer, **ERRORS_OBJECT}, tags=["safety"])
    def post(self, request: AuthedRequest, *args: Any, **kwargs: Any) -> Response:
        serializer = BlockCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        block = services.block_create(blocker=request.user, blocked_id=serializer.validated_data["user_id"])
        return Response(BlockSerializer(block).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: BlockSerializer(many=True), **ERRORS_USER}, tags=["safety"])
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class BlockDeleteView(APIView):
    permission_classes = (IsAuthenticated, IsMenteeOrMentor)

    @extend_schema(responses={204: None, **ERRORS_OBJECT}, tags=["safety"])
    def delete(self, request: AuthedRequest, user_id: str) -> Response:
        """Unblock. Matching exclusion stays: a pair that was blocked is never matched again."""
        services.block_delete(blocker=request.user, blocked_id=user_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CrisisResourcesView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(
        parameters=[OpenApiParameter("country", str, description="ISO 3166 alpha-2 code, e.g. US or GB")],
        responses={200: CrisisResourcesSerializer, **ERRORS_PUBLIC},
        tags=["safety"],
    )
    def get(self, request: Request) -> Response:
        """Hotlines and text lines for a country (anyone, no sign-in)."""
        country = request.query_params.get("country")
        if country is not None and not re.fullmatch(r"[A-Za-z]{2}", country):
            raise ValidationFailed(fields={"country": ["Use a two-letter ISO 3166 country code, e.g. US."]})
        return Response(resources_for(country))


class AuditListView(generics.ListAPIView):
    """Who read or changed what, when (coordinators). Append-only: there is no way to edit it."""

    permission_classes = (IsCoordinator,)
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    queryset = AuditEvent.objects.all()

    @extend_schema(responses={200: AuditEventSerializer(many=True), **ERRORS_USER}, tags=["safety"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

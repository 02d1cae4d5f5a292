from __future__ import annotations

import re
from typing import Any

from django.db.models import F, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.exceptions import ValidationFailed
from backend.core.openapi import E409, ERRORS_OBJECT, ERRORS_PUBLIC, ERRORS_USER
from backend.core.permissions import IsCoordinator, IsMenteeOrMentor
from backend.core.types import AuthedRequest

from . import moderation, reports, services
from .crisis_resources import resources_for
from .filters import AuditEventFilter
from .models import AuditEvent, Block, CrisisAlert, ItemStatus, ModerationItem
from .serializers import (
    AcknowledgeSerializer,
    AuditEventSerializer,
    BlockCreateSerializer,
    BlockSerializer,
    CrisisAlertSerializer,
    CrisisResourcesSerializer,
    ModerationItemSerializer,
    ReportCreateSerializer,
    ReportSerializer,
    ResolveSerializer,
)


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


class ReportCreateView(APIView):
    permission_classes = (IsAuthenticated, IsMenteeOrMentor)

    @extend_schema(request=ReportCreateSerializer, responses={201: ReportSerializer, **ERRORS_OBJECT}, tags=["safety"])
    def post(self, request: AuthedRequest) -> Response:
        """Report a message or a person. The evidence is kept as it is now, whatever happens later."""
        serializer = ReportCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        report = reports.report_create(reporter=request.user, **serializer.validated_data)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


class ModerationQueueView(generics.ListAPIView):
    """Flagged messages and reports, crisis first, then safety, then the rest; most severe first."""

    permission_classes = (IsCoordinator,)
    serializer_class = ModerationItemSerializer

    def get_queryset(self) -> QuerySet[ModerationItem]:
        value = self.request.query_params.get("status", ItemStatus.OPEN)
        if value not in ItemStatus.values:
            raise ValidationFailed(fields={"status": [f"Must be one of {', '.join(ItemStatus.values)}."]})
        return reports.queue(status=value)

    @extend_schema(
        parameters=[OpenApiParameter("status", enum=ItemStatus.values, required=False)],
        responses={200: ModerationItemSerializer(many=True), **ERRORS_USER},
        tags=["moderation"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ModerationResolveView(APIView):
    permission_classes = (IsCoordinator,)

    @extend_schema(
        request=ResolveSerializer,
        responses={200: ModerationItemSerializer, **ERRORS_OBJECT, **E409},
        tags=["moderation"],
    )
    def post(self, request: AuthedRequest, item_id: int) -> Response:
        """dismiss, hide_message, warn or suspend_user; takes effect at once."""
        serializer = ResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        item = reports.item_resolve(item_id=item_id, coordinator=request.user, **serializer.validated_data)
        return Response(ModerationItemSerializer(item).data)


class AlertListView(generics.ListAPIView):
    """Crisis alerts, unacknowledged first (coordinators)."""

    permission_classes = (IsCoordinator,)
    serializer_class = CrisisAlertSerializer

    def get_queryset(self) -> Any:
        qs = CrisisAlert.objects.select_related("message").order_by(
            F("acknowledged_at").asc(nulls_first=True), "-created_at"
        )
        if self.request.query_params.get("open") in ("1", "true"):
            qs = qs.filter(acknowledged_at__isnull=True)
        return qs

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([moderation.alert_payload(a) for a in page or []])

    @extend_schema(
        parameters=[OpenApiParameter("open", bool, description="Only unacknowledged alerts")],
        responses={200: CrisisAlertSerializer(many=True), **ERRORS_USER},
        tags=["moderation"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class AlertAcknowledgeView(APIView):
    permission_classes = (IsCoordinator,)

    @extend_schema(
        request=AcknowledgeSerializer,
        responses={200: CrisisAlertSerializer, **ERRORS_OBJECT, **E409},
        tags=["moderation"],
    )
    def post(self, request: AuthedRequest, alert_id: int) -> Response:
        """Acknowledge a crisis alert: the match is unflagged and the mentee's matching resumes."""
        serializer = AcknowledgeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = moderation.alert_acknowledge(alert_id=alert_id, coordinator=request.user, **serializer.validated_data)
        return Response(moderation.alert_payload(alert))

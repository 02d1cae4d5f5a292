from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.exceptions import NotFound
from backend.core.openapi import ERRORS_OBJECT, ERRORS_USER
from backend.core.permissions import IsCoordinator, IsMenteeOrMentor
from backend.core.types import AuthedRequest

from . import services
from .models import MentorProfile, VettingStatus
from .serializers import (
    MenteeProfileSerializer,
    MentorAdminSerializer,
    MentorProfileSerializer,
    MentorPublicSerializer,
    VettingDecisionSerializer,
    VettingRequestSerializer,
)
from .taxonomy import taxonomy

PROFILE_SCHEMA = PolymorphicProxySerializer(
    component_name="Profile",
    serializers={"mentee": MenteeProfileSerializer, "mentor": MentorProfileSerializer},
    resource_type_field_name="role",
)
# Requests carry no ``role`` (it is the caller's): the body is the mentee or the mentor shape.
PROFILE_INPUT_SCHEMA = PolymorphicProxySerializer(
    component_name="ProfileInput",
    serializers=[MenteeProfileSerializer, MentorProfileSerializer],
    resource_type_field_name=None,
)


class TaxonomyView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, tags=["profiles"])
    def get(self, request: Request) -> Response:
        """Condition codes, language codes, availability slot size and field limits."""
        return Response(taxonomy())


class MyProfileView(APIView):
    """My mentee or mentor profile. Coordinators have none (403)."""

    permission_classes = (IsMenteeOrMentor,)

    def _serializer_class(self, request: AuthedRequest) -> Any:
        return MenteeProfileSerializer if request.user.role == "mentee" else MentorProfileSerializer

    @extend_schema(responses={200: PROFILE_SCHEMA, **ERRORS_USER}, tags=["profiles"])
    def get(self, request: AuthedRequest) -> Response:
        profile = services.profile_get(user=request.user)
        return Response(self._serializer_class(request)(profile).data)

    def _write(self, request: AuthedRequest, *, partial: bool) -> Response:
        profile = services.profile_get(user=request.user)
        serializer = self._serializer_class(request)(profile, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        profile = services.profile_update(user=request.user, data=serializer.validated_data)
        return Response(self._serializer_class(request)(profile).data)

    @extend_schema(request=PROFILE_INPUT_SCHEMA, responses={200: PROFILE_SCHEMA, **ERRORS_USER}, tags=["profiles"])
    def put(self, request: AuthedRequest) -> Response:
        return self._write(request, partial=False)

    @extend_schema(request=PROFILE_INPUT_SCHEMA, responses={200: PROFILE_SCHEMA, **ERRORS_USER}, tags=["profiles"])
    def patch(self, request: AuthedRequest) -> Response:
        return self._write(request, partial=True)


class MentorListView(generics.ListAPIView):
    """Mentors with their vetting state (coordinators)."""

    permission_classes = (IsCoordinator,)
    serializer_class = MentorAdminSerializer

    @extend_schema(
        parameters=[OpenApiParameter("vetting_status", enum=VettingStatus.values, required=False)],
        responses={200: MentorAdminSerializer(many=True), **ERRORS_USER},
        tags=["vetting"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[MentorProfile]:
        value = self.request.query_params.get("vetting_status")
        if value is not None and value not in VettingStatus.values:
            from backend.core.exceptions import ValidationFailed

            raise ValidationFailed(fields={"vetting_status": [f"Must be one of {', '.join(VettingStatus.values)}."]})
        return services.mentor_list(vetting_status=value)


class MentorDetailView(APIView):
    """One mentor: coordinators see everything; others see the public card of an approved mentor."""

    @extend_schema(responses={200: MentorAdminSerializer, **ERRORS_OBJECT}, tags=["vetting"])
    def get(self, request: AuthedRequest, mentor_id: str) -> Response:
        mentor = services.mentor_get(mentor_id=mentor_id)
        if request.user.role == "coordinator":
            return Response(MentorAdminSerializer(mentor).data)
        if mentor.vetting_status != VettingStatus.APPROVED:
            raise NotFound("No such mentor.")
        return Response(MentorPublicSerializer(mentor).data)


class MentorVettingView(APIView):
    permission_classes = (IsCoordinator,)

    @extend_schema(
        request=VettingRequestSerializer, responses={201: VettingDecisionSerializer, **ERRORS_OBJECT}, tags=["vetting"]
    )
    def post(self, request: AuthedRequest, mentor_id: str) -> Response:
        """Record a vetting decision (who and when are recorded with it)."""
        serializer = VettingRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decision = services.mentor_vetting_decide(
            mentor_id=mentor_id, coordinator=request.user, **serializer.validated_data
        )
        return Response(VettingDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

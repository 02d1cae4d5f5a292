from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.core.exceptions import ValidationFailed
from backend.core.openapi import E409, ERRORS_OBJECT, ERRORS_TRANSITION, ERRORS_USER
from backend.core.permissions import IsCoordinator, IsMentee
from backend.core.types import AuthedRequest

from . import runs, selectors, services, stats
from .models import Match, MatchState
from .serializers import (
    ApproveSerializer,
    EmptySerializer,
    MatchRequestSerializer,
    MatchSerializer,
    ReasonRequiredSerializer,
    RunCreateSerializer,
    RunDecisionResultSerializer,
    RunDecisionSerializer,
    RunSerializer,
    RunSummarySerializer,
    SuggestionsSerializer,
    TransitionSerializer,
)
from .suggestions import MAX_LIMIT, suggestions_for_mentee


class SuggestionsView(APIView):
    permission_classes = (IsMentee,)

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description=f"1-{MAX_LIMIT}, default 10")],
        responses={200: SuggestionsSerializer, **ERRORS_USER, **E409},
        tags=["matching"],
    )
    def get(self, request: AuthedRequest) -> Response:
        """Ranked mentors with the reasons for each score; `why_not` explains a short list."""
        raw = request.query_params.get("limit", "10")
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
            raise ValidationFailed(fields={"limit": [f"Must be a whole number from 1 to {MAX_LIMIT}."]})
        return Response(suggestions_for_mentee(mentee=request.user, limit=int(raw)))


class MatchListCreateView(generics.ListAPIView):
    """My matches (coordinators: all). Mentees request a mentor with POST."""

    serializer_class = MatchSerializer

    def get_permissions(self) -> list[Any]:
        return [IsMentee()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Match]:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        state = self.request.query_params.get("state")
        if state is not None and state not in MatchState.values:
            raise ValidationFailed(fields={"state": [f"Must be one of {', '.join(MatchState.values)}."]})
        return selectors.matches_visible_to(user=self.request.user, state=state)  # type: ignore[arg-type]

    @extend_schema(
        parameters=[OpenApiParameter("state", enum=MatchState.values, required=False)],
        responses={200: MatchSerializer(many=True), **ERRORS_USER},
        tags=["matches"],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=MatchRequestSerializer, responses={201: MatchSerializer, **ERRORS_OBJECT, **E409}, tags=["matches"]
    )
    def post(self, request: AuthedRequest, *args: Any, **kwargs: Any) -> Response:
        """Request a mentor (mentees). The match waits for a coordinator's approval."""
        serializer = MatchRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        match = services.match_request(
            mentee=request.user,
            mentor_id=serializer.validated_data["mentor_id"],
            note=serializer.validated_data["note"],
        )
        return Response(MatchSerializer(match).data, status=status.HTTP_201_CREATED)


class MatchDetailView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(responses={200: MatchSerializer, **ERRORS_OBJECT}, tags=["matches"])
    def get(self, request: AuthedRequest, match_id: int) -> Response:
        """One match with its score breakdown (parties and coordinators)."""
        return Response(MatchSerializer(selectors.match_get_visible(user=request.user, match_id=match_id)).data)


class MatchHistoryView(generics.ListAPIView):
    permission_classes = (IsAuthenticated,)
    serializer_class = TransitionSerializer

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Match.objects.none()
        match = selectors.match_get_visible(user=self.request.user, match_id=self.kwargs["match_id"])  # type: ignore[arg-type]
        return match.transitions.all()

    @extend_schema(responses={200: TransitionSerializer(many=True), **ERRORS_OBJECT}, tags=["matches"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Every transition of the match: who, when, why (and the score breakdown at proposal)."""
        return super().get(request, *args, **kwargs)


def _transition_view(action: str, body: type, handler: Any, doc: str) -> type[APIView]:
    class TransitionView(APIView):
        permission_classes = (IsAuthenticated,)

        @extend_schema(
            request=body,
            responses={200: MatchSerializer, **ERRORS_TRANSITION},
            tags=["matches"],
            operation_id=f"matches_{action}",
            description=doc,
        )
        def post(self, request: AuthedRequest, match_id: int) -> Response:
            serializer = body(data=request.data)
            serializer.is_valid(raise_exception=True)
            match = handler(request.user, match_id, serializer.validated_data)
            return Response(MatchSerializer(match).data)

    TransitionView.__name__ = TransitionView.__qualname__ = f"Match{action.capitalize()}View"
    return TransitionView


MatchApproveView = _transition_view(
    "approve",
    ApproveSerializer,
    lambda user, mid, data: services.match_approve(match_id=mid, coordinator=user, note=data["note"]),
    "Coordinators: `requested|proposed` → `awaiting_mentor`.",
)
MatchRejectView = _transition_view(
    "reject",
    ReasonRequiredSerializer,
    lambda user, mid, data: services.match_reject(match_id=mid, coordinator=user, reason=data["reason"]),
    "Coordinators: `requested|proposed|awaiting_mentor` → `rejected`.",
)
MatchAcceptView = _transition_view(
    "accept",
    EmptySerializer,
    lambda user, mid, data: services.match_accept(match_id=mid, mentor=user),
    "The match's mentor: `awaiting_mentor` → `active`; the conversation opens.",
)
MatchDeclineView = _transition_view(
    "decline",
    ReasonRequiredSerializer,
    lambda user, mid, data: services.match_decline(match_id=mid, mentor=user, reason=data["reason"]),
    "The match's mentor: `awaiting_mentor` → `declined`.",
)
MatchEndView = _transition_view(
    "end",
    ReasonRequiredSerializer,
    lambda user, mid, data: services.match_end(match_id=mid, actor=user, reason=data["reason"]),
    "A party or a coordinator: any open state → `ended`; the conversation closes.",
)


class RunCreateView(generics.ListAPIView):
    """Batch runs, newest first (without their proposals: open a run for those)."""

    permission_classes = (IsCoordinator,)
    serializer_class = RunSummarySerializer

    def get_queryset(self) -> Any:
        return selectors.runs_all()

    @extend_schema(responses={200: RunSummarySerializer(many=True), **ERRORS_USER}, tags=["matching"])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=RunCreateSerializer, responses={202: RunSerializer, **ERRORS_USER, **E409}, tags=["matching"]
    )
    def post(self, request: AuthedRequest, *args: Any, **kwargs: Any) -> Response:
        """Batch-match every waiting mentee, in the background. Poll the run for its proposals."""
        serializer = RunCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        run = runs.run_create(coordinator=request.user, **serializer.validated_data)
        # The run as it was queued: poll GET /matching/runs/{id}/ for its progress.
        return Response(RunSerializer(run).data, status=status.HTTP_202_ACCEPTED)


class RunDetailView(APIView):
    permission_classes = (IsCoordinator,)

    @extend_schema(responses={200: RunSerializer, **ERRORS_OBJECT}, tags=["matching"])
    def get(self, request: AuthedRequest, run_id: int) -> Response:
        return Response(RunSerializer(selectors.run_get(run_id=run_id)).data)


def _run_decision_view(approve: bool) -> type[APIView]:
    class RunDecisionView(APIView):
        permission_classes = (IsCoordinator,)

        @extend_schema(
            request=RunDecisionSerializer,
            responses={200: RunDecisionResultSerializer, **ERRORS_OBJECT},
            tags=["matching"],
            operation_id=f"matching_runs_{'approve' if approve else 'reject'}",
            description=f"{'Approve' if approve else 'Reject'} the run's proposals (all, or `match_ids`).",
        )
        def post(self, request: AuthedRequest, run_id: int) -> Response:
            serializer = RunDecisionSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            if not approve and not serializer.validated_data["reason"].strip():
                raise ValidationFailed(fields={"reason": ["A reason is required."]})
            result = runs.run_decide_proposals(
                run=selectors.run_get(run_id=run_id),
                coordinator=request.user,
                approve=approve,
                match_ids=serializer.validated_data.get("match_ids"),
                reason=serializer.validated_data["reason"],
            )
            return Response(result)

    RunDecisionView.__name__ = RunDecisionView.__qualname__ = f"Run{'Approve' if approve else 'Reject'}View"
    return RunDecisionView


RunApproveView = _run_decision_view(True)
RunRejectView = _run_decision_view(False)


class StatsView(APIView):
    permission_classes = (IsCoordinator,)

    @extend_schema(responses={200: stats.StatsSerializer, **ERRORS_USER}, tags=["matching"])
    def get(self, request: AuthedRequest) -> Response:
        """Waiting mentees, time to match, acceptance, and how evenly mentors are loaded."""
        return Response(stats.coordinator_stats())

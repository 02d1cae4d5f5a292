"""Coordinator statistics: who is waiting, how long matching takes, how evenly mentors are loaded."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
from rest_framework import serializers

from backend.profiles.models import MentorProfile, VettingStatus

from .models import Match, MatchState
from .runs import waiting_mentees


def gini(values: list[float]) -> float:
    """Gini coefficient of non-negative ``values``: 0 is perfectly even, → 1 all on one."""
    if not values:
        return 0.0
    x = np.sort(np.asarray(values, dtype=float))
    total = x.sum()
    if total == 0:
        return 0.0
    n = x.size
    ranks = np.arange(1, n + 1)
    return float((2 * (ranks * x).sum()) / (n * total) - (n + 1) / n)


def _hours(seconds: list[float]) -> dict[str, float | int | None]:
    if not seconds:
        return {"count": 0, "median_hours": None, "p90_hours": None}
    arr = np.asarray(seconds) / 3600
    return {
        "count": len(seconds),
        "median_hours": round(float(np.percentile(arr, 50)), 2),
        "p90_hours": round(float(np.percentile(arr, 90)), 2),
    }


def coordinator_stats() -> dict[str, Any]:
    waiting = waiting_mentees()
    waiting_by_language: dict[str, int] = defaultdict(int)
    waiting_by_condition: dict[str, int] = defaultdict(int)
    for profile in waiting:
        for code in profile.languages:
            waiting_by_language[code] += 1
        for code in profile.condition_focus:
            waiting_by_condition[code] += 1

    durations: list[float] = []
    by_language: dict[str, list[float]] = defaultdict(list)
    by_condition: dict[str, list[float]] = defaultdict(list)
    activated = Match.objects.filter(activated_at__isnull=False).select_related("mentee__mentee_profile")
    for match in activated:
        seconds = (match.activated_at - match.created_at).total_seconds()  # type: ignore[operator]
        durations.append(seconds)
        mentee_profile = getattr(match.mentee, "mentee_profile", None)
        if mentee_profile is not None:
            for code in mentee_profile.languages:
                by_language[code].append(seconds)
            for code in mentee_profile.condition_focus:
                by_condition[code].append(seconds)

    # Of matches that reached a mentor and were answered (or not, in time).
    answered = Match.objects.filter(awaiting_since__isnull=False).exclude(state=MatchState.AWAITING_MENTOR)
    accepted = answered.filter(activated_at__isnull=False).count()
    declined = answered.filter(state=MatchState.DECLINED).count()
    expired = answered.filter(state=MatchState.EXPIRED).count()
    decided = accepted + declined + expired

    mentors = list(
        MentorProfile.objects.filter(vetting_status=VettingStatus.APPROVED, user__is_active=True).values_list(
            "user_id", "capacity"
        )
    )
    active_counts: dict[str, int] = defaultdict(int)
    for mentor_id in Match.objects.filter(state=MatchState.ACTIVE).values_list("mentor_id", flat=True):
        active_counts[str(mentor_id)] += 1
    loads = [active_counts.get(str(mid), 0) for mid, _cap in mentors]
    total_active = sum(active_counts.values())

    return {
        "waiting_mentees": {
            "total": len(waiting),
            "by_language": dict(sorted(waiting_by_language.items())),
            "by_condition": dict(sorted(waiting_by_condition.items())),
        },
        "time_to_active": {
            "overall": _hours(durations),
            "by_language": {k: _hours(v) for k, v in sorted(by_language.items())},
            "by_condition": {k: _hours(v) for k, v in sorted(by_condition.items())},
        },
        "mentor_answers": {
            "accepted": accepted,
            "declined": declined,
            "expired": expired,
            "acceptance_rate": round(accepted / decided, 4) if decided else None,
            "decline_rate": round(declined / decided, 4) if decided else None,
        },
        "mentor_load": {
            "approved_mentors": len(mentors),
            "active_matches": total_active,
            "mentors_with_active": sum(1 for n in loads if n),
            "max_share": round(max(loads) / total_active, 4) if total_active else None,
            "gini": round(gini([float(n) for n in loads]), 4),
            "histogram": {str(k): loads.count(k) for k in sorted(set(loads))},
        },
    }


class _Hours(serializers.Serializer):
    count = serializers.IntegerField()
    median_hours = serializers.FloatField(allow_null=True)
    p90_hours = serializers.FloatField(allow_null=True)


class _Waiting(serializers.Serializer):
    total = serializers.IntegerField()
    by_language = serializers.DictField(child=serializers.IntegerField())
    by_condition = serializers.DictField(child=serializers.IntegerField())


class _TimeToActive(serializers.Serializer):
    overall = _Hours()
    by_language = serializers.DictField(child=_Hours())
    by_condition = serializers.DictField(child=_Hours())


class _Answers(serializers.Serializer):
    accepted = serializers.IntegerField()
    declined = serializers.IntegerField()
    expired = serializers.IntegerField()
    acceptance_rate = serializers.FloatField(allow_null=True)
    decline_rate = serializers.FloatField(allow_null=True)


class _Load(serializers.Serializer):
    approved_mentors = serializers.IntegerField()
    active_matches = serializers.IntegerField()
    mentors_with_active = serializers.IntegerField()
    max_share = serializers.FloatField(allow_null=True, help_text="Largest share of active matches held by one mentor.")
    gini = serializers.FloatField(help_text="Gini coefficient of active matches per approved mentor (0 = even).")
    histogram = serializers.DictField(child=serializers.IntegerField(), help_text="active matches → mentors")


class StatsSerializer(serializers.Serializer):
    waiting_mentees = _Waiting()
    time_to_active = _TimeToActive(help_text="From request (or proposal) to active, in hours.")
    mentor_answers = _Answers()
    mentor_load = _Load()

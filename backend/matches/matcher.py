"""The matcher inside the web service: one mentor index per worker process, kept current.

Each worker builds a :class:`matching.MentorIndex` once and patches it when mentors change.
Changes are announced through the shared cache (Redis in production): every change bumps
a version counter and records which mentor changed at that version, so every worker can
patch exactly those mentors; a worker that missed versions (evicted keys) rebuilds.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from backend.profiles.models import MentorProfile
from backend.profiles.services import next_week_start
from matching.index import MentorIndex
from matching.records import MenteeRecord, MentorRecord
from matching.results import Suggestion, TopKResult

from .adapter import mentor_record
from .selectors import mentor_loads

logger = logging.getLogger(__name__)

VERSION_KEY = "matching:index:version"
CHANGE_KEY = "matching:index:change:{}"
CHANGE_TTL = 24 * 3600
# Past this many missed versions a rebuild is cheaper than patching one by one.
MAX_PATCH = 500


def _current_version() -> int:
    cache.add(VERSION_KEY, 0, timeout=None)
    return int(cache.get(VERSION_KEY) or 0)


def mark_mentor_changed(mentor_id: Any) -> None:
    """Announce that what the matcher knows about ``mentor_id`` changed (profile, vetting, load)."""
    cache.add(VERSION_KEY, 0, timeout=None)
    try:
        version = cache.incr(VERSION_KEY)
    except ValueError:  # the key was evicted between add and incr
        cache.set(VERSION_KEY, 1, timeout=None)
        version = 1
    cache.set(CHANGE_KEY.format(version), str(mentor_id), timeout=CHANGE_TTL)


def mark_mentor_changed_on_commit(mentor_id: Any) -> None:
    transaction.on_commit(lambda: mark_mentor_changed(mentor_id))


def load_mentor_records(mentor_ids: list[str] | None = None) -> list[MentorRecord]:
    """Matcher records of active mentors (all, or those of ``mentor_ids``), with their loads."""
    qs = MentorProfile.objects.filter(user__is_active=True, user__erased_at__isnull=True)
    if mentor_ids is not None:
        qs = qs.filter(user_id__in=mentor_ids)
    profiles = list(qs)
    loads = mentor_loads([p.user_id for p in profiles] if mentor_ids is not None else None)
    return [mentor_record(p, load=loads.get(str(p.user_id), 0)) for p in profiles]


@dataclass
class _Cached:
    index: MentorIndex
    version: int
    week_start: date


class IndexCache:
    """The worker's mentor index, rebuilt or patched on demand. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._cached: _Cached | None = None

    def reset(self) -> None:
        with self._lock:
            self._cached = None

    def _build(self, week_start: date, version: int) -> _Cached:
        records = load_mentor_records()
        index = MentorIndex.build(records, week_start=week_start)
        logger.info("built the mentor index: %d mentors, week of %s", len(records), week_start)
        return _Cached(index=index, version=version, week_start=week_start)

    def _patch(self, cached: _Cached, version: int) -> bool:
        """Apply the changes between the cached version and ``version``; False if they are lost."""
        keys = [CHANGE_KEY.format(v) for v in range(cached.version + 1, version + 1)]
        found = cache.get_many(keys)
        if len(found) != len(keys):
            return False
        changed = sorted(set(found.values()))
        fresh = {r.id: r for r in load_mentor_records(changed)}
        for mentor_id in changed:
            record = fresh.get(mentor_id)
            if record is None:
                cached.index.remove(mentor_id)
            else:
                cached.index.upsert(record)
        cached.version = version
        return True

    def get(self) -> MentorIndex:
        week_start = next_week_start()
        version = _current_version()
        with self._lock:
            cached = self._cached
            if (
                cached is None
                or cached.week_start != week_start
                or (
                    version != cached.version
                    and (
                        version < cached.version
                        or version - cached.version > MAX_PATCH
                        or not self._patch(cached, version)
                    )
                )
            ):
                self._cached = cached = self._build(week_start, version)
            return cached.index

    def locked(self) -> threading.RLock:
        return self._lock


index_cache = IndexCache()


def suggestions_for(mentee: MenteeRecord, *, k: int, exclusions: frozenset[tuple[str, str]]) -> TopKResult:
    index = index_cache.get()
    with index_cache.locked():
        return index.top_k(mentee, k=k, exclusions=exclusions, min_overlap_minutes=settings.MATCH_MIN_OVERLAP_MINUTES)


@dataclass(frozen=True)
class PairVerdict:
    suggestion: Suggestion | None
    failed: list[str]


def evaluate_pair(mentee: MenteeRecord, mentor_id: str, *, exclusions: frozenset[tuple[str, str]]) -> PairVerdict:
    """Score one pair with the worker's index, or name the hard constraints it fails."""
    index = index_cache.get()
    min_overlap = settings.MATCH_MIN_OVERLAP_MINUTES
    with index_cache.locked():
        slot = index.slot_of(mentor_id)
        if slot is None:
            return PairVerdict(None, ["vetted_and_accepting"])
        query = index.prepare(mentee, exclusions)
        slots, overlap = index.feasible(query, min_overlap)
        hits = np.flatnonzero(slots == slot)
        if hits.size:
            at = int(hits[0])
            tenths, _total, _raw = index.score_slots(query, slots[at : at + 1], overlap[at : at + 1])
            return PairVerdict(index.suggestion(query, slot, tenths[:, 0], int(overlap[at])), [])
        evaluation = index.evaluate(query, min_overlap)
        position = np.flatnonzero(evaluation.slots == slot)
        failed = [name for name, fails in evaluation.fails.items() if position.size and bool(fails[position[0]])]
        return PairVerdict(None, failed or ["vetted_and_accepting"])

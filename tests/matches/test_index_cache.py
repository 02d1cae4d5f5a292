"""Each worker's mentor index follows changes announced by any other worker."""

from __future__ import annotations

import pytest

from backend.matches.matcher import IndexCache, mark_mentor_changed
from backend.profiles.models import MentorProfile
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_second_worker_patches_the_changed_mentor(mentor):
    worker_a, worker_b = IndexCache(), IndexCache()
    assert worker_a.get().get(str(mentor.pk)).capacity == 3
    assert worker_b.get().get(str(mentor.pk)).capacity == 3
    MentorProfile.objects.filter(user=mentor).update(capacity=7)
    mark_mentor_changed(mentor.pk)  # announced by worker A's process
    assert worker_b.get().get(str(mentor.pk)).capacity == 7


def test_a_new_mentor_is_added_and_an_erased_one_removed(mentor):
    worker = IndexCache()
    assert worker.get().get(str(mentor.pk)) is not None
    newcomer = make_user("mentor")
    mark_mentor_changed(newcomer.pk)
    MentorProfile.objects.filter(user=mentor).delete()
    mark_mentor_changed(mentor.pk)
    index = worker.get()
    assert index.get(str(newcomer.pk)) is not None
    assert index.get(str(mentor.pk)) is None


def test_lost_change_records_force_a_rebuild(mentor):
    from django.core.cache import cache

    worker = IndexCache()
    worker.get()
    MentorProfile.objects.filter(user=mentor).update(capacity=9)
    mark_mentor_changed(mentor.pk)
    cache.delete("matching:index:change:1")  # evicted before this worker saw it
    assert worker.get().get(str(mentor.pk)).capacity == 9


def test_load_changes_reach_the_index(as_user, mentee, mentor, coordinator, django_capture_on_commit_callbacks):
    from .helpers import act, request_match

    worker = IndexCache()
    assert worker.get().get(str(mentor.pk)).load == 0
    match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        act(as_user(coordinator), match_id, "approve")
    assert worker.get().get(str(mentor.pk)).load == 1

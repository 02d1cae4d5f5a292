"""Batch runs: a coordinator proposes an optimal assignment of every waiting mentee."""

from __future__ import annotations

import pytest

from backend.matches.models import Match, MatchingRun
from backend.profiles.models import MentorProfile
from tests.factories import make_user

from .helpers import act, request_match

pytestmark = pytest.mark.django_db

RUNS = "/api/v1/matching/runs/"


@pytest.fixture
def population(mentor):
    """Five waiting mentees and two approved mentors with three places between them."""
    MentorProfile.objects.filter(user=mentor).update(capacity=2)
    other = make_user("mentor")
    MentorProfile.objects.filter(user=other).update(capacity=1)
    mentees = [make_user("mentee") for _ in range(5)]
    return {"mentors": [mentor, other], "mentees": mentees}


def start_run(api, django_capture_on_commit_callbacks, **body):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(RUNS, body, format="json")
    assert response.status_code == 202, response.json()
    return api.get(f"{RUNS}{response.json()['id']}/").json()


def test_a_run_proposes_matches_within_capacity_and_reports_stats(
    as_user, coordinator, population, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    assert run["status"] == "succeeded", run
    stats = run["stats"]
    assert stats["waiting_mentees"] == 5
    assert stats["matched"] == 3
    assert len(stats["unmatched"]) == 2
    assert all(u["why_not"] for u in stats["unmatched"])
    assert 0 <= stats["gap"] <= 0.001
    assert stats["total_score"] <= stats["upper_bound"] + 1e-9
    assert sorted(stats["mentor_load"].values()) == [1, 2]
    proposals = run["proposals"]
    assert len(proposals) == 3
    assert {p["state"] for p in proposals} == {"proposed"}
    assert all(p["score"] > 0 and p["reasons"] for p in proposals)
    for mentor in population["mentors"]:
        capacity = MentorProfile.objects.get(user=mentor).capacity
        assert sum(p["mentor"] == str(mentor.pk) for p in proposals) <= capacity


def test_the_fairness_option_limits_new_mentees_per_mentor(
    as_user, coordinator, population, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks, max_new_per_mentor=1)
    assert run["stats"]["matched"] == 2
    assert set(run["stats"]["mentor_load"].values()) == {1}


def test_proposals_stay_hidden_from_mentees_and_mentors_until_approved(
    as_user, coordinator, population, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    proposal = run["proposals"][0]
    mentee = next(m for m in population["mentees"] if str(m.pk) == proposal["mentee"])
    mentor = next(m for m in population["mentors"] if str(m.pk) == proposal["mentor"])
    assert as_user(mentee).get(f"/api/v1/matches/{proposal['id']}/").status_code == 404
    assert as_user(mentor).get(f"/api/v1/matches/{proposal['id']}/").status_code == 404
    assert act(as_user(coordinator), proposal["id"], "approve").status_code == 200
    assert as_user(mentee).get(f"/api/v1/matches/{proposal['id']}/").json()["state"] == "awaiting_mentor"
    assert act(as_user(mentor), proposal["id"], "accept").json()["state"] == "active"


def test_history_of_a_proposal_keeps_its_score_breakdown(
    as_user, coordinator, population, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    proposal = run["proposals"][0]
    [first] = as_user(coordinator).get(f"/api/v1/matches/{proposal['id']}/history/").json()["results"]
    assert first["to_state"] == "proposed"
    assert first["actor_role"] == "system"
    assert first["snapshot"]["score"] == proposal["score"]
    assert first["snapshot"]["weights_version"] == proposal["weights_version"]


def test_proposals_are_approved_in_bulk(as_user, coordinator, population, django_capture_on_commit_callbacks):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    response = as_user(coordinator).post(f"{RUNS}{run['id']}/approve/", {}, format="json")
    assert response.status_code == 200
    assert sorted(response.json()["done"]) == sorted(p["id"] for p in run["proposals"])
    assert response.json()["failed"] == []
    assert Match.objects.filter(state="awaiting_mentor").count() == 3


def test_named_proposals_are_rejected_in_bulk_with_a_reason(
    as_user, coordinator, population, django_capture_on_commit_callbacks
):
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    chosen = [run["proposals"][0]["id"]]
    api = as_user(coordinator)
    assert api.post(f"{RUNS}{run['id']}/reject/", {"match_ids": chosen}, format="json").status_code == 400
    response = api.post(f"{RUNS}{run['id']}/reject/", {"match_ids": chosen, "reason": "Same workplace"}, format="json")
    assert response.json() == {"done": chosen, "failed": []}
    assert Match.objects.get(pk=chosen[0]).state == "rejected"
    assert Match.objects.filter(state="proposed").count() == 2


def test_a_mentee_with_an_open_request_is_not_waiting(
    as_user, coordinator, mentee, mentor, population, django_capture_on_commit_callbacks
):
    request_match(as_user(mentee), mentor.pk)
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    assert run["stats"]["waiting_mentees"] == 5
    assert all(p["mentee"] != str(mentee.pk) for p in run["proposals"])


def test_blocked_pairs_are_never_proposed(as_user, coordinator, mentor, django_capture_on_commit_callbacks):
    from backend.safety.models import Block

    MentorProfile.objects.exclude(user=mentor).delete()
    lonely = make_user("mentee")
    Block.objects.create(blocker=mentor, blocked=lonely)
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    assert run["stats"]["matched"] == 0
    [unmatched] = run["stats"]["unmatched"]
    assert unmatched["mentee_id"] == str(lonely.pk)


def test_a_second_run_is_refused_while_one_is_queued(as_user, coordinator):
    api = as_user(coordinator)
    first = api.post(RUNS, {}, format="json")  # its job is queued after commit, which never comes here
    assert first.status_code == 202
    assert first.json()["status"] == "queued"
    second = api.post(RUNS, {}, format="json")
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "run_in_progress"


def test_a_failing_run_is_marked_failed_with_its_error(
    as_user, coordinator, population, monkeypatch, django_capture_on_commit_callbacks
):
    from backend.matches import runs

    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(runs, "assign", broken)
    run = start_run(as_user(coordinator), django_capture_on_commit_callbacks)
    assert run["status"] == "failed"
    assert "solver exploded" in run["error"]
    assert not Match.objects.exists()


def test_an_unknown_run_is_404(as_user, coordinator):
    assert as_user(coordinator).get(f"{RUNS}12345/").status_code == 404
    assert MatchingRun.objects.count() == 0

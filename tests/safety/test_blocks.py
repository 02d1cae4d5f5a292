"""Blocking: who may block whom, unblocking, and what a block does."""

from __future__ import annotations

import pytest

from backend.safety.models import Block
from backend.safety.services import is_blocked
from tests.factories import make_user
from tests.matches.helpers import request_match

pytestmark = pytest.mark.django_db

URL = "/api/v1/blocks/"


def block(api, user_id):
    return api.post(URL, {"user_id": str(user_id)}, format="json")


def test_a_mentee_blocks_an_approved_mentor_and_sees_the_block(as_user, mentee, mentor):
    api = as_user(mentee)
    response = block(api, mentor.pk)
    assert response.status_code == 201
    assert response.json()["user_id"] == str(mentor.pk)
    assert is_blocked(mentee.pk, mentor.pk)
    assert is_blocked(mentor.pk, mentee.pk)
    listed = api.get(URL).json()
    assert [b["user_id"] for b in listed["results"]] == [str(mentor.pk)]


def test_blocking_twice_keeps_one_block(as_user, mentee, mentor):
    api = as_user(mentee)
    block(api, mentor.pk)
    assert block(api, mentor.pk).status_code == 201
    assert Block.objects.count() == 1


def test_a_mentor_may_block_a_mentee_they_were_matched_with(as_user, mentee, mentor, coordinator):
    match_id = request_match(as_user(mentee), mentor.pk).json()["id"]
    as_user(coordinator).post(f"/api/v1/matches/{match_id}/approve/", {}, format="json")
    assert block(as_user(mentor), mentee.pk).status_code == 201


def test_a_stranger_cannot_be_blocked_so_accounts_cannot_be_probed(as_user, mentor, outsider):
    other_mentee = make_user("mentee")
    assert block(as_user(mentor), other_mentee.pk).status_code == 404
    assert block(as_user(outsider), other_mentee.pk).status_code == 404
    assert not Block.objects.exists()


def test_blocking_yourself_is_a_validation_error(as_user, mentee):
    response = block(as_user(mentee), mentee.pk)
    assert response.status_code == 400
    assert "user_id" in response.json()["error"]["fields"]


def test_unblocking_lifts_delivery_but_the_list_forgets_it(as_user, mentee, mentor):
    api = as_user(mentee)
    block(api, mentor.pk)
    assert api.delete(f"{URL}{mentor.pk}/").status_code == 204
    assert not is_blocked(mentee.pk, mentor.pk)
    assert api.get(URL).json()["count"] == 0
    assert api.delete(f"{URL}{mentor.pk}/").status_code == 404


def test_you_cannot_lift_someone_elses_block(as_user, mentee, mentor):
    block(as_user(mentee), mentor.pk)
    assert as_user(mentor).delete(f"{URL}{mentee.pk}/").status_code == 404
    assert is_blocked(mentee.pk, mentor.pk)


def test_coordinators_do_not_block(as_user, coordinator, mentor):
    assert block(as_user(coordinator), mentor.pk).status_code == 403

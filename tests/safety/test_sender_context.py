"""What moderation is told about a sender: likely country and prior offences, in one batch."""

from __future__ import annotations

import pytest

from backend.safety.models import ModerationItem, Warning
from chat.moderation_hook import sender_context, sender_contexts
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_the_country_comes_from_the_profiles_time_zone(mentee, mentor):
    mentor.mentor_profile.timezone = "America/New_York"
    mentor.mentor_profile.save(update_fields=["timezone"])
    contexts = sender_contexts([(mentee.pk, "mentee"), (mentor.pk, "mentor")])
    assert (contexts[str(mentee.pk)].country, contexts[str(mentor.pk)].country) == ("GB", "US")
    assert contexts[str(mentor.pk)].sender_role == "mentor"


def test_abuse_findings_and_warnings_are_prior_offences(mentee, mentor, coordinator):
    ModerationItem.objects.create(subject=mentor, category="safety", category_rank=1, is_abuse=True)
    ModerationItem.objects.create(subject=mentor, category="safety", category_rank=1, is_abuse=False)
    Warning.objects.create(user=mentor, created_by=coordinator, note="be kind")
    assert sender_context(mentor.pk, "mentor").prior_offences == 2
    assert sender_context(mentee.pk, "mentee").prior_offences == 0


def test_one_batch_costs_the_same_queries_however_many_senders(django_assert_max_num_queries):
    users = [make_user("mentee") for _ in range(20)]
    with django_assert_max_num_queries(4):
        contexts = sender_contexts([(u.pk, "mentee") for u in users])
    assert len(contexts) == 20

"""The demo seed: a realistic population that validates against the API, created once."""

import pytest
from django.core.management import call_command

from backend.accounts.models import User
from backend.profiles.models import MenteeProfile, MentorProfile
from backend.profiles.serializers import MenteeProfileSerializer, MentorProfileSerializer

pytestmark = pytest.mark.django_db


def test_it_seeds_mentors_mentees_and_a_coordinator_once():
    call_command("seed_demo", "--mentors", "20", "--mentees", "30")
    call_command("seed_demo", "--mentors", "20", "--mentees", "30")
    assert MentorProfile.objects.count() == 20
    assert MenteeProfile.objects.count() == 30
    assert User.objects.filter(role="coordinator").count() == 1


def test_seeded_profiles_pass_the_apis_own_validation():
    call_command("seed_demo", "--mentors", "20", "--mentees", "30")
    for model, serializer_class in ((MentorProfile, MentorProfileSerializer), (MenteeProfile, MenteeProfileSerializer)):
        for profile in model.objects.all():
            data = serializer_class(profile).data
            writable = {k: v for k, v in data.items() if k not in {"vetting_status", "updated_at", "availability_utc"}}
            serializer = serializer_class(profile, data=writable)
            assert serializer.is_valid(), serializer.errors


def test_demo_logins_work(api):
    call_command("seed_demo", "--mentors", "5", "--mentees", "5")
    for email in ("coordinator@demo.kindred.example", "mentor1@demo.kindred.example", "mentee1@demo.kindred.example"):
        response = api.post("/api/v1/auth/token/", {"email": email, "password": "kindred-demo-password"}, format="json")
        assert response.status_code == 200, email

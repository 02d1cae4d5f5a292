"""Seed a demo population: about 200 mentors, 500 mentees and a coordinator.

Idempotent: running it again changes nothing once the population exists.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from backend.accounts.models import Role, User
from backend.accounts.services import coordinator_create
from backend.matches.adapter import slots_to_json
from backend.profiles.models import MenteeProfile, MentorProfile
from matching.synthetic import generate_mentees, generate_mentors

DEMO_PASSWORD = "kindred-demo-password"
COORDINATOR_EMAIL = "coordinator@demo.kindred.example"
DOMAIN = "demo.kindred.example"


class Command(BaseCommand):
    help = "Create demo mentors, mentees and a coordinator (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--mentors", type=int, default=200)
        parser.add_argument("--mentees", type=int, default=500)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        coordinator_create(email=COORDINATOR_EMAIL, password=DEMO_PASSWORD, display_name="Demo coordinator")
        created = self._population(options["mentors"], options["mentees"], options["seed"])
        verb = "Created" if created else "Kept the existing"
        self.stdout.write(
            f"{verb} demo population. Demo logins (password '{DEMO_PASSWORD}'):\n"
            f"  coordinator  {COORDINATOR_EMAIL}\n"
            f"  mentor       mentor1@{DOMAIN}\n"
            f"  mentee       mentee1@{DOMAIN}"
        )

    @transaction.atomic
    def _population(self, n_mentors: int, n_mentees: int, seed: int) -> bool:
        if User.objects.filter(email=f"mentor1@{DOMAIN}").exists():
            return False
        # One hash for every demo account: hashing hundreds of passwords would take minutes.
        password = make_password(DEMO_PASSWORD)
        mentors = generate_mentors(n_mentors, seed=seed)
        mentees = generate_mentees(n_mentees, seed=seed)
        mentor_users = User.objects.bulk_create(
            User(email=f"mentor{i}@{DOMAIN}", role=Role.MENTOR, display_name=m.display_name, password=password)
            for i, m in enumerate(mentors, start=1)
        )
        # The first mentor is always approved, so the demo login can be matched.
        MentorProfile.objects.bulk_create(
            MentorProfile(
                user=user,
                languages=m.languages,
                timezone=m.timezone,
                availability=slots_to_json(m.availability),
                condition_focus=m.condition_focus,
                bio=m.bio,
                lived_experience=m.lived_experience,
                recovery_story=m.recovery_story,
                capacity=m.capacity,
                accepting_new=m.accepting_new or i == 0,
                not_ready_for=m.not_ready_for,
                vetting_status="approved" if i == 0 else m.vetting_status,
            )
            for i, (user, m) in enumerate(zip(mentor_users, mentors, strict=True))
        )
        mentee_users = User.objects.bulk_create(
            User(email=f"mentee{i}@{DOMAIN}", role=Role.MENTEE, display_name=m.display_name, password=password)
            for i, m in enumerate(mentees, start=1)
        )
        MenteeProfile.objects.bulk_create(
            MenteeProfile(
                user=user,
                languages=m.languages,
                timezone=m.timezone,
                availability=slots_to_json(m.availability),
                condition_focus=m.condition_focus,
                bio=m.bio,
                goals=m.goals,
                topics_to_avoid=m.topics_to_avoid,
            )
            for user, m in zip(mentee_users, mentees, strict=True)
        )
        return True

"""factory_boy factories with realistic, pseudonymous data."""

from __future__ import annotations

import factory

from backend.accounts.models import Role, User
from backend.profiles.models import MenteeProfile, MentorProfile, VettingStatus

PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"QuietHarbor{n}")
    role = Role.MENTEE
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance: User, create: bool, results: dict | None = None) -> None:
        if create:
            instance.save()


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile

    user = factory.SubFactory(UserFactory, role=Role.MENTEE)
    languages = factory.LazyFunction(lambda: ["en"])
    timezone = "Europe/London"
    availability = factory.LazyFunction(lambda: [{"day": 1, "start": "18:00", "end": "20:00"}])
    condition_focus = factory.LazyFunction(lambda: ["anxiety"])
    bio = "I work nights and find weekends hard."
    goals = "Build a routine that keeps panic attacks manageable."
    topics_to_avoid = factory.LazyFunction(list)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory, role=Role.MENTOR, display_name=factory.Sequence(lambda n: f"SteadyOak{n}"))
    languages = factory.LazyFunction(lambda: ["en"])
    timezone = "Europe/London"
    availability = factory.LazyFunction(lambda: [{"day": 1, "start": "17:00", "end": "21:00"}])
    condition_focus = factory.LazyFunction(lambda: ["anxiety"])
    lived_experience = factory.LazyFunction(lambda: ["anxiety", "depression"])
    bio = "Five years into recovery from anxiety; I like long walks."
    recovery_story = "Therapy, running and a peer group got me through the worst of it."
    capacity = 3
    accepting_new = True
    not_ready_for = factory.LazyFunction(list)
    vetting_status = VettingStatus.APPROVED


def make_user(role: str = Role.MENTEE, **kwargs) -> User:
    """A user of ``role`` with a filled-in profile where the role has one."""
    if role == Role.MENTEE:
        return MenteeProfileFactory(user__role=Role.MENTEE, **{f"user__{k}": v for k, v in kwargs.items()}).user
    if role == Role.MENTOR:
        return MentorProfileFactory(user__role=Role.MENTOR, **{f"user__{k}": v for k, v in kwargs.items()}).user
    return UserFactory(role=role, **kwargs)

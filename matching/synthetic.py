"""Realistic synthetic mentor and mentee populations.

Used by the demo seed and by the benchmarks. Distributions are chosen to look
like a real peer-support community rather than uniform noise: English is the
most common language and many people list two; time zones cluster around a
few metro areas; availability is one to four evening or weekend blocks;
anxiety and depression dominate; free text is composed from varied sentence
templates whose vocabulary correlates with conditions, hobbies and coping
strategies, so text similarity carries real signal.

Generation is deterministic for a given seed (``random.Random`` seeded with a
string, which is stable across Python runs). Mentors and mentees use separate
streams, so the same seed gives unrelated people in the two calls.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from matching.records import MenteeRecord, MentorRecord, Slot
from matching.taxonomy import CONDITIONS

# --- distributions ---------------------------------------------------------

# (zone, weight, primary-language weights)
_ZONES: tuple[tuple[str, float, dict[str, float]], ...] = (
    ("America/New_York", 17, {"en": 88, "es": 12}),
    ("America/Chicago", 8, {"en": 85, "es": 15}),
    ("America/Denver", 3, {"en": 90, "es": 10}),
    ("America/Los_Angeles", 10, {"en": 78, "es": 16, "zh": 3, "tl": 3}),
    ("America/Toronto", 3, {"en": 75, "fr": 25}),
    ("America/Mexico_City", 4, {"es": 100}),
    ("America/Sao_Paulo", 4, {"pt": 100}),
    ("Europe/London", 12, {"en": 92, "pl": 4, "ur": 4}),
    ("Europe/Dublin", 2, {"en": 100}),
    ("Europe/Berlin", 6, {"de": 88, "tr": 12}),
    ("Europe/Paris", 5, {"fr": 100}),
    ("Europe/Madrid", 3, {"es": 100}),
    ("Africa/Lagos", 2, {"en": 70, "yo": 30}),
    ("Africa/Johannesburg", 1, {"en": 100}),
    ("Asia/Dubai", 2, {"ar": 80, "en": 20}),
    ("Asia/Kolkata", 7, {"hi": 55, "en": 30, "ta": 15}),
    ("Asia/Shanghai", 2, {"zh": 100}),
    ("Asia/Tokyo", 1, {"ja": 100}),
    ("Asia/Manila", 2, {"tl": 60, "en": 40}),
    ("Australia/Sydney", 4, {"en": 100}),
    ("Pacific/Auckland", 1, {"en": 100}),
)

# Second language for English speakers; non-English speakers mostly add English.
_SECOND_FOR_EN: dict[str, float] = {
    "es": 40,
    "fr": 18,
    "de": 9,
    "pt": 6,
    "hi": 6,
    "ar": 5,
    "zh": 5,
    "it": 5,
    "ja": 3,
    "ko": 3,
}
_P_SECOND_LANGUAGE = 0.45

_CONDITION_WEIGHTS: dict[str, float] = {
    "anxiety": 30,
    "depression": 28,
    "stress": 12,
    "social_anxiety": 9,
    "panic": 8,
    "trauma": 8,
    "ptsd": 7,
    "burnout": 7,
    "loneliness": 7,
    "grief": 6,
    "adhd": 6,
    "ocd": 5,
    "substance_use": 5,
    "bipolar": 4,
    "eating_disorders": 4,
    "self_harm": 3,
    "postpartum": 2,
    "psychosis": 1.5,
}
assert set(_CONDITION_WEIGHTS) == set(CONDITIONS)

# Topics people most often ask not to discuss.
_SENSITIVE = (
    "self_harm",
    "substance_use",
    "eating_disorders",
    "psychosis",
    "grief",
    "trauma",
    "postpartum",
    "bipolar",
)

_WEEKDAY_EVENINGS = ((1080, 1200), (1140, 1260), (1200, 1320), (1050, 1140), (1260, 1380), (1320, 1440))
_WEEKEND_BLOCKS = ((540, 720), (600, 780), (840, 1020), (960, 1080), (1140, 1320))
_LUNCH = ((720, 780),)
_MORNINGS = ((420, 510),)

_ADJECTIVES = (
    "Quiet",
    "Gentle",
    "Brave",
    "Steady",
    "Calm",
    "Bright",
    "Kind",
    "Hopeful",
    "Patient",
    "Warm",
    "Sunny",
    "Silver",
    "Golden",
    "Misty",
    "Wild",
    "Little",
    "Northern",
    "Open",
    "Clear",
    "Soft",
    "Bold",
    "Still",
    "Free",
    "True",
    "Lucky",
    "Amber",
    "Blue",
    "Evening",
)
_NOUNS = (
    "Harbor",
    "River",
    "Willow",
    "Maple",
    "Sparrow",
    "Meadow",
    "Lantern",
    "Cedar",
    "Ocean",
    "Fern",
    "Otter",
    "Heron",
    "Pebble",
    "Summit",
    "Canyon",
    "Juniper",
    "Robin",
    "Aspen",
    "Comet",
    "Tide",
    "Brook",
    "Falcon",
    "Orchard",
    "Beacon",
    "Moss",
    "Wren",
    "Birch",
    "Cove",
)

_JOBS = (
    "nurse",
    "teacher",
    "software developer",
    "student",
    "barista",
    "accountant",
    "chef",
    "graphic designer",
    "social worker",
    "electrician",
    "retail manager",
    "musician",
    "stay-at-home parent",
    "lawyer",
    "mechanic",
    "pharmacist",
    "warehouse worker",
    "researcher",
    "carpenter",
    "librarian",
    "paramedic",
    "hairdresser",
    "farmer",
)
_HOBBIES = (
    "hiking",
    "running",
    "painting",
    "knitting",
    "video games",
    "cooking",
    "baking",
    "gardening",
    "photography",
    "yoga",
    "swimming",
    "cycling",
    "fantasy novels",
    "guitar",
    "birdwatching",
    "rock climbing",
    "pottery",
    "chess",
    "football",
    "board games",
    "volunteering at an animal shelter",
    "poetry",
    "dancing",
    "fishing",
    "podcasts",
)
_COPING = (
    "journaling",
    "therapy",
    "cognitive behavioural therapy",
    "mindfulness meditation",
    "breathing exercises",
    "regular exercise",
    "peer support groups",
    "the right medication",
    "DBT skills",
    "art therapy",
    "a steady sleep routine",
    "twelve-step meetings",
    "grounding techniques",
    "long walks in nature",
    "talking openly with friends",
    "setting boundaries at work",
    "volunteering",
    "music",
)
_AGES = ("twenties", "thirties", "forties", "fifties", "sixties")
_FAMILY = ("my mother", "my father", "my partner", "my best friend", "my brother", "my sister", "my grandmother")

_CONDITION_STORY: dict[str, tuple[str, ...]] = {
    "anxiety": (
        "For years constant worry and overthinking ran my days.",
        "Anxiety made ordinary things like phone calls feel impossible.",
        "I know how exhausting it is when your mind never switches off.",
    ),
    "depression": (
        "Depression left me numb and struggling to get out of bed.",
        "There were months when even showering felt like climbing a mountain.",
        "I lived with low mood and emptiness for a long time before asking for help.",
    ),
    "ptsd": (
        "After a frightening event I lived with flashbacks and nightmares.",
        "PTSD kept my body on high alert long after the danger was gone.",
    ),
    "bipolar": (
        "Bipolar disorder brought manic highs and crushing lows.",
        "Learning to spot early signs of mood episodes changed my life.",
    ),
    "ocd": (
        "OCD meant intrusive thoughts and rituals I could not stop.",
        "Checking and counting used to take hours of my day.",
    ),
    "eating_disorders": (
        "My relationship with food and my body image was at war for years.",
        "Recovering from an eating disorder taught me to eat without guilt.",
    ),
    "substance_use": (
        "Drinking became my way of coping until it took over.",
        "I have been sober for several years and recovery is still a daily practice.",
    ),
    "grief": (
        "Losing {family} turned my world upside down.",
        "Grief came in waves after {family} died.",
    ),
    "self_harm": (
        "I used to hurt myself when emotions got too big and learned safer ways to cope.",
        "Finding alternatives to self-harm urges took patience and support.",
    ),
    "adhd": (
        "I was diagnosed with ADHD late and finally understood my struggles with focus.",
        "Restlessness, missed deadlines and forgetfulness shaped my school years.",
    ),
    "postpartum": (
        "After my baby was born I felt disconnected and scared.",
        "Postpartum depression hit me hard in the first year of parenthood.",
    ),
    "psychosis": (
        "I experienced psychosis and hearing voices in my early twenties.",
        "Early intervention services helped me rebuild after a psychotic episode.",
    ),
    "loneliness": (
        "After moving to a new city I felt isolated and invisible.",
        "Loneliness crept in when my friends moved away.",
    ),
    "stress": (
        "Juggling deadlines, family and money left me constantly stressed.",
        "Chronic stress showed up as headaches and sleepless nights.",
    ),
    "panic": (
        "Panic attacks on trains and in shops made me avoid going out.",
        "A racing heart and shaking hands used to mean a panic attack was coming.",
    ),
    "social_anxiety": (
        "Social anxiety made parties and speaking up in meetings terrifying.",
        "I used to rehearse every conversation and replay it for days.",
    ),
    "burnout": (
        "Burnout at work left me exhausted and cynical.",
        "I pushed myself until my body forced me to stop working for months.",
    ),
    "trauma": (
        "Childhood trauma shaped how safe I felt around other people.",
        "Healing from trauma meant learning that my reactions made sense.",
    ),
}

_CONDITION_GOAL: dict[str, tuple[str, ...]] = {
    "anxiety": (
        "I want to worry less and stop overthinking everything.",
        "I'd like tools to calm my anxiety before work.",
    ),
    "depression": (
        "I want to find motivation again and get out of bed on hard days.",
        "I hope to feel less numb and more like myself.",
    ),
    "ptsd": ("I want help handling flashbacks and nightmares.", "I'd like to feel safe in my body again."),
    "bipolar": (
        "I want to recognise early signs of mood episodes.",
        "I hope to build a routine that keeps my moods steadier.",
    ),
    "ocd": ("I want to resist rituals and intrusive thoughts.", "I'd like to spend less time checking things."),
    "eating_disorders": (
        "I want a calmer relationship with food.",
        "I'd like to work on body image and eating without guilt.",
    ),
    "substance_use": (
        "I want to stay sober and find other ways to cope.",
        "I'd like support cutting down on drinking.",
    ),
    "grief": (
        "I'm grieving {family} and want to talk to someone who understands.",
        "I want to learn to live alongside grief.",
    ),
    "self_harm": ("I want safer ways to cope with self-harm urges.", "I'd like support when emotions get too big."),
    "adhd": (
        "I want strategies for focus and deadlines with ADHD.",
        "I'd like help with forgetfulness and restlessness.",
    ),
    "postpartum": (
        "Since my baby was born I feel disconnected and want support.",
        "I'd like to talk to a parent who went through postpartum depression.",
    ),
    "psychosis": (
        "I'm rebuilding after a psychotic episode.",
        "I want to talk to someone who has experienced hearing voices.",
    ),
    "loneliness": ("I moved to a new city and feel isolated.", "I want to build connections and feel less lonely."),
    "stress": (
        "I want to manage stress from deadlines and family.",
        "I'd like to sleep better and feel less stressed.",
    ),
    "panic": (
        "I want to stop avoiding places because of panic attacks.",
        "I'd like tools for a racing heart and panic.",
    ),
    "social_anxiety": (
        "I want to feel less scared speaking up in meetings.",
        "I'd like to go to parties without dread.",
    ),
    "burnout": (
        "I'm recovering from burnout at work and want to set boundaries.",
        "I want to return to work without burning out again.",
    ),
    "trauma": ("I want to understand how trauma shaped me.", "I'd like to feel safe around other people."),
}


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _sample_distinct(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    pool = dict(weights)
    chosen: list[str] = []
    for _ in range(min(k, len(pool))):
        pick = _weighted(rng, pool)
        chosen.append(pick)
        del pool[pick]
    return chosen


def _count(rng: random.Random, weights: Sequence[float], start: int = 1) -> int:
    return rng.choices(range(start, start + len(weights)), weights=weights)[0]


def _zone_and_languages(rng: random.Random) -> tuple[str, list[str]]:
    zone, _, primary_weights = rng.choices(_ZONES, weights=[z[1] for z in _ZONES])[0]
    primary = _weighted(rng, primary_weights)
    languages = [primary]
    if rng.random() < _P_SECOND_LANGUAGE:
        if primary == "en":
            languages.append(_weighted(rng, _SECOND_FOR_EN))
        elif rng.random() < 0.8:
            languages.append("en")
        else:
            others = {k: v for k, v in _SECOND_FOR_EN.items() if k != primary}
            languages.append(_weighted(rng, others))
    return zone, languages


def _availability(rng: random.Random) -> list[Slot]:
    slots: set[Slot] = set()
    for _ in range(_count(rng, (25, 35, 25, 15))):
        kind = rng.choices(("evening", "weekend", "lunch", "morning"), weights=(55, 30, 8, 7))[0]
        if kind == "weekend":
            day, (start, end) = rng.randint(5, 6), rng.choice(_WEEKEND_BLOCKS)
        else:
            block = {"evening": _WEEKDAY_EVENINGS, "lunch": _LUNCH, "morning": _MORNINGS}[kind]
            day, (start, end) = rng.randint(0, 4), rng.choice(block)
        slots.add(Slot(day, start, end))
    # Merge overlapping or touching blocks of one day: profiles never hold overlaps.
    merged: list[Slot] = []
    for slot in sorted(slots):
        last = merged[-1] if merged else None
        if last is not None and last.day == slot.day and slot.start <= last.end:
            merged[-1] = Slot(last.day, last.start, max(last.end, slot.end))
        else:
            merged.append(slot)
    return merged


class _Names:
    """Pseudonymous display names, unique within one generator call."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def next(self) -> str:
        rng = self._rng
        stem = rng.choice(_ADJECTIVES) + rng.choice(_NOUNS)
        for upper in (99, 999, 9999):
            for _ in range(4):
                name = f"{stem}{rng.randint(10, upper)}"
                if name not in self._used:
                    self._used.add(name)
                    return name
        # Only reachable for enormous populations; a counter keeps names unique.
        name = f"{stem}{len(self._used) + 10000}"
        self._used.add(name)
        return name


def _fill(rng: random.Random, sentence: str) -> str:
    return sentence.format(family=rng.choice(_FAMILY)) if "{family}" in sentence else sentence


def _bio(rng: random.Random) -> str:
    hobbies = rng.sample(_HOBBIES, 2)
    parts = [
        rng.choice(
            (
                f"I'm a {rng.choice(_JOBS)} in my {rng.choice(_AGES)}.",
                f"I work as a {rng.choice(_JOBS)}.",
                f"By day I'm a {rng.choice(_JOBS)}.",
            )
        ),
        rng.choice(
            (
                f"Outside work I love {hobbies[0]} and {hobbies[1]}.",
                f"You'll often find me into {hobbies[0]}.",
                f"{hobbies[0].capitalize()} and {hobbies[1]} keep me grounded.",
            )
        ),
    ]
    if rng.random() < 0.4:
        parts.append(
            rng.choice(
                (
                    "I have a dog who insists on long walks.",
                    "I'm a parent of two and a terrible cook.",
                    "I'm learning a new language slowly.",
                    "Coffee first, conversation second.",
                )
            )
        )
    return " ".join(parts)


@dataclass(frozen=True)
class SyntheticMentor:
    """A generated mentor profile in the web API's shape."""

    display_name: str
    languages: list[str]
    timezone: str
    availability: list[Slot]
    condition_focus: list[str]
    bio: str
    lived_experience: list[str]
    recovery_story: str
    capacity: int
    accepting_new: bool
    not_ready_for: list[str]
    vetting_status: str

    def to_record(self, id: str, load: int = 0) -> MentorRecord:
        return MentorRecord(
            id=id,
            languages=frozenset(self.languages),
            timezone=self.timezone,
            availability=tuple(self.availability),
            condition_focus=frozenset(self.condition_focus),
            lived_experience=frozenset(self.lived_experience),
            not_ready_for=frozenset(self.not_ready_for),
            text=f"{self.bio} {self.recovery_story}",
            capacity=self.capacity,
            load=load,
            vetted=self.vetting_status == "approved",
            accepting_new=self.accepting_new,
        )


@dataclass(frozen=True)
class SyntheticMentee:
    """A generated mentee profile in the web API's shape."""

    display_name: str
    languages: list[str]
    timezone: str
    availability: list[Slot]
    condition_focus: list[str]
    bio: str
    goals: str
    topics_to_avoid: list[str] = field(default_factory=list)

    def to_record(self, id: str, load: int = 0) -> MenteeRecord:
        """``load`` is accepted for symmetry with mentors and ignored."""
        del load
        return MenteeRecord(
            id=id,
            languages=frozenset(self.languages),
            timezone=self.timezone,
            availability=tuple(self.availability),
            condition_focus=frozenset(self.condition_focus),
            topics_to_avoid=frozenset(self.topics_to_avoid),
            text=f"{self.bio} {self.goals}",
        )


def generate_mentors(n: int, *, seed: int) -> list[SyntheticMentor]:
    """``n`` mentors, deterministic for ``seed``."""
    rng = random.Random(f"kindred-mentors-{seed}")  # noqa: S311 - reproducible test data, not secrets
    names = _Names(rng)
    mentors: list[SyntheticMentor] = []
    for _ in range(n):
        zone, languages = _zone_and_languages(rng)
        lived = _sample_distinct(rng, _CONDITION_WEIGHTS, _count(rng, (20, 35, 30, 15)))
        not_ready = [rng.choice(lived[1:])] if len(lived) > 1 and rng.random() < 0.2 else []
        ready = [c for c in lived if c not in not_ready]
        focus = rng.sample(ready, rng.randint(1, len(ready)))
        coping = rng.sample(_COPING, 2)
        story = [_fill(rng, rng.choice(_CONDITION_STORY[c])) for c in lived]
        story.append(
            rng.choice(
                (
                    f"What helped me most was {coping[0]} and {coping[1]}.",
                    f"{coping[0].capitalize()} got me through the worst of it.",
                    f"These days {coping[0]} keeps me well.",
                )
            )
        )
        if rng.random() < 0.5:
            story.append(
                rng.choice(
                    (
                        "Recovery is not a straight line and that's okay.",
                        "I want to be the person I needed back then.",
                        "Small steps add up, I promise.",
                        "I'm a good listener and I won't judge.",
                    )
                )
            )
        mentors.append(
            SyntheticMentor(
                display_name=names.next(),
                languages=languages,
                timezone=zone,
                availability=_availability(rng),
                condition_focus=sorted(focus),
                bio=_bio(rng),
                lived_experience=sorted(lived),
                recovery_story=" ".join(story),
                capacity=_count(rng, (20, 30, 25, 15, 10)),
                accepting_new=rng.random() < 0.9,
                not_ready_for=not_ready,
                vetting_status="approved" if rng.random() < 0.88 else "pending",
            )
        )
    return mentors


def generate_mentees(n: int, *, seed: int) -> list[SyntheticMentee]:
    """``n`` mentees, deterministic for ``seed``."""
    rng = random.Random(f"kindred-mentees-{seed}")  # noqa: S311 - reproducible test data, not secrets
    names = _Names(rng)
    mentees: list[SyntheticMentee] = []
    for _ in range(n):
        zone, languages = _zone_and_languages(rng)
        focus = _sample_distinct(rng, _CONDITION_WEIGHTS, _count(rng, (45, 40, 15)))
        avoid_pool = [c for c in _SENSITIVE if c not in focus]
        avoid = rng.sample(avoid_pool, _count(rng, (70, 22, 8), start=0))
        goals = [_fill(rng, rng.choice(_CONDITION_GOAL[c])) for c in focus]
        goals.append(
            rng.choice(
                (
                    f"I'm curious whether {rng.choice(_COPING)} could help me.",
                    f"I've tried {rng.choice(_COPING)} and want to keep going.",
                    "Mostly I want someone who has been there.",
                    "I'd like to rebuild my confidence step by step.",
                )
            )
        )
        mentees.append(
            SyntheticMentee(
                display_name=names.next(),
                languages=languages,
                timezone=zone,
                availability=_availability(rng),
                condition_focus=sorted(focus),
                bio=_bio(rng),
                goals=" ".join(goals),
                topics_to_avoid=sorted(avoid),
            )
        )
    return mentees

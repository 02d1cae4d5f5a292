"""Plain, immutable profile records the matcher works on.

These carry only what matching needs. The web layer converts its models into
these records; nothing here knows about storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

#: Weekly availability is expressed on a 15-minute grid.
QUARTER_MINUTES = 15
MINUTES_PER_DAY = 1440

#: Pairs (mentee_id, mentor_id) that must never be matched (earlier match,
#: block, report...).
Exclusions: TypeAlias = frozenset[tuple[str, str]]


@dataclass(frozen=True, order=True)
class Slot:
    """A weekly recurring block of local wall-clock time.

    ``day`` is 0-6 (Monday=0); ``start``/``end`` are minutes from local
    midnight with ``0 <= start < end <= 1440`` on 15-minute boundaries. An
    ``end`` of 1440 means "until the next local midnight". Slots never cross
    midnight: a late-evening block is two slots.
    """

    day: int
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.day <= 6:
            raise ValueError(f"day must be 0..6 (Monday=0), got {self.day}")
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(f"need 0 <= start < end <= {MINUTES_PER_DAY}, got {self.start}..{self.end}")
        if self.start % QUARTER_MINUTES or self.end % QUARTER_MINUTES:
            raise ValueError(f"start and end must be multiples of {QUARTER_MINUTES} minutes")

    @property
    def minutes(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class MentorRecord:
    """A peer mentor as the matcher sees them.

    ``availability`` is local to ``timezone`` (an IANA name). ``load`` counts
    current active or awaiting matches; remaining capacity is
    ``capacity - load``. ``condition_focus`` is what the mentor prefers to
    mentor on (informational); matching uses ``lived_experience``.
    """

    id: str
    languages: frozenset[str]
    timezone: str
    availability: tuple[Slot, ...]
    condition_focus: frozenset[str]
    lived_experience: frozenset[str]
    not_ready_for: frozenset[str]
    text: str
    capacity: int
    load: int = 0
    vetted: bool = True
    accepting_new: bool = True

    @property
    def remaining_capacity(self) -> int:
        return max(0, self.capacity - self.load)


@dataclass(frozen=True)
class MenteeRecord:
    """A person looking for a mentor; ``availability`` is local to ``timezone``."""

    id: str
    languages: frozenset[str]
    timezone: str
    availability: tuple[Slot, ...]
    condition_focus: frozenset[str]
    topics_to_avoid: frozenset[str] = field(default_factory=frozenset)
    text: str = ""

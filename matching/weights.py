"""The single, versioned definition of how much each score factor counts.

Change weights only by creating a new :class:`Weights` with a new
``version``; every suggestion and assignment records the version it was
scored with, so stored matches stay interpretable after a change.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Final

#: Factor names, in the order explanations list them when contributions tie.
FACTORS: Final[tuple[str, ...]] = (
    "condition_coverage",
    "text_similarity",
    "availability_overlap",
    "shared_languages",
    "load_balance",
)


@dataclass(frozen=True)
class Weights:
    """Points each factor contributes at its maximum; they must sum to 100.

    Every factor value lies in [0, 1] and contributes ``weight * value``
    points. Weights are multiples of 0.1 so that contributions rounded to
    0.1 can never add up to more than 100.

    ``overlap_full_minutes`` is the weekly overlap at which the availability
    factor saturates; ``text_full_similarity`` is the TF-IDF cosine at which
    the text factor saturates (raw cosines between two different people's
    free text rarely exceed 0.5, so without saturation the factor would
    barely move).
    """

    version: str = "2026-11.1"
    condition_coverage: float = 35.0
    text_similarity: float = 20.0
    availability_overlap: float = 20.0
    shared_languages: float = 10.0
    load_balance: float = 15.0
    overlap_full_minutes: int = 240
    text_full_similarity: float = 0.5

    def __post_init__(self) -> None:
        values = self.as_tuple()
        for name, value in zip(FACTORS, values, strict=True):
            if value < 0:
                raise ValueError(f"weight {name} must be >= 0")
            if abs(value * 10 - round(value * 10)) > 1e-9:
                raise ValueError(f"weight {name} must be a multiple of 0.1")
        if abs(sum(values) - 100.0) > 1e-9:
            raise ValueError(f"weights must sum to 100, got {sum(values)}")
        if self.overlap_full_minutes <= 0:
            raise ValueError("overlap_full_minutes must be positive")
        if not 0 < self.text_full_similarity <= 1:
            raise ValueError("text_full_similarity must be in (0, 1]")

    def as_tuple(self) -> tuple[float, ...]:
        """Factor weights in :data:`FACTORS` order."""
        return tuple(float(getattr(self, name)) for name in FACTORS)

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


DEFAULT_WEIGHTS: Final[Weights] = Weights()

"""Bit assignment for small code vocabularies (languages, conditions).

Each distinct code gets a bit; a set of codes becomes a tuple of 32-bit
words (stored as uint32 arrays: real vocabularies - a few dozen languages,
eighteen conditions - fit one word, and narrower words halve memory traffic
in the per-query scans). Vocabularies only grow, so masks built earlier stay valid when a new
code appears (it gets a new, higher bit and possibly a new word).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

WORD_BITS = 32
MASK_DTYPE = np.uint32


class Codebook:
    def __init__(self) -> None:
        self._bit: dict[str, int] = {}
        self._codes: list[str] = []

    def __len__(self) -> int:
        return len(self._codes)

    @property
    def words(self) -> int:
        return max(1, (len(self._codes) + WORD_BITS - 1) // WORD_BITS)

    @property
    def codes(self) -> list[str]:
        """Codes in bit order."""
        return list(self._codes)

    def bit(self, code: str) -> int | None:
        return self._bit.get(code)

    def add(self, codes: Iterable[str]) -> None:
        for code in sorted(set(codes)):
            if code not in self._bit:
                self._bit[code] = len(self._codes)
                self._codes.append(code)

    def mask(self, codes: Iterable[str]) -> tuple[int, ...]:
        """Words of the mask; codes not in the book are ignored.

        Ignoring unknown codes is safe for queries: no indexed mentor has
        them, so they can neither match nor conflict.
        """
        words = [0] * self.words
        for code in codes:
            bit = self._bit.get(code)
            if bit is not None:
                words[bit // WORD_BITS] |= 1 << (bit % WORD_BITS)
        return tuple(words)

"""Text normalisation shared by the language checks (crisis, abuse).

Chat text hides meaning behind case, accents, leetspeak ("k1ll", "$uicide"), masked letters
("k*ll"), stretched letters ("diiiie"), spacing ("s u i c i d e", "k.m.s"), slang ("wanna",
"rn") and misspellings ("suiside"). The checks match rules against a canonical form instead:
lowercase words without apostrophes, separated by single spaces, with sentence punctuation
kept as separate tokens so a rule cannot reach across a clause boundary.

Every normalised token remembers the original character range it came from, so a match can
be reported (or masked) at its position in the text the sender wrote.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import ABUSE_KEYWORDS, COMMON_WORDS, CRISIS_KEYWORDS, EXPANSIONS, MISSPELLINGS, SLURS, wordset

#: Words the fuzzy correction may map an unknown token onto.
KEYWORDS: frozenset[str] = CRISIS_KEYWORDS | ABUSE_KEYWORDS

# Characters that carry no meaning for matching (variation selectors, zero-width joiners,
# keycap and skin-tone modifiers, byte-order marks).
_IGNORED = {0xFE0E, 0xFE0F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x20E3, 0x00AD}
_IGNORED.update(range(0x1F3FB, 0x1F400))
_APOSTROPHES = {"\u2019", "\u2018", "`", "\u00b4", "\u02bc"}
# Symbols read as letters when they sit inside a word ("k!ll", "$uicide", "b1tch").
_LEET = {
    "0": "o",
    "1": "i",
    "3": "e",
    "4": "a",
    "5": "s",
    "7": "t",
    "8": "b",
    "@": "a",
    "$": "s",
    "!": "i",
    "|": "l",
    "+": "t",
    "€": "e",
}
_SPLIT_INNER = re.compile(r"[._\-#/]+")
_REPEATS = re.compile(r"([^\W\d_])\1{2,}")  # letters only: "***" masks stay as they are
_SINGLE_RUN = 3  # "k y s", "d i e": shorter runs are ordinary one-letter words


@dataclass(frozen=True, slots=True)
class Token:
    """A normalised token and the original character range ``[start, end)`` it stands for."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Normalized:
    """Canonical form of a message: ``text`` is the tokens joined by single spaces."""

    text: str
    tokens: tuple[Token, ...]
    positions: tuple[int, ...]  # offset of each token in ``text``

    def original_range(self, start: int, end: int) -> tuple[int, int] | None:
        """Map ``[start, end)`` of :attr:`text` to the original text; ``None`` if empty.

        Precondition: ``0 <= start <= end <= len(self.text)``.
        """
        if not self.tokens or start >= end:
            return None
        first = max(bisect.bisect_right(self.positions, start) - 1, 0)
        last = max(bisect.bisect_right(self.positions, end - 1) - 1, first)
        orig_start = self.tokens[first].start
        orig_end = max(t.end for t in self.tokens[first : last + 1])
        return (orig_start, orig_end) if orig_end > orig_start else None


@lru_cache(maxsize=64)
def normalize(text: str) -> Normalized:
    """Normalise ``text`` for rule matching. Total: accepts any ``str``.

    Cached (the result is immutable) so the checks of one pipeline run share one pass.
    """
    tokens = _join_spelled_letters(_expand(_raw_tokens(text)))
    parts: list[str] = []
    positions: list[int] = []
    offset = 0
    for token in tokens:
        positions.append(offset)
        parts.append(token.text)
        offset += len(token.text) + 1
    return Normalized(text=" ".join(parts), tokens=tuple(tokens), positions=tuple(positions))


# --- character folding and tokenising -------------------------------------------------------

# ASCII fast path: lowercase, control characters become spaces ("\r" a line break).
_ASCII_FOLD = {i: " " for i in [*range(32), 127] if chr(i) not in "\n"}
_ASCII_FOLD[ord("\r")] = "\n"
_ASCII_FOLD[ord("`")] = "'"
_RUN = re.compile(r"(?P<w>\d{1,2}:\d{2}(?!\d)|[\w'*@$!|+\u20ac.\-#]+)|(?P<c>[!?;,:\n])|(?P<o>\S)")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    """Fold one character: drop modifiers and accents, lowercase, unify apostrophes."""
    code = ord(ch)
    if code in _IGNORED:
        return ""
    if ch in _APOSTROPHES:
        return "'"
    category = unicodedata.category(ch)
    if category in ("So", "Sk", "Cs", "Co"):
        return ch  # emoji and symbols are tokens of their own
    if category == "Cc":
        return "\n" if ch in "\n\r" else " "
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _fold(text: str) -> tuple[str, list[int] | None]:
    """Folded text and, when lengths differ from the original, each character's origin."""
    if text.isascii():
        return text.translate(_ASCII_FOLD).lower(), None
    pieces: list[str] = []
    origin: list[int] = []
    for index, ch in enumerate(text):
        folded = _fold_char(ch)
        pieces.append(folded)
        origin.extend([index] * len(folded))
    return "".join(pieces), origin


def _raw_tokens(text: str) -> list[Token]:
    """Split folded text into word, emoji and clause-punctuation tokens."""
    folded, origin = _fold(text)

    def at(i: int) -> int:
        return origin[i] if origin is not None else i

    tokens: list[Token] = []
    for m in _RUN.finditer(folded):
        kind = m.lastgroup
        if kind == "w":
            tokens.extend(_word_tokens(m.group(), [at(i) for i in range(m.start(), m.end())]))
        elif kind == "c":
            tokens.append(Token("," if m.group() == "," else ".", at(m.start()), at(m.start()) + 1))
        elif unicodedata.category(m.group()) in ("So", "Sk", "Cs", "Co"):
            tokens.append(Token(m.group(), at(m.start()), at(m.start()) + 1))
    return tokens


def _word_tokens(raw: str, origins: list[int]) -> list[Token]:
    """Turn one run of word characters into normalised word tokens (maybe several).

    Precondition: ``origins[i]`` is the original index of ``raw[i]``.
    """
    # Trailing symbols are punctuation ("kill!", "end..."), not leetspeak.
    trail: list[Token] = []
    end = len(raw)
    while end and not (raw[end - 1].isalnum() or raw[end - 1] == "*"):
        end -= 1
        if raw[end] in ".!?" and not trail:
            trail.append(Token(".", origins[end], origins[end] + 1))
    # Leading "$" reads as "s" ("$uicide"); other leading symbols are dropped ("@name", "#tag").
    begin = 0
    while begin < end and not raw[begin].isalnum() and raw[begin] not in "$*":
        begin += 1
    if begin >= end:
        return trail
    core = raw[begin:end]
    pieces = _split_inner(core)
    result: list[Token] = []
    for piece, lo, hi in pieces:
        result.extend(_word_to_tokens(piece, origins[begin + lo], origins[begin + hi - 1] + 1))
    return [*result, *trail]


def _split_inner(raw: str) -> list[tuple[str, int, int]]:
    """Split on inner dots, dashes, underscores; join them when they separate single letters."""
    pieces = [(m.group(), m.start(), m.end()) for m in re.finditer(r"[^._\-#/]+", raw)]
    if len(pieces) >= _SINGLE_RUN and all(len(p) == 1 for p, _, _ in pieces):
        return [(_SPLIT_INNER.sub("", raw), 0, len(raw))]  # "k.m.s", "k-y-s"
    return pieces or [(raw, 0, len(raw))]


def _word_to_tokens(raw: str, start: int, end: int) -> list[Token]:
    if len(raw) == 1 and raw.isalpha():
        # Single letters wait for _join_spelled_letters: "s u i c i d e" must not become
        # "s you i ..." before the run is seen as a whole.
        return [Token(raw, start, end)]
    return [Token(word, start, end) for word in canonical_words(raw)]


@lru_cache(maxsize=8192)
def canonical_words(raw: str) -> tuple[str, ...]:
    """Canonicalise one folded word: slang, apostrophes, leetspeak, stretching, misspelling.

    Returns a tuple because slang can expand to several words ("wanna" -> "want", "to").
    Cached: chat vocabulary is small and repeats a lot.
    """
    if raw in EXPANSIONS:
        return EXPANSIONS[raw]
    if ":" in raw:
        return (raw.replace(":", ""),)  # a time ("8:15") is one token
    word = raw.replace("'", "")
    if any(c.isalpha() for c in word):
        word = "".join(_LEET.get(c, c) for c in word)
    word = _REPEATS.sub(r"\1\1", word)
    word = correct(word)
    if word in EXPANSIONS:
        return EXPANSIONS[word]
    return (word,) if word else ()


def _expand(tokens: list[Token]) -> list[Token]:
    """Join split compounds that rules expect as one word ("my self", "sewer slide").

    Also reads texting "2" as "to" after a verb that takes "to" ("want 2 die").
    """
    out: list[Token] = []
    for token in tokens:
        if token.text == "2" and out and out[-1].text in _BEFORE_TO:
            out.append(Token("to", token.start, token.end))
            continue
        if out:
            joined = _JOIN.get((out[-1].text, token.text))
            if joined is not None:
                out[-1] = Token(joined, out[-1].start, token.end)
                continue
        out.append(token)
    return out


_BEFORE_TO = wordset(
    "want wanted wanna going need needed ready about try trying tried plan planning decided deserve wish hope"
)
_JOIN = {
    ("my", "self"): "myself",
    ("your", "self"): "yourself",
    ("you", "self"): "yourself",
    ("him", "self"): "himself",
    ("her", "self"): "herself",
    ("them", "selves"): "themselves",
    ("sewer", "slide"): "sewerslide",
    ("un", "alive"): "unalive",
    ("un", "aliving"): "unaliving",
    ("k", "ms"): "kms",
    ("k", "ys"): "kys",
}


def _join_spelled_letters(tokens: list[Token]) -> list[Token]:
    """Join runs of single letters ("s u i c i d e") when they spell a known keyword."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j].text) == 1 and tokens[j].text.isalpha():
            j += 1
        if j - i >= _SINGLE_RUN:
            word = correct("".join(t.text for t in tokens[i:j]))
            if word in KEYWORDS:
                out.append(Token(word, tokens[i].start, tokens[j - 1].end))
                i = j
                continue
        token = tokens[i]
        out.extend(Token(w, token.start, token.end) for w in EXPANSIONS.get(token.text, (token.text,)))
        i += 1
    return out


# --- fuzzy correction -----------------------------------------------------------------------


def _skeleton(word: str) -> str:
    """The word with every run of a repeated letter reduced to one ("kiill" -> "kil")."""
    return re.sub(r"(.)\1+", r"\1", word)


_BY_SKELETON: dict[str, str] = {}
for _key in sorted(KEYWORDS, key=len):
    _BY_SKELETON.setdefault(_skeleton(_key), _key)
# Short crisis keywords typed with two neighbouring letters swapped ("wnat", "lfie"): the
# edit distance correction below only covers words of 6+ letters. Abuse words are left out:
# a swap of a short slur is too often an ordinary word in another language.
_BY_SWAP: dict[str, str] = {}
for _key in sorted(CRISIS_KEYWORDS):
    if 4 <= len(_key) <= 5:
        for _i in range(len(_key) - 1):
            _swap = _key[:_i] + _key[_i + 1] + _key[_i] + _key[_i + 2 :]
            if _swap != _key and _swap not in KEYWORDS and _swap not in COMMON_WORDS:
                _BY_SWAP.setdefault(_swap, _key)
_FUZZY_KEYS: dict[str, tuple[str, ...]] = {}
for _key in sorted(KEYWORDS):
    if len(_key) >= 6:
        _FUZZY_KEYS[_key[0]] = (*_FUZZY_KEYS.get(_key[0], ()), _key)


@lru_cache(maxsize=8192)
def correct(word: str) -> str:
    """Map an unknown word onto a keyword it is a likely obfuscation or misspelling of.

    Known words, and words in the common-word guard list, are returned unchanged, so an
    ordinary English word is never rewritten into a keyword.
    """
    if not word or word in KEYWORDS or word in COMMON_WORDS:
        return word
    if word in MISSPELLINGS:
        return MISSPELLINGS[word]
    if "*" in word:
        return _wildcard(word)
    if not word.isalpha():
        return word
    by_skeleton = _BY_SKELETON.get(_skeleton(word))
    if by_skeleton is not None:
        return by_skeleton
    swapped = _BY_SWAP.get(word)
    if swapped is not None:
        return swapped
    if len(word) < 5:
        return word
    for key in _FUZZY_KEYS.get(word[0], ()):
        limit = 2 if len(key) >= 9 else 1
        if abs(len(key) - len(word)) <= limit and _distance(word, key, limit) <= limit:
            return key
    return word


def _wildcard(word: str) -> str:
    """Resolve masked letters ("k*ll", "f***", "s*icide") against the keywords."""
    core = word.strip("*")
    if len(core) < 1 or len(word) < 3:
        return word.replace("*", "")
    # Prefer one letter per "*" ("f***" -> "fuck"), then allow two ("k*ll" -> "kill" either way).
    for width in ("", "{1,2}"):
        pattern = re.compile("".join("." + width if c == "*" else re.escape(c) for c in word))
        matches = [key for key in KEYWORDS if pattern.fullmatch(key)]
        if matches:
            # Ambiguous masks get the benefit of the doubt: "f***" is read as profanity, not a slur.
            return min(matches, key=lambda key: (key in SLURS, len(key), key))
    return word.replace("*", "")


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (edits and adjacent swaps), capped at ``limit + 1``."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

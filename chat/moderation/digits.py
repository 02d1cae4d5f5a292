"""Find digit sequences however they are written, and tell numbers from phone numbers.

People dodge phone filters by spacing digits out, separating them with emoji or dots, using
keycap or fullwidth digits, writing "O" for zero, or spelling them ("oh seven double nine").
:func:`digit_runs` reads all of these as one sequence of digits with its character range.

Ranges that are clearly something else (dates, times, money, percentages, measurements,
durations, year ranges) break a sequence, and runs that spell a public crisis line are
marked as hotlines so they are never masked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

_WORD_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_MULTIPLIERS = {"double": 2, "triple": 3, "treble": 3}
# Characters that may sit between the digits of one phone number.
_SEPARATORS = set(" \t\n\r-\u2010\u2011\u2012\u2013\u2014.,:/()+_*|~\u00b7\u2022\ufe0f\u20e3\u200b\u200d")

#: Public crisis and support lines (digits only, national trunk prefix removed). Masking them
#: would hide help, so they are always allowed. Sources: the services' own published numbers.
HOTLINES: frozenset[str] = frozenset(
    {
        "988",  # US/CA 988 Suicide & Crisis Lifeline
        "8002738255",  # former US National Suicide Prevention Lifeline (1-800-273-8255)
        "741741",  # US Crisis Text Line
        "8006624357",  # US SAMHSA helpline
        "8007997233",  # US National Domestic Violence Hotline
        "8664887386",  # US Trevor Project
        "8334564566",  # Talk Suicide Canada
        "116123",  # Samaritans UK & Ireland
        "8457909090",  # former Samaritans UK
        "8001111",  # Childline UK (0800 1111)
        "800585858",  # CALM UK
        "3001233393",  # Mind infoline UK
        "8000684141",  # Papyrus HOPELINEUK
        "8082000247",  # UK National Domestic Abuse Helpline
        "85258",  # Shout UK
        "116111",  # child helplines EU
        "131114",  # Lifeline Australia
        "1300224636",  # Beyond Blue
        "1800551800",  # Kids Helpline Australia
        "1737",  # NZ need to talk
        "111",
        "999",
        "911",
        "112",
    }
)

_PROTECTED = re.compile(
    r"""
    (?<![\d.])(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|[12]\d|3[01])[/.\-](?:\d{4}|\d{2})(?![\d])   # 12/05/2024
    | (?<![\d])(?:19|20)\d{2}[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:0?[1-9]|[12]\d|3[01])(?![\d])        # 2024-05-12
    | (?<![\d])(?:19|20)\d{2}\s?[-\u2013/]\s?(?:19|20)?\d{2}(?![\d])                               # 2019-2021
    | (?<![\d])\d{1,2}[:.]\d{2}(?:\s?[ap]\.?m\.?)?(?![\d])                                         # 10:30, 7.45pm
    | (?<![\d])\d{1,2}\s?[ap]\.?m\b                                                                 # 7pm
    | [$£€¥₹₩]\s?\d{1,3}(?:[,.\s]\d{3})*(?:[.,]\d{1,2})?(?!\d)                                      # $1,200
    | (?<![\d,.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])                                             # 12,345
    | (?<![\d.])\d{1,4}\.\d{1,2}(?![.\d])                                                           # 3.5, 12.50
    | (?<!\d)\d{1,4}(?:[.,]\d+)?\s?(?:%|percent\b)                                                 # 80%
    | (?<!\d)\d{1,5}(?:[.,]\d+)?\s?(?:mg|mcg|µg|g|kg|lbs?|ml|l|km|mi|miles?|k|cm|mm|m|ft|hours?|hrs?|h|mins?
        |minutes?|secs?|seconds?|days?|weeks?|wks?|months?|years?|yrs?|x|steps|calories|kcal|st|nd|rd|th
        |dollars|pounds|euros|quid|bucks|won|yen|rupees|usd|gbp|eur|pm|am)\b     # 50 mg, 2 hours, 1st
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class DigitRun:
    """A sequence of digits in the original text: ``[start, end)`` and the digits it spells."""

    start: int
    end: int
    digits: str
    hotline: bool


def protected_ranges(text: str) -> list[tuple[int, int]]:
    """Ranges of ``text`` that are dates, times, money, measurements and similar."""
    return [m.span() for m in _PROTECTED.finditer(text)]


_DIGITISH = re.compile(
    r"\d|(?<![a-z])(?:zero|oh|o|nought|nil|one|two|three|four|five|six|seven|eight|nine)(?![a-z])|[\u00b2\u00b3\u00b9\u2070-\u2079\u2460-\u2473]",
    re.IGNORECASE,
)


def digit_runs(text: str, min_digits: int = 1) -> list[DigitRun]:
    """All digit sequences of ``text`` (any notation), except those that are dates, money...

    A run is dropped only when every one of its digits lies inside a protected range, so
    appending "%" or a unit to a phone number does not hide it.

    ``min_digits`` lets callers skip the character scan when the whole text cannot contain a
    run that long (the common case: most messages have few or no digits).
    """
    if min_digits > 1 and sum(1 for _ in _DIGITISH.finditer(text)) < min_digits:
        return []
    protected = bytearray(len(text))
    for start, end in protected_ranges(text):
        protected[start:end] = b"\x01" * (end - start)
    runs: list[DigitRun] = []
    digits: list[str] = []
    explained = True  # every digit so far lies in a protected range
    run_start = run_end = -1
    pending = 1  # multiplier from "double"/"triple", applies to the next digit
    i = 0
    n = len(text)

    def close() -> None:
        nonlocal digits, run_start, run_end, pending, explained
        if digits and not explained:
            spelled = "".join(digits)
            runs.append(DigitRun(run_start, run_end, spelled, _is_hotline(spelled)))
        digits = []
        run_start = run_end = -1
        pending = 1
        explained = True

    while i < n:
        ch = text[i]
        value = _digit_value(ch)
        if value is not None:
            if run_start < 0:
                run_start = i
            explained = explained and bool(protected[i])
            digits.append(value * pending)
            pending = 1
            i += 1
            while i < n and text[i] in "\ufe0f\u20e3":
                i += 1  # keycap digits ("7️⃣") end with a selector and an enclosing keycap
            run_end = i
            continue
        if ch.isalpha():
            j = i
            while j < n and text[j].isalpha():
                j += 1
            word = text[i:j].lower()
            word_value = _word_value(word, text, i, j)
            if word_value is not None:
                if run_start < 0:
                    run_start = i
                explained = False  # spelled digits are never a date or an amount
                digits.append(word_value * pending if len(word_value) == 1 else word_value)
                pending = 1
                run_end = j
            elif word in _MULTIPLIERS:
                pending = _MULTIPLIERS[word]
            else:
                close()
            i = j
            continue
        if ch in _SEPARATORS or unicodedata.category(ch) in ("So", "Sk", "Mn", "Me"):
            i += 1
            continue
        close()
        i += 1
    close()
    return runs


def _digit_value(ch: str) -> str | None:
    """The ASCII digit ``ch`` stands for (any script, superscript, fullwidth, circled)."""
    if "0" <= ch <= "9":
        return ch
    if ch.isascii():
        return None
    try:
        return str(unicodedata.digit(ch))
    except (TypeError, ValueError):
        return None


def _word_value(word: str, text: str, start: int, end: int) -> str | None:
    """Digits a word spells: "seven", "oh", or "O"s written for zeros next to digits."""
    if word in _WORD_DIGITS:
        if word == "o" and not _touches_digit(text, start, end):
            return None  # a lone "o" is only a zero when written inside a number
        return _WORD_DIGITS[word]
    if set(word) <= {"o"} and _touches_digit(text, start, end):
        return "0" * len(word)  # "9OO" -> "900"
    return None


def _touches_digit(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return _digit_value(before) is not None or _digit_value(after) is not None


def _is_hotline(digits: str) -> bool:
    """Whether ``digits`` spells a listed crisis line, with or without prefixes."""
    core = digits.lstrip("0")
    for prefix in ("1", "44", "353", "61", "64"):
        if core.startswith(prefix) and core[len(prefix) :].lstrip("0") in HOTLINES:
            return True
    return core in HOTLINES or digits in HOTLINES


_NUMBER_TOKEN = re.compile(r"\d+|[a-z]+", re.IGNORECASE)
_COUNT_WORDS = {word: int(digit) for word, digit in _WORD_DIGITS.items() if word not in ("oh", "o", "nil")}
_COUNT_WORDS["ten"] = 10


def is_counting(run_text: str) -> bool:
    """Whether a digit run is someone counting ("1 2 3 4 5 6 7 8 9 10", "five four three two one").

    Five or more separate numbers that go up or down by one, starting or ending at one, are a
    count (breathing and grounding exercises are common in support chats), not a phone number
    written with spaces; "9 8 7 6 5 4 3 2 1 0" stays a number.
    """
    values: list[int] = []
    for token in _NUMBER_TOKEN.findall(run_text):
        if token.isdigit():
            if len(token) > 2:
                return False
            values.append(int(token))
        elif token.lower() in _COUNT_WORDS:
            values.append(_COUNT_WORDS[token.lower()])
        else:
            return False
    if len(values) < 5:
        return False
    steps = {b - a for a, b in itertools.pairwise(values)}
    return steps in ({1}, {-1}) and 1 in (values[0], values[-1])

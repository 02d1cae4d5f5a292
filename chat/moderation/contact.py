"""Contact details: phone numbers, emails, links and social handles are masked.

Peers must stay on the platform, where conversations are moderated; the message is still
delivered with each detail replaced by ``[removed]``. Four detectors contribute spans:

* :mod:`.digits` finds digit sequences however they are written (spaced, dotted, emoji
  separators, keycaps, fullwidth, "O" for zero, spelled "oh seven double nine") and keeps
  those with 7+ digits that are not dates, times, money, measurements or crisis hotlines;
  ``phonenumbers`` then confirms and bounds the conventionally formatted ones;
* email addresses, including "name at gmail dot com" and "(at)"/"[dot]" forms;
* URLs and bare domains with a known top-level domain (crisis-resource sites excepted);
* social handles and invitations to move elsewhere ("@handle", "my insta is x",
  "add me on snap", "whatsapp me", "what's your number?").
"""

from __future__ import annotations

import re

import phonenumbers

from .base import FLAG_CONTACT, Action, Check, MessageContext, Span, Verdict
from .digits import digit_runs, is_counting
from .lexicon import wordset

REASON = "Contact details are removed to keep you both safe. Please keep conversations on Kindred."

#: Regions tried for phone parsing when the context gives none (and after the one it gives).
COMMON_REGIONS: tuple[str, ...] = ("US", "GB", "IN", "DE", "FR", "AU", "BR", "CA", "IE", "ES")
MIN_PHONE_DIGITS = 7

_TLDS = (
    "com|org|net|io|co|uk|me|ly|gg|tv|app|dev|xyz|info|biz|us|ca|au|de|fr|in|nz|ie|es|it|nl|be|ch|se|no|"
    "dk|fi|pl|pt|br|mx|jp|ru|eu|edu|gov|ac|link|site|online|store|page|blog|art|design|live|club|fm|ee|"
    "to|sh|ai|so|cc|ws|bio|lol|fun|social|chat|email|space|website|tech|shop"
)
# TLDs that are also everyday words: a bare "did.it" or "go.to" needs a path to count.
_WORDLIKE_TLDS = wordset("me in it to no so be us is at co ly live art page club fun chat shop space email")
_MAIL_PROVIDERS = (
    "gmail|googlemail|hotmail|yahoo|outlook|icloud|proton|protonmail|aol|msn|gmx|yandex|zoho|btinternet|"
    "virginmedia|comcast|verizon|ymail|rocketmail|fastmail|tutanota"
)
_RESOURCE_DOMAINS = (
    "samaritans.org",
    "988lifeline.org",
    "suicidepreventionlifeline.org",
    "crisistextline.org",
    "mind.org.uk",
    "nhs.uk",
    "giveusashout.org",
    "papyrus-uk.org",
    "thecalmzone.net",
    "childline.org.uk",
    "lifeline.org.au",
    "beyondblue.org.au",
    "findahelpline.com",
    "thetrevorproject.org",
)
_PLATFORMS = (
    "instagram|insta|ig|snapchat|snap|sc|discord|whatsapp|whats app|wa|telegram|tg|tiktok|tik tok|twitter|"
    "facebook|fb|kik|signal|wechat|skype|reddit|twitch|threads|bluesky|linkedin|youtube|line|viber|"
    "messenger|imessage|facetime|onlyfans|venmo|cashapp|cash app|paypal|steam|xbox|psn|hinge|tinder|"
    "bumble|grindr|teams|zoom|email|e-mail|mail"
)
# Platforms whose name is also an ordinary verb or noun: never read "<name> me" as an invitation.
_AMBIGUOUS_PLATFORMS = "signal|line|threads|steam|teams|zoom|mail|email|e-mail|wa|sc|tg|ig|fb"
_HANDLE = r"@?[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?(?:#\d{4})?"
# A handle written with no "is"/":" before it must look like one: a digit, "_" or an inner ".".
_HANDLE_LIKE = r"@?(?=[A-Za-z0-9_.\-]*[0-9_.])[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,38}[A-Za-z0-9_])?(?:#\d{4})?(?![\w.])"
_NOT_HANDLES = wordset(
    """
    is the a an and but so lol private deleted here there it that gone too not just really same broken down
    on off me you my your it's its im i'm i ok okay yes no maybe dead old new now down up out
    literally honestly basically mostly never always account profile page please instead lmao haha
    """
)

_EMAIL = re.compile(r"(?<![\w.+\-])[\w.+\-]{1,64}@[\w\-]{1,63}(?:\.[\w\-]{1,63})+", re.UNICODE)
_AT = r"\s*(?:@|\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>)\s*|\s+(?:at|@)\s+"
_DOT = r"\s*(?:\.|\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|<\s*dot\s*>)\s*|\s+dot\s+"
_NAME = r"[\w+\-]+(?:(?:\.|\s+dot\s+|\s*\(\s*dot\s*\)\s*|\s*\[\s*dot\s*\]\s*)[\w+\-]+)*"
_SYMBOL_AT = r"\s*(?:@|\(\s*at\s*\)|\[\s*at\s*\]|\{\s*at\s*\}|<\s*at\s*>)\s*"
_SPELLED_DOT = r"\s+dot\s+|\s*(?:\(\s*dot\s*\)|\[\s*dot\s*\]|\{\s*dot\s*\}|<\s*dot\s*>)\s*"
# "jane@x . com", "sam(at)yahoo(dot)com": a symbolic "at" is unambiguous with any domain.
_OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.@])(?P<name>{_NAME})(?:{_SYMBOL_AT})(?P<domain>[\w\-]+)(?P<tld>(?:(?:{_DOT})(?:{_TLDS}))+)(?![\w])",
    re.IGNORECASE,
)
# "ben at gmail dot com": the word "at" needs a spelled "dot" too, or "look at sky.com" would
# read as an address (the link is still caught as a link).
_WORD_AT_EMAIL = re.compile(
    rf"(?<![\w.@])(?P<name>{_NAME})\s+at\s+(?P<domain>[\w\-]+)(?P<tld>(?:(?:{_SPELLED_DOT})(?:{_TLDS}))+)(?![\w])",
    re.IGNORECASE,
)
_PROVIDER_EMAIL = re.compile(
    rf"(?<![\w.@])(?P<name>{_NAME})(?:{_AT})(?P<domain>{_MAIL_PROVIDERS})(?![\w.@])",
    re.IGNORECASE,
)
_AT_HINT = re.compile(r"\bat\b", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"(?<![\w@.\-])(?:[a-z0-9](?:[a-z0-9\-]{{0,61}}[a-z0-9])?\.)+(?P<tld>{_TLDS})(?![\w\-])(?P<path>/[^\s<>\"']*)?",
    re.IGNORECASE,
)
_AT_HANDLE = re.compile(r"(?<![\w@.])@(?P<h>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?)")
_AT_STOP = wordset("everyone here channel all mentor coordinator admin")
_DISCORD_TAG = re.compile(r"(?<![\w#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\d)")

_I = re.IGNORECASE
_PLATFORM_HINT = re.compile(
    rf"\b(?:{_PLATFORMS}|{_MAIL_PROVIDERS}|number|phone|mobile|cell|digits|socials?|handle|e-?mail|username)\b",
    re.IGNORECASE,
)
_PLATFORM_PHRASES: tuple[re.Pattern[str], ...] = (
    # "my insta is jane_doe99", "my ig: lunar.lily", "my snapchat is bella_b01"
    re.compile(
        rf"\bmy\s+(?:{_PLATFORMS}|{_MAIL_PROVIDERS})(?:\s+(?:name|handle|username|user|id|tag|account|addy|address))?"
        rf"(?:\s*(?:\bis\b|=|:|-|'s|’s)\s*(?:@|it'?s\s+)?(?P<h>{_HANDLE})|\s+(?:@|it'?s\s+)(?P<h2>{_HANDLE})|"
        rf"\s+(?P<h3>{_HANDLE_LIKE}))",
        _I,
    ),
    # "discord: user#1234", "snapchat is lily.rose22", "insta: @mindful_mo"
    re.compile(
        rf"\b(?:{_PLATFORMS})\s*(?::|=|-|–|\bis\b)\s*(?P<h>@?[A-Za-z0-9_]*[0-9_.#][A-Za-z0-9_.#]*|@[A-Za-z0-9_.]+)", _I
    ),
    # "add me on snap: xyz", "dm me on insta, it's moonchild.x", "find me on tiktok @x"
    re.compile(
        r"\b(?:add|dm|pm|message|msg|text|call|ring|hit\s+me\s+up|hmu|find|follow|reach|contact|ping|chat|"
        r"talk|catch|friend|facetime|write|speak)(?:\s+(?:me|us))?(?:\s+(?:up|"
        rf"back))?\s+(?:on|at|via|over|through|in)\s+(?P<p>{_PLATFORMS})\b"
        rf"(?:\s*(?:,|:|-)?\s*(?:it'?s|its|i'?m|i\s+am|as|is|username|user|name)?\s*(?:is\s+)?(?P<h>{_HANDLE}))?",
        _I,
    ),
    # "whatsapp me", "kik me at sara_bear", "snap me"
    re.compile(
        rf"\b(?!(?:{_AMBIGUOUS_PLATFORMS})\b)(?P<p>{_PLATFORMS})\s+(?:me|us)\b"
        rf"(?:\s+(?:at|on|@)\s+(?P<h>{_HANDLE})|\s*(?::|-|–|=)\s*(?P<h2>{_HANDLE})|\s+(?:it'?s|is)\s+(?P<h3>{_HANDLE}))?",
        _I,
    ),
    # "i'm on twitter as @quietstorm", "on discord, my username is pixelfox"
    re.compile(
        rf"\bon\s+(?:{_PLATFORMS})\s*,?\s*(?:i'?m|i\s+am|as|it'?s|my\s+(?:user\s*name|"
        rf"username|handle|name|tag|id)\s+is|:)\s*(?P<h>{_HANDLE})",
        _I,
    ),
    # "what's your snap?", "can i have your number?", "do you have whatsapp?"
    re.compile(
        r"\b(?:what'?s|what\s+is|give\s+me|send\s+me|can\s+i\s+(?:get|have)|could\s+i\s+(?:get|have)|"
        r"do\s+you\s+have|are\s+you\s+on|drop|share|swap|exchange)\s+(?:your|ur|a|an|numbers|)\s*"
        rf"(?P<p>{_PLATFORMS}|number|phone\s+number|mobile(?:\s+number)?|"
        r"cell(?:\s+number)?|digits|socials?|handle|e-?mail(?:\s+address)?)\b",
        _I,
    ),
)


class ContactCheck(Check):
    """Masks phone numbers, emails, links and social handles."""

    code = FLAG_CONTACT

    def check(self, text: str, context: MessageContext) -> Verdict:
        """Precondition: ``text`` is any ``str``. Pure; does not raise."""
        ranges = find_contact_ranges(text, context.country)
        if not ranges:
            return Verdict(action=Action.DELIVER)
        spans = tuple(Span(start, end, FLAG_CONTACT) for start, end in ranges)
        return Verdict(
            action=Action.MASK,
            flags=(FLAG_CONTACT,),
            spans=spans,
            severity=1,
            reasons=(REASON,),
        )


def find_contact_ranges(text: str, country: str | None = None) -> list[tuple[int, int]]:
    """Character ranges of ``text`` that are contact details, merged and sorted."""
    ranges: list[tuple[int, int]] = []
    ranges.extend(_phone_ranges(text, country))
    email_ranges = _email_ranges(text)
    ranges.extend(email_ranges)
    ranges.extend(r for r in _url_ranges(text) if not _overlaps(r, email_ranges))
    ranges.extend(_handle_ranges(text))
    return _repeats_masked(text, _merge(ranges))


def _repeats_masked(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Also mask every other place the text of a masked detail occurs.

    A detail repeated later without its context ("it's 07700 900123 ... again 07700 900123"),
    or sitting inside something that looks harmless, must not stay readable.
    """
    if not ranges:
        return ranges
    extra: list[tuple[int, int]] = []
    for start, end in ranges:
        secret = text[start:end]
        if len(secret.strip()) < 3:
            continue
        found = text.find(secret)
        while found >= 0:
            if found != start:
                extra.append((found, found + len(secret)))
            found = text.find(secret, found + 1)
    return _merge([*ranges, *extra]) if extra else ranges


# --- phones ----------------------------------------------------------------------------------


def _regions(country: str | None) -> tuple[str, ...]:
    if country and len(country) == 2 and country.isalpha():
        first = country.upper()
        return (first, *(r for r in COMMON_REGIONS if r != first))
    return COMMON_REGIONS


def _phone_ranges(text: str, country: str | None) -> list[tuple[int, int]]:
    """Digit runs that read as phone numbers, bounded by ``phonenumbers`` where it can."""
    ranges: list[tuple[int, int]] = []
    for run in digit_runs(text, min_digits=6):
        if run.hotline or is_counting(text[run.start : run.end]):
            continue
        plus = run.start > 0 and text[run.start - 1] == "+"
        if len(run.digits) < MIN_PHONE_DIGITS and not (plus and len(run.digits) >= 6):
            continue
        start = run.start - 1 if plus else run.start
        ranges.append(_refine_with_phonenumbers(text, start, run.end, country) or (start, run.end))
    return ranges


def _refine_with_phonenumbers(text: str, start: int, end: int, country: str | None) -> tuple[int, int] | None:
    """Widen a run to the number ``phonenumbers`` finds around it (extensions, brackets)."""
    lo = max(0, start - 2)
    window = text[lo : min(len(text), end + 16)]
    if not window.isascii():
        return None  # obfuscated forms are outside what the library parses
    for region in _regions(country):
        try:
            for match in phonenumbers.PhoneNumberMatcher(window, region, leniency=phonenumbers.Leniency.POSSIBLE):
                m_start, m_end = lo + match.start, lo + match.end
                if m_start <= end and m_end >= start:
                    return (min(start, m_start), max(end, m_end))
        except Exception:  # noqa: S112 - a parser failure must not lose the run we already have
            continue
    return None


# --- emails, links, handles ------------------------------------------------------------------


def _email_ranges(text: str) -> list[tuple[int, int]]:
    ranges = [m.span() for m in _EMAIL.finditer(text)]
    if "@" not in text and not _AT_HINT.search(text):
        return ranges
    for pattern in (_OBFUSCATED_EMAIL, _WORD_AT_EMAIL, _PROVIDER_EMAIL):
        for m in pattern.finditer(text):
            ranges.append((m.start("name"), m.end()))
    return ranges


def _url_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    for m in _URL.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        if not _is_resource(text[m.start() : end]):
            ranges.append((m.start(), end))
    for m in _DOMAIN.finditer(text):
        tld = m.group("tld").lower()
        path = m.group("path")
        if tld in _WORDLIKE_TLDS and not path and not _has_second_level(m.group(0)):
            continue
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        if not _is_resource(text[m.start() : end]):
            ranges.append((m.start(), end))
    return ranges


def _has_second_level(domain: str) -> bool:
    return bool(re.search(r"\.(?:co|com|org|ac|gov|net)\.[a-z]{2}$", domain, re.IGNORECASE))


def _is_resource(url: str) -> bool:
    host = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/", 1)[0]
    return any(host == d or host.endswith("." + d) for d in _RESOURCE_DOMAINS)


def _handle_ranges(text: str) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    if "@" not in text and "#" not in text and not _PLATFORM_HINT.search(text):
        return ranges  # the phrase patterns are costly; most messages name no platform
    for m in _AT_HANDLE.finditer(text):
        if m.group("h").lower() not in _AT_STOP and not m.group("h").isdigit():
            ranges.append(m.span())
    ranges.extend(m.span() for m in _DISCORD_TAG.finditer(text))
    for pattern in _PLATFORM_PHRASES:
        for m in pattern.finditer(text):
            for group in ("h", "h2", "h3"):
                handle = m.groupdict().get(group)
                if handle and handle.lstrip("@").lower() not in _NOT_HANDLES:
                    ranges.append(m.span(group))
            platform = m.groupdict().get("p")
            if platform:
                ranges.append(m.span("p"))
    return ranges


def _overlaps(r: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(r[0] < o[1] and o[0] < r[1] for o in others)


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged

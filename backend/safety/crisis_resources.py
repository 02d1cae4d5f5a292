"""The crisis-resource directory: hotlines and text lines by country.

Numbers are public services; they are shown to anyone (no sign-in) and pushed to a
sender whose message contains crisis language. Where a country is not listed, the
international fallback points to the local emergency number and an international
directory of helplines.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, TypedDict


class Resource(TypedDict):
    name: str
    kind: str  # call | text | chat | web
    contact: str
    hours: str
    description: str


def _r(name: str, kind: str, contact: str, description: str, hours: str = "24/7") -> Resource:
    return {"name": name, "kind": kind, "contact": contact, "hours": hours, "description": description}


DIRECTORY: dict[str, dict[str, Any]] = {
    "US": {
        "emergency": "911",
        "resources": [
            _r("988 Suicide & Crisis Lifeline", "call", "988", "Call for free, confidential support."),
            _r("988 Suicide & Crisis Lifeline", "text", "988", "Text 988 to reach a crisis counselor."),
            _r("Crisis Text Line", "text", "741741", "Text HOME to 741741."),
        ],
    },
    "CA": {
        "emergency": "911",
        "resources": [
            _r("9-8-8 Suicide Crisis Helpline", "call", "988", "Call for free support in English or French."),
            _r("9-8-8 Suicide Crisis Helpline", "text", "988", "Text 988 for support."),
        ],
    },
    "GB": {
        "emergency": "999",
        "resources": [
            _r("Samaritans", "call", "116 123", "Call for free, any time, about anything."),
            _r("Shout", "text", "85258", "Text SHOUT to 85258."),
        ],
    },
    "IE": {
        "emergency": "112",
        "resources": [
            _r("Samaritans Ireland", "call", "116 123", "Call for free, any time."),
            _r("Text About It", "text", "50808", "Text HELLO to 50808."),
        ],
    },
    "AU": {
        "emergency": "000",
        "resources": [
            _r("Lifeline", "call", "13 11 14", "Crisis support and suicide prevention."),
            _r("Lifeline Text", "text", "0477 13 11 14", "Text for crisis support."),
        ],
    },
    "NZ": {
        "emergency": "111",
        "resources": [
            _r("1737, Need to talk?", "call", "1737", "Call or text 1737 to talk with a trained counsellor.")
        ],
    },
    "IN": {
        "emergency": "112",
        "resources": [
            _r("Tele-MANAS", "call", "14416", "National mental health helpline (also 1-800-891-4416)."),
        ],
    },
    "DE": {
        "emergency": "112",
        "resources": [
            _r("TelefonSeelsorge", "call", "0800 111 0 111", "Free, anonymous support (also 0800 111 0 222)."),
        ],
    },
    "FR": {
        "emergency": "112",
        "resources": [_r("3114 – Numéro national de prévention du suicide", "call", "3114", "Free, 24/7.")],
    },
    "ES": {
        "emergency": "112",
        "resources": [_r("Línea 024", "call", "024", "Atención a la conducta suicida, gratuita.")],
    },
    "NL": {
        "emergency": "112",
        "resources": [
            _r("113 Zelfmoordpreventie", "call", "113", "Call 113 or 0800-0113 (free)."),
            _r("113 Zelfmoordpreventie", "chat", "https://www.113.nl", "Chat online."),
        ],
    },
    "BR": {
        "emergency": "192",
        "resources": [_r("CVV – Centro de Valorização da Vida", "call", "188", "Apoio emocional gratuito.")],
    },
    "MX": {
        "emergency": "911",
        "resources": [_r("Línea de la Vida", "call", "800 911 2000", "Atención gratuita.")],
    },
    "ZA": {
        "emergency": "112",
        "resources": [_r("SADAG Suicide Crisis Helpline", "call", "0800 567 567", "Free, 24/7.")],
    },
}

INTERNATIONAL: dict[str, Any] = {
    "emergency": "your local emergency number",
    "resources": [
        _r(
            "Find A Helpline",
            "web",
            "https://findahelpline.com",
            "Free, confidential helplines in your country.",
            hours="always",
        ),
    ],
}


def resources_for(country: str | None) -> dict[str, Any]:
    """Resources for an ISO 3166 alpha-2 ``country``; the international set when unknown."""
    code = (country or "").upper()
    entry = DIRECTORY.get(code)
    if entry is None:
        return {"country": code or None, "listed": False, **INTERNATIONAL}
    return {"country": code, "listed": True, **entry}


@cache
def _zone_countries() -> dict[str, str]:
    """IANA zone → country code, from the time-zone database's own zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text()
    mapping: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            mapping[parts[2]] = parts[0]
    return mapping


def country_for_timezone(tz_name: str | None) -> str | None:
    """Best guess of a person's country from their profile's time zone (None if unknown)."""
    if not tz_name:
        return None
    return _zone_countries().get(tz_name)

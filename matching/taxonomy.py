"""Controlled vocabularies shared by the matcher and the web API.

Condition codes are stable identifiers stored in profiles; labels are the
English display names. The web side serves these through its taxonomy
endpoint, so codes must never be renamed, only added.
"""

from __future__ import annotations

from typing import Final

CONDITIONS: Final[dict[str, str]] = {
    "anxiety": "Anxiety",
    "depression": "Depression",
    "ptsd": "PTSD",
    "bipolar": "Bipolar disorder",
    "ocd": "OCD",
    "eating_disorders": "Eating disorders",
    "substance_use": "Substance use",
    "grief": "Grief",
    "self_harm": "Self-harm",
    "adhd": "ADHD",
    "postpartum": "Postpartum mental health",
    "psychosis": "Psychosis",
    "loneliness": "Loneliness",
    "stress": "Stress",
    "panic": "Panic attacks",
    "social_anxiety": "Social anxiety",
    "burnout": "Burnout",
    "trauma": "Trauma",
}

#: ISO 639-1 code -> English name, for the languages people commonly list.
#: Codes missing here are still valid in profiles; they are shown upper-cased.
LANGUAGES: Final[dict[str, str]] = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "de": "German",
    "pt": "Portuguese",
    "it": "Italian",
    "nl": "Dutch",
    "pl": "Polish",
    "ru": "Russian",
    "uk": "Ukrainian",
    "tr": "Turkish",
    "ar": "Arabic",
    "fa": "Persian",
    "he": "Hebrew",
    "hi": "Hindi",
    "bn": "Bengali",
    "ur": "Urdu",
    "ta": "Tamil",
    "te": "Telugu",
    "mr": "Marathi",
    "pa": "Punjabi",
    "zh": "Chinese",
    "ja": "Japanese",
    "ko": "Korean",
    "vi": "Vietnamese",
    "th": "Thai",
    "id": "Indonesian",
    "ms": "Malay",
    "tl": "Tagalog",
    "sw": "Swahili",
    "am": "Amharic",
    "yo": "Yoruba",
    "sv": "Swedish",
    "no": "Norwegian",
    "da": "Danish",
    "fi": "Finnish",
    "el": "Greek",
    "cs": "Czech",
    "ro": "Romanian",
    "hu": "Hungarian",
}


def condition_label(code: str) -> str:
    """Display label of a condition code; unknown codes are shown as given."""
    return CONDITIONS.get(code, code.replace("_", " "))


def condition_phrase(code: str) -> str:
    """Label suitable mid-sentence: lower-cased unless it is an acronym."""
    label = condition_label(code)
    first_word = label.split(" ", 1)[0]
    if first_word.isupper():
        return label
    return label[:1].lower() + label[1:]


def language_label(code: str) -> str:
    """English name of an ISO 639-1 code; unknown codes are upper-cased."""
    return LANGUAGES.get(code, code.upper())


def join_words(words: list[str]) -> str:
    """Join words as English prose: "a", "a and b", "a, b and c"."""
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]

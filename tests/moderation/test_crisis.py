"""Crisis detection: delivered, flagged, and quiet on idioms, media and recovery talk.

These sentences are not in the labelled sets; they check the rules generalise.
"""

from __future__ import annotations

import pytest

from chat.moderation import Action, MessageContext
from chat.moderation.crisis import CrisisCheck

CHECK = CrisisCheck()
CTX = MessageContext()


def flagged(text: str) -> bool:
    return "crisis" in CHECK.check(text, CTX).flags


def test_a_crisis_message_is_delivered_with_the_crisis_flag_and_top_severity() -> None:
    verdict = CHECK.check("I want to kill myself", CTX)
    assert verdict.action is Action.DELIVER
    assert verdict.flags == ("crisis",)
    assert verdict.severity == 3
    assert verdict.spans
    assert all(s.flag == "crisis" for s in verdict.spans)
    assert all("kill" not in reason for reason in verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "honestly i think i'm going to end my life this weekend",
        "I have been thinking about suicide every day",
        "i feel so suicidal",
        "i don't want to live anymore",
        "i wish i could go to sleep and never wake up",
    ],
)
def test_it_flags_direct_suicidal_language(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my parents would honestly be happier without me",
        "nobody would notice if i disappeared",
        "there's really no point in living anymore",
        "i'm just a burden to my whole family",
        "i want to disappear forever and not come back",
    ],
)
def test_it_flags_indirect_suicidal_language(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "gonna kms fr",
        "i wanna unalive myself",
        "been having sewer slide thoughts",
        "i want to k1ll mys3lf",
        "s.u.i.c.i.d.e is all i think about",
        "I want to diiiie",
        "thinking about sucide again",
        "i'm going to k*ll myself",
    ],
)
def test_it_flags_slang_misspelled_and_obfuscated_forms(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i've been stockpiling my sleeping pills",
        "what's the lethal dose of paracetamol",
        "i keep thinking about jumping off the bridge near work",
        "i've picked the day i'm going to do it",
        "i cut my arms again last night",
        "the urge to self harm is so strong",
    ],
)
def test_it_flags_plans_means_and_self_harm(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "by the time anyone reads this i'll be gone",
        "i've written goodbye letters to my family",
        "thank you for everything. goodbye, i'm sorry",
        "i won't be a burden much longer",
    ],
)
def test_it_flags_goodbye_and_finality_messages(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize("text", ["💊🔪", "🔫😵", "i'm ready 🪦", "goodbye ⚰️"])
def test_it_flags_emoji_combinations(text: str) -> None:
    assert flagged(text)


def test_it_flags_someone_else_at_risk_right_now() -> None:
    assert flagged("my best friend keeps saying she wants to kill herself")


@pytest.mark.parametrize(
    "text",
    [
        "this queue is killing me",
        "i totally killed it at the audition",
        "i'm dying to go to that gig",
        "that meme killed me 😂",
        "my legs are killing me after that hike",
        "i could kill for a cup of tea",
        "dead tired tonight",
        "my phone battery died",
        "kill the lights please",
        "i'd die of embarrassment honestly",
        "suicide squad was fun",
        "this dessert is to die for",
        "i'm dead 💀",
    ],
)
def test_it_ignores_everyday_idioms(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "there was a documentary about suicide prevention on tv",
        "we talked about suicide rates in my psychology class",
        "are you having thoughts of suicide?",
    ],
)
def test_it_ignores_news_media_and_questions_to_the_other_person(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i used to self harm but i've been clean for 18 months",
        "years ago i wanted to die, now i'm really glad i'm here",
        "i'm not suicidal, just really tired",
        "i would never hurt myself",
    ],
)
def test_it_ignores_recovery_talk_and_negations(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i need to collect my meds from the pharmacy",
        "my gp increased my dose to 150mg",
        "goodbye! see you next week",
        "i'm going to cut my fringe",
        "i'll jump in the shower and call you",
    ],
)
def test_it_ignores_medication_logistics_and_ordinary_goodbyes(text: str) -> None:
    assert not flagged(text)


def test_a_relapse_reported_in_recovery_language_is_still_flagged() -> None:
    assert flagged("i was 2 years clean but i relapsed and cut again last night")

"""Abuse aimed at the other person: severe is held, mild is masked, repeats escalate.

These sentences are not in the labelled sets.
"""

from __future__ import annotations

import pytest

from chat.moderation import REMOVED, Action, MessageContext, default_pipeline
from chat.moderation.abuse import AbuseCheck

CHECK = AbuseCheck()


def action_for(text: str, prior_offences: int = 0) -> Action:
    verdict = CHECK.check(text, MessageContext(prior_offences=prior_offences))
    return verdict.action if verdict.flags else Action.DELIVER


@pytest.mark.parametrize(
    "text",
    ["kys", "just go kill yourself", "honestly you should die", "drink bleach", "why don't you just die"],
)
def test_it_holds_telling_someone_to_kill_themselves(text: str) -> None:
    verdict = CHECK.check(text, MessageContext())
    assert verdict.action is Action.HOLD
    assert verdict.severity == 3
    assert "crisis" not in default_pipeline().run(text, MessageContext()).flags


@pytest.mark.parametrize(
    "text",
    ["i know where you live", "you'd better watch your back", "i'm going to hurt you", "you'll regret this"],
)
def test_it_holds_threats(text: str) -> None:
    assert action_for(text) is Action.HOLD


@pytest.mark.parametrize(
    "text",
    ["send me nudes", "what are you wearing 😏", "you're so sexy", "i want to touch you"],
)
def test_it_holds_sexual_harassment(text: str) -> None:
    assert action_for(text) is Action.HOLD


@pytest.mark.parametrize(
    "text",
    ["let's meet up somewhere quiet", "what's your home address", "send me £20", "lend me some cash"],
)
def test_it_holds_demands_for_meetups_and_money(text: str) -> None:
    assert action_for(text) is Action.HOLD


def test_it_holds_slurs_even_when_obfuscated() -> None:
    assert action_for("shut up you r3tard") is Action.HOLD


@pytest.mark.parametrize(
    ("text", "insult"),
    [("you're such an idiot", "idiot"), ("you absolute moron", "moron"), ("ur so pathetic", "pathetic")],
)
def test_it_masks_a_mild_insult_aimed_at_the_person(text: str, insult: str) -> None:
    outcome = default_pipeline().run(text, MessageContext())
    assert outcome.action is Action.MASK
    assert insult not in outcome.body
    assert REMOVED in outcome.body


@pytest.mark.parametrize("text", ["fuck you", "piss off", "stfu", "go to hell"])
def test_it_masks_profanity_aimed_at_the_person(text: str) -> None:
    assert action_for(text) is Action.MASK


@pytest.mark.parametrize(
    "text",
    [
        "this week was shit",
        "fucking hell what a day",
        "my manager is an idiot",
        "i'm so stupid for forgetting",
        "you're not stupid at all",
        "you're doing brilliantly",
        "she told me to kys at school",
        "don't kill yourself revising, take a break",
        "i'll find you a leaflet about that",
        "let's meet on the app on thursday",
        "shut up, that's brilliant news",
    ],
)
def test_it_delivers_venting_self_talk_reports_and_kindness(text: str) -> None:
    assert action_for(text) is Action.DELIVER


def test_repeated_offences_turn_a_mild_insult_into_a_hold() -> None:
    assert action_for("you're an idiot", prior_offences=0) is Action.MASK
    assert action_for("you're an idiot", prior_offences=1) is Action.MASK
    assert action_for("you're an idiot", prior_offences=2) is Action.HOLD


def test_repeated_offences_raise_severity() -> None:
    severities = [CHECK.check("you're an idiot", MessageContext(prior_offences=n)).severity for n in range(4)]
    assert severities == [1, 2, 3, 3]


def test_reasons_never_quote_the_message() -> None:
    verdict = CHECK.check("you're a moron", MessageContext())
    assert verdict.reasons
    assert all("moron" not in reason for reason in verdict.reasons)

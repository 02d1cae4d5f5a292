"""The moderation contract: how the pipeline combines checks and survives failures."""

from __future__ import annotations

import logging

import pytest

from chat.moderation import (
    FLAG_ERROR,
    REMOVED,
    Action,
    Check,
    MessageContext,
    Pipeline,
    Span,
    Verdict,
    default_pipeline,
)

CTX = MessageContext(sender_role="mentee")


class Fixed(Check):
    """A check that returns a fixed verdict."""

    def __init__(self, code: str, verdict: Verdict) -> None:
        self.code = code
        self.verdict = verdict

    def check(self, text: str, context: MessageContext) -> Verdict:
        return self.verdict


class Raising(Check):
    code = "broken"

    def check(self, text: str, context: MessageContext) -> Verdict:
        raise RuntimeError(f"cannot handle {text!r}")


class OutOfBounds(Check):
    code = "sloppy"

    def check(self, text: str, context: MessageContext) -> Verdict:
        return Verdict(Action.MASK, ("contact_details",), (Span(0, len(text) + 5, "contact_details"),), 1)


def test_actions_are_ordered_by_severity() -> None:
    assert Action.most_severe([Action.DELIVER, Action.HOLD, Action.MASK]) is Action.HOLD
    assert Action.most_severe([Action.DELIVER, Action.MASK]) is Action.MASK
    assert Action.most_severe([]) is Action.DELIVER
    assert [a.value for a in Action] == ["deliver", "mask", "hold"]


def test_a_clean_message_is_delivered_unchanged() -> None:
    outcome = default_pipeline().run("Had a good day at the allotment today.", CTX)
    assert outcome.action is Action.DELIVER
    assert outcome.flags == ()
    assert outcome.body == "Had a good day at the allotment today."
    assert (outcome.severity, outcome.crisis, outcome.masked) == (0, False, ())


def test_the_pipeline_picks_the_most_severe_action_and_max_severity() -> None:
    pipeline = Pipeline(
        [
            Fixed("a", Verdict(Action.MASK, ("contact_details",), (Span(0, 2, "contact_details"),), 1, ("r1",))),
            Fixed("b", Verdict(Action.HOLD, ("abuse",), (), 3, ("r2",))),
            Fixed("c", Verdict(Action.DELIVER)),
        ]
    )
    outcome = pipeline.run("hello", CTX)
    assert outcome.action is Action.HOLD
    assert outcome.severity == 3
    assert outcome.reasons == ("r1", "r2")


def test_a_held_message_keeps_its_original_body_for_the_reviewer() -> None:
    pipeline = Pipeline(
        [
            Fixed("a", Verdict(Action.MASK, ("contact_details",), (Span(0, 2, "contact_details"),), 1)),
            Fixed("b", Verdict(Action.HOLD, ("abuse",), (), 3)),
        ]
    )
    outcome = pipeline.run("hello", CTX)
    assert outcome.body == "hello"
    assert outcome.masked == ()


def test_flags_are_a_sorted_unique_union() -> None:
    pipeline = Pipeline(
        [
            Fixed("a", Verdict(Action.DELIVER, ("crisis",), (), 3)),
            Fixed("b", Verdict(Action.MASK, ("contact_details", "abuse"), (), 1)),
            Fixed("c", Verdict(Action.MASK, ("abuse",), (), 1)),
        ]
    )
    outcome = pipeline.run("x", CTX)
    assert outcome.flags == ("abuse", "contact_details", "crisis")
    assert outcome.crisis is True


def test_masked_spans_are_merged_and_replaced_once() -> None:
    text = "call 0770 090 0123 now"
    pipeline = Pipeline(
        [
            Fixed("a", Verdict(Action.MASK, ("contact_details",), (Span(5, 12, "contact_details"),), 1)),
            Fixed("b", Verdict(Action.MASK, ("contact_details",), (Span(10, 18, "contact_details"),), 1)),
        ]
    )
    outcome = pipeline.run(text, CTX)
    assert outcome.action is Action.MASK
    assert outcome.body == f"call {REMOVED} now"
    assert outcome.spans == (Span(5, 18, "contact_details"),)
    assert outcome.masked == (Span(5, 18, "contact_details"),)


def test_evidence_spans_of_a_delivered_verdict_are_not_masked() -> None:
    text = "i want to die, my number is 07700 900123"
    outcome = default_pipeline().run(text, CTX)
    assert outcome.action is Action.MASK
    assert outcome.crisis is True
    assert outcome.body == f"i want to die, my number is {REMOVED}"
    assert any(s.flag == "crisis" for s in outcome.spans)
    assert all(s.flag != "crisis" for s in outcome.masked)


def test_a_raising_check_holds_the_message_with_moderation_error(caplog: pytest.LogCaptureFixture) -> None:
    secret = "my secret message 07700 900123"
    with caplog.at_level(logging.ERROR, logger="chat.moderation.base"):
        outcome = Pipeline([Raising(), Fixed("ok", Verdict(Action.DELIVER))]).run(secret, CTX)
    assert outcome.action is Action.HOLD
    assert FLAG_ERROR in outcome.flags
    assert outcome.body == secret
    assert "broken" in caplog.text
    assert "secret" not in caplog.text  # the message text never reaches the logs


def test_a_check_returning_spans_out_of_bounds_counts_as_an_error() -> None:
    outcome = Pipeline([OutOfBounds()]).run("abc", CTX)
    assert outcome.action is Action.HOLD
    assert outcome.flags == (FLAG_ERROR,)


def test_a_check_returning_the_wrong_type_counts_as_an_error() -> None:
    class WrongType(Check):
        code = "wrong"

        def check(self, text: str, context: MessageContext) -> Verdict:
            return "deliver"  # type: ignore[return-value]

    assert Pipeline([WrongType()]).run("abc", CTX).flags == (FLAG_ERROR,)


def test_spans_reject_empty_or_negative_ranges() -> None:
    with pytest.raises(ValueError):
        Span(3, 3, "x")
    with pytest.raises(ValueError):
        Span(-1, 2, "x")


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x1b[31m", "🙂" * 500, "a" * 4000, "07700 900123 " * 300, "\u202e\u200d\ufe0f", "\ud800"],
)
def test_the_default_pipeline_never_raises_on_awkward_input(text: str) -> None:
    outcome = default_pipeline().run(text, MessageContext(country="ZZ", prior_offences=5))
    assert FLAG_ERROR not in outcome.flags
    assert all(0 <= s.start < s.end <= len(text) for s in outcome.spans)


def test_the_default_pipeline_runs_crisis_contact_and_abuse_checks() -> None:
    assert [c.code for c in default_pipeline().checks] == ["crisis", "contact_details", "abuse"]

"""Property tests: no input makes the pipeline raise, and masking never leaks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chat.moderation import REMOVED, Action, MessageContext, default_pipeline

PIPELINE = default_pipeline()

FRAGMENTS = st.sampled_from(
    [
        "call me on 07700 900123",
        "0 7 7 0 0",
        "seven seven double oh",
        "jane.doe@gmail.com",
        "sam at gmail dot com",
        "@quiet_fox",
        "bit.ly/x",
        "my insta is fox_22",
        "you're an idiot",
        "kys",
        "i want to die",
        "🔪💊",
        "⚰️",
        "0️⃣7️⃣",
        "12/05/2024",
        "$1,200",
        "at 10:30",
        "\u200d",
        "\x00",
        "\n",
        "k*ll",
        "s u i c i d e",
    ]
)
MESSAGES = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=12).map(" ".join),
)
CONTEXTS = st.builds(
    MessageContext,
    sender_role=st.sampled_from(["mentee", "mentor"]),
    country=st.one_of(st.none(), st.sampled_from(["US", "GB", "DE", "IN", "zz", ""])),
    prior_offences=st.integers(min_value=0, max_value=5),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=MESSAGES, context=CONTEXTS)
def test_no_input_makes_the_pipeline_raise_or_leak_masked_text(text: str, context: MessageContext) -> None:
    outcome = PIPELINE.run(text, context)

    assert "moderation_error" not in outcome.flags
    assert all(0 <= s.start < s.end <= len(text) for s in outcome.spans)
    assert 0 <= outcome.severity <= 3
    if outcome.action is not Action.MASK:
        assert outcome.body == text
        return
    assert outcome.masked
    rebuilt, cursor = [], 0
    for span in outcome.masked:
        assert 0 <= span.start < span.end <= len(text)
        assert span.start >= cursor  # sorted and merged
        rebuilt += [text[cursor : span.start], REMOVED]
        cursor = span.end
    assert outcome.body == "".join([*rebuilt, text[cursor:]])
    for span in outcome.masked:
        assert text[span.start : span.end] not in outcome.body

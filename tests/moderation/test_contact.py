"""Contact details are masked; numbers that are not contact details are left alone.

These sentences are not in the labelled sets.
"""

from __future__ import annotations

import pytest

from chat.moderation import REMOVED, Action, MessageContext
from chat.moderation.contact import REASON, ContactCheck

CHECK = ContactCheck()


def masked_body(text: str, country: str | None = None) -> str:
    verdict = CHECK.check(text, MessageContext(country=country))
    out, cursor = [], 0
    for span in sorted(verdict.spans, key=lambda s: s.start):
        out += [text[cursor : span.start], REMOVED]
        cursor = span.end
    return "".join([*out, text[cursor:]])


def test_a_contact_detail_is_masked_with_a_reason_for_the_sender() -> None:
    verdict = CHECK.check("ring me on 07700 900461", MessageContext())
    assert verdict.action is Action.MASK
    assert verdict.flags == ("contact_details",)
    assert verdict.reasons == (REASON,)
    assert "keep you both safe" in REASON


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("my number is 07700 900461", "07700 900461"),
        ("call (415) 555-0132 after work", "(415) 555-0132"),
        ("+44 7700 900461", "+44 7700 900461"),
        ("text 0412-345-901", "0412-345-901"),
        ("it's 98765 12345", "98765 12345"),
        ("ring me: 555 0199", "555 0199"),
    ],
)
def test_it_masks_phone_numbers_in_common_formats(text: str, secret: str) -> None:
    body = masked_body(text)
    assert secret not in body
    assert REMOVED in body


def test_it_uses_the_context_country_for_local_numbers() -> None:
    assert "030 12345678" not in masked_body("ruf mich an: 030 12345678", country="DE")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("zero seven seven double oh, nine oh oh four six one", "seven"),
        ("0 7 7 0 0 9 0 0 4 6 1", "0 7 7 0 0"),
        ("07700📞900📞461", "900"),
        ("O77OO 9OO461", "9OO461"),
        ("０７７００ ９００４６１", "９００４６１"),
    ],
)
def test_it_masks_spelled_spaced_and_disguised_digits(text: str, secret: str) -> None:
    assert secret not in masked_body(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("email me on sam.taylor@gmail.com", "sam.taylor@gmail.com"),
        ("sam dot taylor at gmail dot com", "taylor"),
        ("sam(at)outlook(dot)com", "outlook"),
        ("sam [at] proton [dot] me", "proton"),
        ("sam @ hotmail . co . uk", "hotmail"),
    ],
)
def test_it_masks_emails_including_obfuscated_ones(text: str, secret: str) -> None:
    assert secret not in masked_body(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("see https://example.org/me", "example.org"),
        ("www.mysite.co.uk has my art", "mysite"),
        ("my blog is sunnyside.blog", "sunnyside"),
        ("bit.ly/3xYz9", "bit.ly"),
    ],
)
def test_it_masks_links_and_bare_domains(text: str, secret: str) -> None:
    assert secret not in masked_body(text)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("follow me @quiet_fox", "quiet_fox"),
        ("my insta is quiet_fox22", "quiet_fox22"),
        ("add me on snap: foxy.k", "foxy.k"),
        ("discord: foxy#4821", "foxy#4821"),
        ("whatsapp me later", "whatsapp"),
        ("we can talk on telegram instead", "telegram"),
        ("what's your snapchat?", "snapchat"),
    ],
)
def test_it_masks_handles_and_invitations_to_other_apps(text: str, secret: str) -> None:
    assert secret not in masked_body(text)


@pytest.mark.parametrize(
    "text",
    [
        "see you at 10:30",
        "my session is at 7pm",
        "i've been sober 365 days",
        "i have 3 kids",
        "my birthday is 12/05/1999",
        "started on 2024-05-12",
        "rent is $1,200",
        "about 80% better",
        "back in 2016",
        "i take 50 mg of sertraline",
        "i was off sick 2019-2021",
        "i walked 12,000 steps",
        "i deleted tiktok last week",
    ],
)
def test_it_leaves_numbers_and_mentions_that_are_not_contact_details(text: str) -> None:
    assert masked_body(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "you can call 988 any time",
        "samaritans are on 116 123",
        "the old lifeline was 1-800-273-8255",
        "text SHOUT to 85258",
        "childline is 0800 1111",
        "look at samaritans.org",
    ],
)
def test_it_allows_public_crisis_lines(text: str) -> None:
    assert masked_body(text) == text


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("telegram me: rosie_tg", "rosie_tg"),
        ("my yahoo is rosie.bloom", "rosie.bloom"),
        ("my snap rosie_b99", "rosie_b99"),
        ("call 07700:900:321", "900:321"),
    ],
)
def test_it_masks_handles_after_a_colon_or_a_mail_provider(text: str, secret: str) -> None:
    assert secret not in masked_body(text)


def test_a_detail_repeated_elsewhere_in_the_message_is_masked_everywhere() -> None:
    body = masked_body("it's 07700900321, again that's 07700900321")
    assert "07700900321" not in body
    assert body.count(REMOVED) == 2


@pytest.mark.parametrize(
    "text",
    [
        "my whatsapp status is a sunset",
        "my snapchat streak with my sister is 300 days",
        "breathe in 1 2 3 4 5 6 7, hold, out 7 6 5 4 3 2 1",
        "counting backwards 10 9 8 7 6 5 4 3 2 1 helps",
        "the meeting is 10:30-11:45",
    ],
)
def test_it_leaves_app_mentions_and_counting_alone(text: str) -> None:
    assert masked_body(text) == text


def test_a_countdown_to_zero_is_still_a_number() -> None:
    assert "eight seven" not in masked_body("my number is nine eight seven six five four three two one oh")

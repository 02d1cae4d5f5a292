from matching.taxonomy import CONDITIONS, condition_phrase, join_words, language_label

AGREED_CODES = {
    "anxiety", "depression", "ptsd", "bipolar", "ocd", "eating_disorders", "substance_use", "grief",
    "self_harm", "adhd", "postpartum", "psychosis", "loneliness", "stress", "panic", "social_anxiety",
    "burnout", "trauma",
}  # fmt: skip


def test_conditions_hold_exactly_the_agreed_codes() -> None:
    assert set(CONDITIONS) == AGREED_CODES
    assert all(label and label[0].isupper() for label in CONDITIONS.values())


def test_condition_phrases_keep_acronyms_and_lower_case_the_rest() -> None:
    assert condition_phrase("ptsd") == "PTSD"
    assert condition_phrase("eating_disorders") == "eating disorders"
    assert condition_phrase("unknown_code") == "unknown code"


def test_words_are_joined_as_english_prose() -> None:
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b", "c"]) == "a, b and c"


def test_unknown_language_codes_are_shown_upper_cased() -> None:
    assert language_label("es") == "Spanish"
    assert language_label("xx") == "XX"

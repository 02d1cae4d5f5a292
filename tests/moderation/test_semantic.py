"""The semantic crisis check: numpy encoder fidelity, classifier behaviour, combined quality.

The encoder is checked against embeddings computed by the sentence-transformers reference
implementation (``data/minilm_reference.npz``). The quality test scores the final evaluation
set, which was written before the model was trained and is never used to train or tune it.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import numpy as np
import pytest

from chat.moderation.base import FLAG_CRISIS, Action, Check, MessageContext, Pipeline, Verdict
from chat.moderation.crisis import REASON, CrisisCheck
from chat.moderation.evaluation import Score, load, score_crisis
from chat.moderation.minilm import DIM, MODEL_ID, load_encoder
from chat.moderation.semantic import (
    CODE,
    EVALUATION_SETS,
    TRAINING_SETS,
    CrisisModel,
    SemanticCrisisCheck,
    crisis_probability,
    denies_harm,
    echoed_questions,
    load_semantic_check,
    model_inputs,
    prepare,
    readings,
    segments,
    too_short,
    training_hash,
)

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.npz"
CONTEXT = MessageContext()


@pytest.fixture(scope="module")
def check() -> SemanticCrisisCheck:
    return load_semantic_check()


def test_the_numpy_encoder_matches_the_reference_implementation() -> None:
    with np.load(REFERENCE, allow_pickle=False) as data:
        texts = [str(t) for t in data["texts"]]
        expected = data["embeddings"]
    actual = load_encoder().encode(texts)
    assert actual.shape == expected.shape == (len(texts), DIM)
    assert actual.dtype == np.float32
    cosine = (actual * expected).sum(axis=1) / np.linalg.norm(expected, axis=1)
    assert cosine.min() >= 0.9999
    assert np.abs(actual - expected).max() < 1e-4


def test_embeddings_are_unit_length_and_independent_of_batching() -> None:
    texts = ["short", "a somewhat longer message about my day at work", "", "🙂"]
    encoder = load_encoder()
    one_by_one = np.vstack([encoder.encode([t]) for t in texts])
    batched = encoder.encode(texts, batch_size=3)
    np.testing.assert_allclose(np.linalg.norm(batched, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(one_by_one, batched, atol=1e-5)


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself",
        "i'm going to end my life tonight",
        "i've been cutting my arms again",
        "i don't want to be alive anymore",
        "i've taken all of my pills",
    ],
)
def test_clear_crisis_messages_are_flagged(check: SemanticCrisisCheck, text: str) -> None:
    verdict = check.check(text, CONTEXT)
    assert verdict.flags == (FLAG_CRISIS,)
    assert verdict.action is Action.DELIVER
    assert verdict.severity == 3
    assert verdict.reasons == (REASON,)
    assert [(s.start, s.end) for s in verdict.spans] == [(0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        "this traffic is killing me",
        "i'm dying to see that film",
        "my phone is about to die",
        "that joke killed me 😂",
        "dead tired after work",
        "i could murder a pizza",
    ],
)
def test_clear_idioms_are_spared(check: SemanticCrisisCheck, text: str) -> None:
    assert check.check(text, CONTEXT).flags == ()


def test_a_crisis_sentence_inside_a_long_message_is_found_and_located(check: SemanticCrisisCheck) -> None:
    text = (
        "Work was busy again and the printer jammed twice, so I stayed late to finish the report. "
        "On the way home the bus broke down and I walked the last mile in the rain. "
        "Honestly I want to kill myself. Anyway, how was your weekend?"
    )
    verdict = check.check(text, CONTEXT)
    assert verdict.flags == (FLAG_CRISIS,)
    [span] = verdict.spans
    assert text[span.start : span.end] == "Honestly I want to kill myself."


def test_crisis_probability_is_a_pure_batch_function() -> None:
    texts = ["i want to die", "see you tomorrow!", ""]
    probs = crisis_probability(texts)
    assert probs.shape == (3,)
    assert probs.dtype == np.float64
    assert np.all((probs >= 0) & (probs <= 1))
    assert probs[0] > 0.9 > probs[1]
    np.testing.assert_allclose(crisis_probability(texts[:1]), probs[:1], atol=1e-9)
    assert crisis_probability([]).shape == (0,)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\x00\x01\x1b", "\ud800 lone surrogate", "👨‍👩‍👧‍👦🏳️‍🌈" * 50, "a" * 5000, "word " * 2000, "!?." * 300],
)
def test_the_check_never_raises_and_keeps_spans_in_bounds(check: SemanticCrisisCheck, text: str) -> None:
    outcome = Pipeline([check]).run(text, CONTEXT)
    assert "moderation_error" not in outcome.flags
    assert all(0 <= s.start < s.end <= len(text) for s in outcome.spans)


def test_emoji_are_written_out_because_the_vocabulary_has_none() -> None:
    assert prepare("goodbye 🪦") == "goodbye grave"
    assert prepare("🔪🩸 again") == "knife blood again"
    assert prepare("ok 👍🏽\u200d") == "ok ok"
    assert segments("short message") == [(0, 13)]


def test_every_sentence_of_a_short_message_is_scored_too() -> None:
    text = "Long day. I want to die. Anyway, you?"
    assert [text[a:b] for a, b in segments(text)] == [text, "Long day.", "I want to die.", "Anyway, you?"]


def test_the_model_also_reads_the_normalised_text() -> None:
    assert model_inputs("gonna kms fr") == ["gonna kms fr", "going to kill myself for real"]
    assert model_inputs("i wnat 2 dieee") == ["i wnat 2 dieee", "i want to die"]
    assert model_inputs("See you tomorrow!") == ["See you tomorrow!"]


@pytest.mark.parametrize(
    "text",
    [
        "i wnat to dye so bad",
        "cant stop thinkin bout endin things",
        "nobody would miss me tbh",
        "Work was fine. Ate pasta. Everyone would be better off without me.",
    ],
)
def test_misspelled_indirect_and_embedded_crisis_messages_are_flagged(check: SemanticCrisisCheck, text: str) -> None:
    assert check.check(text, CONTEXT).flags == (FLAG_CRISIS,)


@pytest.mark.parametrize(
    "text",
    [
        "i killed it at my interview",
        "dying to try that new ramen place",
        "i would murder a burger right now",
        "i used to self harm but i am three years free now",
        "are you having thoughts of ending your life?",
        "my character died in the final boss fight",
    ],
)
def test_idioms_recovery_talk_and_check_in_questions_stay_silent(check: SemanticCrisisCheck, text: str) -> None:
    assert check.check(text, CONTEXT).flags == ()


def test_the_artifact_matches_the_encoder_and_the_current_training_data(check: SemanticCrisisCheck) -> None:
    model = CrisisModel.load()
    assert check.code == CODE == "crisis_semantic"
    assert model.model_id == MODEL_ID
    assert 0.5 < model.threshold < 1.0
    rows = [(row.label, row.text) for kind, split in TRAINING_SETS for row in load(kind, split)]
    # A changed training set needs `python bench/train_crisis_model.py train`.
    assert model.training_hash == training_hash(rows)
    evaluation = {row.text for kind, split in EVALUATION_SETS for row in load(kind, split)}
    assert not evaluation & {text for _, text in rows}


def test_rules_or_semantic_on_the_final_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Measured with the current artifact: 99.1% recall, 1.7% false alarms (85.1% / 3.3% first model,
    84.2% / 3.3% second, 95.6% / 3.3% fourth round). This set's misses were read before the third
    round, and since the sixth it is one of the sets that choose the threshold, so this is not a
    blind measurement (docs/MODERATION.md). Ninth round (its rules, the eighth round's model):
    100% (114/114), 3.3% (4/121).

    The false-alarm target (<= 5%) is met; the recall target (>= 95%) is NOT, so this asserts
    the measured level as a regression floor and that the model adds recall to the rules.
    """
    rows = load("crisis_semantic", "eval")
    assert len(rows) >= 200
    rules = score_crisis(rows)
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert combined.positives >= 100
    assert combined.negatives >= 100
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.98, combined.misses
    assert combined.recall >= rules.recall + 0.15


def test_rules_or_semantic_on_the_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Scored once before and once after the second round of model changes (docs/MODERATION.md).

    Measured after the second round: 76.0% recall (114/150), 2.7% false alarms (4/150); before:
    72.0% / 2.7%. After the third round (whose training lines drew on this set's listed misses as
    classes): 82.7% (124/150), 4.0% (6/150). Sixth round (a calibration set since): 94.7% (142/150),
    4.0% (6/150). Ninth round: 97.3% (146/150), 3.3% (5/150).
    A regression floor with a small margin; not a blind measurement.
    """
    rows = load("crisis_fresh", "eval")
    assert len(rows) == 300
    rules = score_crisis(rows)
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert combined.positives == combined.negatives == 150
    assert combined.false_alarm_rate <= 0.04, combined.false_alarms
    assert combined.recall >= 0.95, combined.misses
    assert combined.recall >= rules.recall + 0.25


#: Short everyday chat. Before the everyday training lines, the model flagged `once`, `goodbye`
#: and `forever` (and an earlier model `sorry`): nearly every 1-3 word training line was crisis.
SHORT_ORDINARY_MESSAGES = [
    "once",
    "goodbye",
    "sorry",
    "forever",
    "bye!",
    "bye",
    "ok",
    "night x",
    "thanks",
    "thanks!!",
    "see you",
    "once more",
    "forever grateful",
    "omg",
    "same",
    "gone",
    "later",
    "k",
    "🙏",
    "👋",
    "done",
    "the end",
    "sorry everyone, running late",
    "goodbye for now x",
]


@pytest.mark.parametrize("text", SHORT_ORDINARY_MESSAGES)
def test_short_ordinary_messages_are_not_flagged_by_rules_or_model(check: SemanticCrisisCheck, text: str) -> None:
    assert _Either(CrisisCheck(), check).check(text, CONTEXT).flags == ()


def test_the_model_does_not_read_single_words_but_the_rules_still_do(check: SemanticCrisisCheck) -> None:
    assert [too_short(t) for t in ("goodbye", " tonight!! ", "🪢", "")] == [True] * 4
    assert [too_short(t) for t in ("night x", "🔪🩸", "i'm done")] == [False] * 3
    assert list(check.probabilities(["goodbye", "tonight", "pills"])) == [0.0, 0.0, 0.0]
    either = _Either(CrisisCheck(), check)
    for text in ("kms", "suicidal", "🔪🩸", "unalive"):
        assert either.check(text, CONTEXT).flags == (FLAG_CRISIS,), text


def test_rules_or_semantic_on_the_everyday_chat_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Ordinary mentoring chat, all ``ok`` (docs/MODERATION.md): false alarms on realistic traffic.

    Measured: 0.0% (0/237) after the everyday training lines; 2.1% (5/237) before, all the
    model's. The floor leaves a margin of two lines.
    """
    rows = load("crisis_everyday", "eval")
    assert len(rows) == 237
    assert {row.label for row in rows} == {"ok"}
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert combined.fp <= 2, combined.false_alarms


def test_rules_or_semantic_on_the_second_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the third round, scored once before and once after it (docs/MODERATION.md).

    Measured after: 76.4% recall (120/157), 4.6% false alarms (7/151); before: 62.4% / 4.0%.
    After the fourth round, whose rule frames were designed from this set's listed misses (so no
    longer blind): 98.1% (154/157), 3.3% (5/151); rules alone 63.7% (100/157), 2.0% (3/151).
    Sixth round (a calibration set since): 98.7% (155/157), 3.3% (5/151). Ninth round: 99.4%
    (156/157), 2.6% (4/151).
    The recall target (>= 95%) is NOT met on blind sets; this is a regression floor with a small margin.
    """
    rows = load("crisis_fresh2", "eval")
    assert len(rows) == 308
    rules = score_crisis(rows)
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert (combined.positives, combined.negatives) == (157, 151)
    assert combined.false_alarm_rate <= 0.06, combined.false_alarms
    assert combined.recall >= 0.97, combined.misses
    assert combined.recall >= rules.recall + 0.3


def test_rules_or_semantic_on_the_third_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the fourth round (rule frames), scored once before and once after it.

    Measured after: 73.2% recall (93/127), 5.3% false alarms (7/133); before: 66.9% / 6.8%.
    Rules alone: 34.6% / 3.8% after, 22.0% / 5.3% before. After the fifth round (model
    retrained, threshold rule changed with this set in view): 74.0% (94/127), 6.0% (8/133).
    Sixth round (its errors read, a calibration set since): 85.8% (109/127), 5.3% (7/133).
    Seventh round: 89.0% (113/127), 6.0% (8/133). Ninth round: 89.8% (114/127), 4.5% (6/133).
    The recall target (>= 95%) is NOT met; this is a regression floor with a small margin
    (docs/MODERATION.md, "Fourth round", "Fifth round").
    """
    rows = load("crisis_fresh3", "eval")
    assert len(rows) == 260
    rules = score_crisis(rows)
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert (combined.positives, combined.negatives) == (127, 133)
    assert combined.false_alarm_rate <= 0.065, combined.false_alarms
    assert combined.recall >= 0.89, combined.misses
    assert rules.recall >= 0.32, rules.misses
    assert rules.false_alarm_rate <= 0.05, rules.false_alarms


def test_rules_or_semantic_on_the_fourth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the fifth round (three new training files, threshold rule), scored once
    before and once after it (docs/MODERATION.md, "Fifth round").

    Measured after: 68.2% recall (103/151), 3.9% false alarms (7/180); before: 59.6% / 3.9%.
    Rules alone: 41.1% / 3.3%. Its errors were read after the fifth round and it has been one of
    the sets that choose the threshold since the sixth, so it is no longer blind: 88.1%
    (133/151), 3.3% (6/180) then; 89.4% (135/151), 2.2% (4/180) after the seventh; 91.4%
    (138/151), 2.2% (4/180) after the ninth. A regression floor with a small margin.
    """
    combined = _fresh_set(check, "crisis_fresh4", lines=331, counts=(151, 180))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.90, combined.misses


def test_rules_or_semantic_on_red_team_b(check: SemanticCrisisCheck) -> None:
    """The rules' held-out red-team set; one of the sets that choose the threshold since the
    sixth round. Measured then: 98.3% recall (170/173), 4.2% false alarms (6/142); ninth round:
    98.8% (171/173), 2.1% (3/142)."""
    rows = load("crisis_redteam", "b")
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert (combined.positives, combined.negatives) == (173, 142)
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.98, combined.misses


def test_rules_or_semantic_on_the_fifth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the sixth round, scored once before and once after it (docs/MODERATION.md,
    "Sixth round"), blind: 87.3% recall (131/150), 4.4% false alarms (8/180); before: 74.7% /
    3.9%; rules alone: 34.7% / 2.2%. Its errors were read after the sixth round, and it has
    been one of the sets that choose the threshold since the seventh: 92.0% (138/150), 3.3%
    (6/180) then; 95.3% (143/150), 2.8% (5/180) after the ninth. A regression floor with a small
    margin.
    """
    combined = _fresh_set(check, "crisis_fresh5", lines=330, counts=(150, 180))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.92, combined.misses


def test_rules_or_semantic_on_the_sixth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the seventh round, scored once before and once after it
    (docs/MODERATION.md, "Seventh round"), blind: 85.8% recall (133/155), 6.5% false alarms
    (12/186); before: 81.9% / 7.0%; rules alone: 36.8% / 4.3%. Its errors were read after the
    seventh round and it has been one of the sets that choose the threshold since the eighth:
    90.3% (140/155), 6.5% (12/186) then; 91.0% (141/155), 5.4% (10/186) after the ninth. This is
    a regression floor with a small margin, not a claim.
    """
    combined = _fresh_set(check, "crisis_fresh6", lines=341, counts=(155, 186))
    assert combined.false_alarm_rate <= 0.06, combined.false_alarms
    assert combined.recall >= 0.90, combined.misses


def test_rules_or_semantic_on_the_seventh_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the eighth round, scored once before and once after it
    (docs/MODERATION.md, "Eighth round"), blind: 85.1% recall (131/154), 6.0% false alarms
    (11/183); before: 83.1% / 6.0%; rules alone: 35.1% / 2.7%. Its errors were read after the
    eighth round (they briefed the ninth round's rule changes and training files), and it has
    been one of the sets that choose the threshold since the ninth: 91.6% (141/154), 3.3%
    (6/183) then. A regression floor with a small margin, not a blind measurement.
    """
    combined = _fresh_set(check, "crisis_fresh7", lines=337, counts=(154, 183))
    assert combined.false_alarm_rate <= 0.04, combined.false_alarms
    assert combined.recall >= 0.91, combined.misses


def test_rules_or_semantic_on_the_eighth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the ninth round's changes were measured and scored blind then: 94.1% recall
    (144/153), 5.3% false alarms (10/189), the same before and after (docs/MODERATION.md, "Ninth
    round"). Its errors were read at the start of the tenth round (they briefed its rule changes
    and training files), and it has been one of the sets that choose the threshold since:
    99.3% (152/153), 4.8% (9/189) then. A regression floor, not a blind measurement.
    """
    combined = _fresh_set(check, "crisis_fresh8", lines=342, counts=(153, 189))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.98, combined.misses


def test_rules_or_semantic_on_the_ninth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written after the ninth round and scored blind then: 97.5% (156/160), 5.1% (10/195).
    Its errors were read at the start of the tenth round, and it has been one of the sets that
    choose the threshold since: 99.4% (159/160), 2.6% (5/195) then. A regression floor, not a
    blind measurement.
    """
    combined = _fresh_set(check, "crisis_fresh9", lines=355, counts=(160, 195))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.98, combined.misses


def test_rules_or_semantic_on_the_tenth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written after the ninth round and scored blind then: 89.7% (140/156), 4.9% (9/184). Its
    errors were read at the start of the tenth round, and it has been one of the sets that
    choose the threshold since: 98.7% (154/156), 2.7% (5/184) then. A regression floor, not a
    blind measurement.
    """
    combined = _fresh_set(check, "crisis_fresh10", lines=340, counts=(156, 184))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarms
    assert combined.recall >= 0.97, combined.misses


def test_rules_or_semantic_on_the_eleventh_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written by a writer who saw no detector, code or other set, before the tenth round's
    changes were measured, and scored before and after them, counts only (docs/MODERATION.md,
    "Tenth round"); it chooses nothing, and nobody read its lines or its errors.

    Measured in the tenth round: 92.8% recall (141/152), 2.7% false alarms (5/187); rules alone
    51.3% / 1.1%, the model alone 90.1% / 1.6%. Unchanged by the eleventh round's rules. A
    regression floor with a small margin, not a claim. Failures print counts only, to keep the
    set blind.
    """
    combined = _fresh_set(check, "crisis_fresh11", lines=339, counts=(152, 187))
    assert combined.false_alarm_rate <= 0.04, combined.false_alarm_rate
    assert combined.recall >= 0.91, combined.recall


def test_rules_or_semantic_on_the_twelfth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written like the eleventh set, by its own writer, and scored the same way
    (docs/MODERATION.md, "Tenth round"); it chooses nothing, and nobody read its lines or its
    errors.

    Measured in the tenth round: 92.5% recall (147/159), 3.5% false alarms (7/202); rules alone
    59.1% / 2.0%, the model alone 87.4% / 2.0%. Unchanged by the eleventh round's rules. A
    regression floor with a small margin, not a claim. Failures print counts only, to keep the
    set blind.
    """
    combined = _fresh_set(check, "crisis_fresh12", lines=361, counts=(159, 202))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarm_rate
    assert combined.recall >= 0.91, combined.recall


def test_rules_or_semantic_on_the_thirteenth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the eleventh round by a writer who saw no detector, code or other set,
    briefed to make a third of the crisis lines quiet and understated and a third of the ok
    lines look-alikes; scored before and after the round, counts only (docs/MODERATION.md,
    "Eleventh round"). It chooses nothing, and nobody read its lines or its errors.

    Measured with the shipped detector, before and after the round's rules alike: 83.1% recall
    (138/166), 7.2% false alarms (17/237); rules alone 28.9% / 3.8%, the model alone 81.9% /
    4.2%. Neither target is met on this set. After the twelfth round (the retrained model):
    86.1% (143/166) / 5.9% (14/237). A regression floor with a small margin, not a claim.
    Failures print counts only.
    """
    combined = _fresh_set(check, "crisis_fresh13", lines=403, counts=(166, 237))
    assert combined.false_alarm_rate <= 0.08, combined.false_alarm_rate
    assert combined.recall >= 0.81, combined.recall


def test_rules_or_semantic_on_the_fourteenth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written like the thirteenth set, by its own writer, and scored the same way.

    Measured with the shipped detector, before and after the round's rules alike: 92.2% recall
    (142/154), 5.5% false alarms (12/220); rules alone 33.8% / 1.4%, the model alone 91.6% /
    4.1%. Neither target is met on this set. After the twelfth round: 94.8% (146/154) / 3.2%
    (7/220). A regression floor with a small margin, not a claim. Failures print counts only.
    """
    combined = _fresh_set(check, "crisis_fresh14", lines=374, counts=(154, 220))
    assert combined.false_alarm_rate <= 0.065, combined.false_alarm_rate
    assert combined.recall >= 0.90, combined.recall


def test_rules_or_semantic_on_the_fifteenth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written before the twelfth round with the thirteenth set's brief, by a writer who saw no
    detector, code or other set; scored before and after the round, counts only
    (docs/MODERATION.md, "Twelfth round"). It chooses nothing, and nobody read its lines or its
    errors.

    Before the round: 93.1% recall (162/174), 6.5% false alarms (16/246). After it (the
    retrained model at 0.5848): 91.4% (159/174), 4.1% (10/246); rules alone 40.2% / 2.8%, the
    model alone 89.7% / 1.6%. A regression floor with a small margin, not a claim. Failures
    print counts only.
    """
    combined = _fresh_set(check, "crisis_fresh15", lines=420, counts=(174, 246))
    assert combined.false_alarm_rate <= 0.05, combined.false_alarm_rate
    assert combined.recall >= 0.90, combined.recall


def test_rules_or_semantic_on_the_sixteenth_fresh_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Written like the fifteenth set, by its own writer, and scored the same way.

    Before the round: 93.8% recall (165/176), 4.4% false alarms (11/250). After it: 94.3%
    (166/176), 3.6% (9/250); rules alone 56.2% / 2.0%, the model alone 90.3% / 1.6%. A
    regression floor with a small margin, not a claim. Failures print counts only.
    """
    combined = _fresh_set(check, "crisis_fresh16", lines=426, counts=(176, 250))
    assert combined.false_alarm_rate <= 0.045, combined.false_alarm_rate
    assert combined.recall >= 0.93, combined.recall


def _fresh_set(check: SemanticCrisisCheck, kind: str, lines: int, counts: tuple[int, int]) -> Score:
    """Rules OR semantic on the fresh evaluation set ``kind``, after checking it is the frozen set:
    its number of lines and its ``(crisis, ok)`` counts."""
    rows = load(kind, "eval")
    assert len(rows) == lines
    combined = score_crisis(rows, _Either(CrisisCheck(), check))
    assert (combined.positives, combined.negatives) == counts
    return combined


class _Either(Check):
    """Flags ``crisis`` when either of two checks does (rules OR semantic)."""

    code = "crisis_either"

    def __init__(self, first: Check, second: Check) -> None:
        self.first, self.second = first, second

    def check(self, text: str, context: MessageContext) -> Verdict:
        verdict = self.first.check(text, context)
        return verdict if verdict.flags else self.second.check(text, context)


@pytest.mark.parametrize(
    "text",
    [
        "are you thinking about suicide?",
        "have you thought about killing yourself?",
        "do you have a plan to end your life?",
        "is there anything you could use to hurt yourself nearby?",
    ],
)
def test_a_mentors_direct_questions_are_not_read_as_the_senders_crisis(check: SemanticCrisisCheck, text: str) -> None:
    # Asking directly is what mentors are trained to do; the answer is what matters.
    assert check.check(text, CONTEXT).flags == ()


def test_a_question_about_oneself_is_still_read(check: SemanticCrisisCheck) -> None:
    assert check.check("would anyone even notice if i was gone?", CONTEXT).flags == ("crisis",)
    assert check.check("are you thinking about suicide? because i am", CONTEXT).flags == ("crisis",)


@pytest.mark.parametrize(
    "text",
    [
        "have you ever thought about killing yourself? i have",
        "do you have a plan to end your life? same",
        "are you thinking of hurting yourself?? cos i am",
    ],
)
def test_a_question_the_sender_answers_for_themselves_is_read_as_theirs(check: SemanticCrisisCheck, text: str) -> None:
    assert check.check(text, CONTEXT).flags == ("crisis",)


@pytest.mark.parametrize(
    ("text", "statements"),
    [
        ("are you thinking about suicide? because i am", ["i are thinking about suicide"]),
        ("are you thinking about suicide?", []),
        ("are you thinking about suicide? because i'm worried about you", []),
        ("are you coming to the party? me too", ["i are coming to the party"]),
        ("i am. are you?", []),
    ],
)
def test_only_an_echo_after_the_question_turns_it_into_the_senders_statement(text: str, statements: list[str]) -> None:
    assert echoed_questions(text) == statements


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("are you thinking about suicide?", []),
        ("are you safe tonight? i'm here. take your time", ["i'm here. take your time", "i'm here.", "take your time"]),
        ("are you ok? i want to die", ["i want to die"]),
        ("Long day. I want to die.", ["Long day. I want to die.", "Long day.", "I want to die."]),
    ],
)
def test_the_other_persons_questions_are_left_out_of_every_reading(text: str, read: list[str]) -> None:
    assert [reading for _, reading in readings(text)] == read


@pytest.mark.parametrize(
    "text",
    [
        "i'm not going to hurt myself, i just need to get this off my chest",
        "i would never do that to my kids",
        "Not going to do anything, promise",
    ],
)
def test_the_sender_saying_they_will_not_act_is_left_to_the_rules(check: SemanticCrisisCheck, text: str) -> None:
    assert denies_harm(text)
    assert readings(text) == []
    assert _Either(CrisisCheck(), check).check(text, CONTEXT).flags == ()


@pytest.mark.parametrize(
    "text",
    [
        "i won't hurt myself but i want to die",
        "i'm not going to hurt myself, i'm going to kill myself",
        "i won't kill myself unless it gets worse",
        "i won't cut, i'll just take all my pills",
    ],
)
def test_a_denial_followed_by_something_else_is_still_read(check: SemanticCrisisCheck, text: str) -> None:
    assert not denies_harm(text)
    assert check.check(text, CONTEXT).flags == (FLAG_CRISIS,)


def test_a_denial_is_left_out_of_the_whole_message_reading_too() -> None:
    text = "I'm not going to hurt myself. Rough day at work though"
    assert [reading for _, reading in readings(text)] == ["Rough day at work though"]


def test_an_echoed_ordinary_question_stays_ordinary(check: SemanticCrisisCheck) -> None:
    assert check.check("are you coming to the party? me too", CONTEXT).flags == ()


@pytest.mark.parametrize("text", ["that is a bit odd", "feeling a bit odd today", "what an odd thing to say"])
def test_odd_is_not_read_as_an_overdose(check: SemanticCrisisCheck, text: str) -> None:
    assert check.check(text, CONTEXT).flags == ()


def test_an_abbreviated_overdose_is_still_read(check: SemanticCrisisCheck) -> None:
    assert check.check("i OD'd on my meds", CONTEXT).flags == ("crisis",)


@pytest.mark.parametrize(
    "text",
    [
        "quiero vivir en Madrid algún día",
        "ich will nach Hause",
        "je veux manger une pizza",
        "voglio una pizza",
        "que tal tu semana",
        "dziękuję bardzo za pomoc",
        "met Oluwaseun and Chidinma at Ikeja yesterday",
    ],
)
def test_ordinary_sentences_in_other_languages_and_names_are_not_flagged(check: SemanticCrisisCheck, text: str) -> None:
    assert not _Either(CrisisCheck(), check).check(text, CONTEXT).flags


def test_random_letters_are_rarely_read_as_crisis(check: SemanticCrisisCheck) -> None:
    """Words the model cannot read must not look like crisis to it. A model retrained with crisis
    lines in other languages flagged 6.9% of such messages and ordinary Spanish and German; the
    shipped one 1.0%."""
    rng = random.Random(7)
    texts = [
        " ".join("".join(rng.choice(string.ascii_lowercase) for _ in range(n)) for n in (6, 5, 7)) for _ in range(600)
    ]
    flagged = int((check.probabilities(texts) >= check.threshold).sum())
    assert flagged <= 12, flagged

"""The semantic crisis check: numpy encoder fidelity, classifier behaviour, combined quality.

The encoder is checked against embeddings computed by the sentence-transformers reference
implementation (``data/minilm_reference.npz``). The quality test scores the final evaluation
set, which was written before the model was trained and is never used to train or tune it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chat.moderation.base import FLAG_CRISIS, Action, Check, MessageContext, Pipeline, Verdict
from chat.moderation.crisis import REASON, CrisisCheck
from chat.moderation.evaluation import load, score_crisis
from chat.moderation.minilm import DIM, MODEL_ID, load_encoder
from chat.moderation.semantic import (
    CODE,
    TRAINING_SETS,
    CrisisModel,
    SemanticCrisisCheck,
    crisis_probability,
    load_semantic_check,
    prepare,
    segments,
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


def test_the_artifact_matches_the_encoder_and_the_current_training_data(check: SemanticCrisisCheck) -> None:
    model = CrisisModel.load()
    assert check.code == CODE == "crisis_semantic"
    assert model.model_id == MODEL_ID
    assert 0.5 < model.threshold < 1.0
    rows = [(row.label, row.text) for kind, split in TRAINING_SETS for row in load(kind, split)]
    # A changed training set needs `python bench/train_crisis_model.py train`.
    assert model.training_hash == training_hash(rows)
    held_out = load("crisis_semantic", "eval") + load("crisis_redteam", "b")
    evaluation = {row.text for row in held_out}
    assert not evaluation & {text for _, text in rows}


def test_rules_or_semantic_on_the_final_evaluation_set(check: SemanticCrisisCheck) -> None:
    """Measured once when the model was trained: 85.1% recall, 3.3% false alarms.

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
    assert combined.recall >= 0.85, combined.misses
    assert combined.recall >= rules.recall + 0.15


class _Either(Check):
    """Flags ``crisis`` when either of two checks does (rules OR semantic)."""

    code = "crisis_either"

    def __init__(self, first: Check, second: Check) -> None:
        self.first, self.second = first, second

    def check(self, text: str, context: MessageContext) -> Verdict:
        verdict = self.first.check(text, context)
        return verdict if verdict.flags else self.second.check(text, context)

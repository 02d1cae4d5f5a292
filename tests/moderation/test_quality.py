"""Behaviour test of detection quality: the detectors meet their targets on held-out data.

The holdout sets were written separately from the dev sets and are not used to tune rules
(see docs/MODERATION.md). A regression here means a change made the detectors worse.
"""

from __future__ import annotations

from chat.moderation.evaluation import load, score_abuse, score_contact, score_crisis


def test_the_crisis_detector_meets_its_targets_on_the_holdout_set() -> None:
    score = score_crisis(load("crisis", "holdout"))
    assert score.positives >= 75
    assert score.negatives >= 70
    assert score.recall >= 0.95, score.misses
    assert score.false_alarm_rate <= 0.05, score.false_alarms


def test_the_contact_detector_meets_its_targets_on_the_holdout_set() -> None:
    score = score_contact(load("contact", "holdout"))
    assert score.positives >= 45
    assert score.negatives >= 45
    assert score.recall >= 0.95, score.misses
    assert score.false_alarm_rate <= 0.10, score.false_alarms


def test_the_abuse_detector_meets_its_targets_on_the_holdout_set() -> None:
    score = score_abuse(load("abuse", "holdout"))
    assert score.positives >= 40
    assert score.negatives >= 25
    assert score.recall >= 0.90, score.misses
    assert score.precision >= 0.90, score.false_alarms


def test_the_labelled_sets_are_large_enough_and_disjoint() -> None:
    for kind, minimum in (("crisis", 300), ("contact", 200), ("abuse", 150)):
        dev = {row.text for row in load(kind, "dev")}
        holdout = {row.text for row in load(kind, "holdout")}
        assert len(dev) + len(holdout) >= minimum
        assert not dev & holdout

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


# --- independent red-team sets (docs/MODERATION.md, "Independent red-team evaluation")


def test_the_contact_detector_meets_its_targets_on_the_held_out_red_team_set() -> None:
    score = score_contact(load("contact_redteam", "b"))
    assert score.positives >= 70
    assert score.negatives >= 70
    assert score.recall >= 0.95, score.misses
    assert score.false_alarm_rate <= 0.10, score.false_alarms


def test_the_detectors_keep_their_results_on_the_red_team_tuning_set() -> None:
    # Set A was used to develop the rules, so this guards against regressions; it says nothing
    # about unseen phrasing (set B does; its crisis recall is below target, see the docs).
    crisis = score_crisis(load("crisis_redteam", "a"))
    assert crisis.recall >= 0.95, crisis.misses
    assert crisis.false_alarm_rate <= 0.05, crisis.false_alarms
    contact = score_contact(load("contact_redteam", "a"))
    assert contact.recall >= 0.95, contact.misses
    assert contact.false_alarm_rate <= 0.10, contact.false_alarms


def test_the_red_team_sets_are_large_enough_and_disjoint() -> None:
    for kind, minimum in (("crisis", 250), ("contact", 120)):
        a = {row.text for row in load(f"{kind}_redteam", "a")}
        b = {row.text for row in load(f"{kind}_redteam", "b")}
        assert len(a) >= minimum
        assert len(b) >= minimum
        assert not a & b


# --- rule false alarms on ordinary chat and on the newest blind set (docs/MODERATION.md, "Fourth round")


def test_the_crisis_rules_raise_no_false_alarm_on_everyday_chat() -> None:
    for kind, split in (("crisis_everyday", "eval"), ("crisis_semantic", "train3")):
        score = score_crisis(load(kind, split))
        assert score.negatives >= 230
        assert score.fp == 0, score.false_alarms


def test_the_crisis_rules_keep_their_level_on_the_third_fresh_set() -> None:
    """Rules alone, measured after the fourth round: 34.6% recall (44/127), 3.8% false alarms (5/133)."""
    score = score_crisis(load("crisis_fresh3", "eval"))
    assert score.recall >= 0.32, score.misses
    assert score.false_alarm_rate <= 0.05, score.false_alarms

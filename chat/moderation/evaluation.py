"""Scoring the detectors against the labelled sets in ``data/`` (used by the bench and tests).

Set files are TSV, ``#`` starts a comment line:

* ``crisis_<split>.tsv``: ``crisis|ok<TAB>text``
* ``contact_<split>.tsv``: ``mask<TAB>text<TAB>part[<TAB>part...]`` or ``keep<TAB>text``
* ``abuse_<split>.tsv``: ``hold|mask|ok<TAB>text`` (expected action with no prior offences)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .abuse import AbuseCheck
from .base import Action, Check, MessageContext
from .contact import ContactCheck
from .crisis import CrisisCheck

DATA_DIR = Path(__file__).resolve().parent / "data"
SPLITS = ("dev", "holdout")


@dataclass(frozen=True, slots=True)
class Row:
    label: str
    text: str
    parts: tuple[str, ...] = ()


@dataclass(slots=True)
class Score:
    """Binary confusion counts plus the examples that went wrong."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)  # positives not flagged (or not fully masked)
    false_alarms: list[str] = field(default_factory=list)
    wrong_action: list[str] = field(default_factory=list)  # flagged, but not the expected action
    exact: int = 0  # rows whose action matched the label exactly (abuse)

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn

    @property
    def recall(self) -> float:
        return self.tp / self.positives if self.positives else 1.0

    @property
    def precision(self) -> float:
        flagged = self.tp + self.fp
        return self.tp / flagged if flagged else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.fp / self.negatives if self.negatives else 0.0


def load(kind: str, split: str) -> list[Row]:
    """Rows of ``data/<kind>_<split>.tsv``. Precondition: the file exists."""
    rows: list[Row] = []
    for line in (DATA_DIR / f"{kind}_{split}.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text, *parts = line.split("\t")
        rows.append(Row(label.strip(), text, tuple(parts)))
    return rows


def score_crisis(rows: list[Row], check: Check | None = None) -> Score:
    """Flagged-``crisis`` vs the ``crisis`` label."""
    check = check or CrisisCheck()
    score = Score()
    for row in rows:
        flagged = "crisis" in check.check(row.text, MessageContext()).flags
        _count(score, row.label == "crisis", flagged, row.text)
    return score


def score_contact(rows: list[Row], check: Check | None = None) -> Score:
    """A ``mask`` row is caught when every listed part is covered by masked spans.

    Whitespace inside a part need not be covered; everything else must be. A ``keep`` row is a
    false mask when anything at all is masked.
    """
    check = check or ContactCheck()
    score = Score()
    for row in rows:
        verdict = check.check(row.text, MessageContext())
        covered = {i for span in verdict.spans for i in range(span.start, span.end)}
        if row.label == "mask":
            caught = all(_covered(row.text, part, covered) for part in row.parts)
            _count(score, True, caught, row.text)
        else:
            _count(score, False, bool(verdict.spans), row.text)
    return score


def score_abuse(rows: list[Row], check: Check | None = None) -> Score:
    """Flagged-``abuse`` vs ``hold``/``mask`` labels; also counts exact action matches."""
    check = check or AbuseCheck()
    score = Score()
    for row in rows:
        verdict = check.check(row.text, MessageContext())
        flagged = "abuse" in verdict.flags
        expected = {"hold": Action.HOLD, "mask": Action.MASK}.get(row.label, Action.DELIVER)
        actual = verdict.action if flagged else Action.DELIVER
        _count(score, expected is not Action.DELIVER, flagged, row.text)
        if actual is expected:
            score.exact += 1
        elif flagged and expected is not Action.DELIVER:
            score.wrong_action.append(f"{row.text}  (expected {expected.value}, got {actual.value})")
    return score


def _covered(text: str, part: str, covered: set[int]) -> bool:
    start = text.find(part)
    if start < 0:
        return False
    return all(i in covered for i in range(start, start + len(part)) if not text[i].isspace())


def _count(score: Score, positive: bool, flagged: bool, text: str) -> None:
    if positive and flagged:
        score.tp += 1
    elif positive:
        score.fn += 1
        score.misses.append(text)
    elif flagged:
        score.fp += 1
        score.false_alarms.append(text)
    else:
        score.tn += 1

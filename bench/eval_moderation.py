"""Evaluate the moderation detectors on the labelled dev, holdout and red-team sets.

    .venv/bin/python bench/eval_moderation.py            # print the results
    .venv/bin/python bench/eval_moderation.py --write    # also update docs/MODERATION.md

The results replace the section of docs/MODERATION.md between the ``results:start`` and
``results:end`` markers; the rest of that document is written by hand.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chat.moderation import MessageContext, default_pipeline  # noqa: E402
from chat.moderation.evaluation import SPLITS, Row, Score, load, score_abuse, score_contact, score_crisis  # noqa: E402

DOC = ROOT / "docs" / "MODERATION.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
SCORERS: dict[str, Callable[[list[Row]], Score]] = {
    "crisis": score_crisis,
    "contact": score_contact,
    "abuse": score_abuse,
}
#: Independent red-team sets (``data/<kind>_redteam_<a|b>.tsv``): A was used for tuning, B is held out.
REDTEAM: dict[str, str] = {"red-team A": "a", "red-team B": "b"}
REDTEAM_KINDS = ("crisis", "contact")


def all_sets() -> list[tuple[str, str, list[Row]]]:
    """``(kind, row label, rows)`` for every labelled set, in report order."""
    sets = [(kind, split, load(kind, split)) for kind in SCORERS for split in SPLITS]
    for kind in REDTEAM_KINDS:
        sets += [(kind, label, load(f"{kind}_redteam", split)) for label, split in REDTEAM.items()]
    return sets


def pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def results_markdown() -> str:
    scores = {(kind, split): SCORERS[kind](rows) for kind, split, rows in all_sets()}
    with_redteam = [*SPLITS, *REDTEAM]
    out: list[str] = []
    out.append("### Crisis (`crisis`)\n")
    out.append("| set | positives | negatives | recall | false-alarm rate | precision |")
    out.append("|---|---|---|---|---|---|")
    for split in with_redteam:
        s = scores[("crisis", split)]
        out.append(
            f"| {split} | {s.positives} | {s.negatives} | {pct(s.recall)} ({s.tp}/{s.positives}) "
            f"| {pct(s.false_alarm_rate)} ({s.fp}/{s.negatives}) | {pct(s.precision)} |"
        )
    out.append("\n### Contact details (`contact_details`)\n")
    out.append("| set | to mask | to keep | caught | false masks | precision |")
    out.append("|---|---|---|---|---|---|")
    for split in with_redteam:
        s = scores[("contact", split)]
        out.append(
            f"| {split} | {s.positives} | {s.negatives} | {pct(s.recall)} ({s.tp}/{s.positives}) "
            f"| {pct(s.false_alarm_rate)} ({s.fp}/{s.negatives}) | {pct(s.precision)} |"
        )
    out.append("\n### Abuse (`abuse`)\n")
    out.append("| set | abusive | fine | recall | precision | false-alarm rate | exact action |")
    out.append("|---|---|---|---|---|---|---|")
    for split in SPLITS:
        s = scores[("abuse", split)]
        total = s.positives + s.negatives
        out.append(
            f"| {split} | {s.positives} | {s.negatives} | {pct(s.recall)} ({s.tp}/{s.positives}) "
            f"| {pct(s.precision)} | {pct(s.false_alarm_rate)} ({s.fp}/{s.negatives}) "
            f"| {pct(s.exact / total)} ({s.exact}/{total}) |"
        )
    out.append("\n### Errors\n")
    for (kind, split), s in scores.items():
        errors = [("missed", s.misses), ("false alarm", s.false_alarms), ("wrong action", s.wrong_action)]
        lines = [f"- {what}: `{text}`" for what, texts in errors for text in texts]
        out.append(f"**{kind} / {split}**:" + (" none" if not lines else ""))
        out.extend(lines)
        out.append("")
    out.append("### Speed\n")
    out.append(timing_markdown())
    return "\n".join(out).rstrip() + "\n"


def timing_markdown() -> str:
    """Per-message time of the whole default pipeline over every labelled message."""
    pipeline = default_pipeline()
    context = MessageContext()
    texts = [row.text for _, _, rows in all_sets() for row in rows]
    long_text = " ".join(texts)[:500]
    for text in texts:  # warm the normalisation caches like a running server would be
        pipeline.run(text, context)
    samples = []
    for text in texts:
        start = time.perf_counter()
        pipeline.run(text, context)
        samples.append((time.perf_counter() - start) * 1000)
    long_samples = []
    for _ in range(50):
        start = time.perf_counter()
        pipeline.run(long_text, context)
        long_samples.append((time.perf_counter() - start) * 1000)
    p95 = statistics.quantiles(samples, n=20)[-1]
    return (
        f"Whole pipeline, {len(samples)} labelled messages: mean {statistics.mean(samples):.2f} ms, "
        f"p95 {p95:.2f} ms, max {max(samples):.2f} ms. A 500-character message made of several "
        f"labelled lines (many flags at once): median {statistics.median(long_samples):.2f} ms. "
        "Numbers from the machine that last ran the bench; they vary with hardware."
    )


def write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8")
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    DOC.write_text(f"{head}{START}\n\n{section}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update the results section of docs/MODERATION.md")
    args = parser.parse_args()
    section = results_markdown()
    print(section)
    if args.write:
        write_doc(section)
        print(f"updated {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

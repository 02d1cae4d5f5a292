"""Find lines of a crisis set that are near-duplicates of lines in the other crisis sets.

    .venv/bin/python bench/near_duplicates.py chat/moderation/data/crisis_new.tsv          # report
    .venv/bin/python bench/near_duplicates.py chat/moderation/data/crisis_new.tsv --drop   # rewrite without them

A line is a near-duplicate when its string similarity (``difflib`` ratio of the lowercased
texts) to any line of any other ``crisis_*.tsv`` set is at least 0.8, or the cosine of their
all-MiniLM-L6-v2 embeddings is at least 0.85. Exact duplicates inside the file count too.
With ``--against-evaluation`` only the evaluation sets (``semantic.EVALUATION_SETS``) are
compared: training lines must stay away from those, not from each other.
Only the texts are compared (labels are never read), so the tool can be run on a blind set
without looking at how the detectors score it. Comment lines are kept.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Several of these often run at once on a small machine: one BLAS thread each.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chat.moderation.evaluation import DATA_DIR, load  # noqa: E402
from chat.moderation.minilm import DIM, load_encoder  # noqa: E402
from chat.moderation.semantic import EVALUATION_SETS  # noqa: E402

STRING_SIMILARITY = 0.8
EMBEDDING_COSINE = 0.85
#: Embeddings of lines already seen, so that a rerun encodes only new lines.
CACHE = Path(tempfile.gettempdir()) / "kindred-near-duplicates-cache.npz"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def encode_cached(texts: list[str]) -> np.ndarray:
    """The encoder's embeddings of ``texts``, reusing those cached by earlier runs."""
    cached: dict[str, np.ndarray] = {}
    try:
        with np.load(CACHE, allow_pickle=False) as data:
            cached = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    except (OSError, KeyError, ValueError):
        pass
    keys = [_key(t) for t in texts]
    missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cached}.items())
    if missing:
        vectors = load_encoder().encode([t for _, t in missing])
        cached.update(zip([k for k, _ in missing], vectors, strict=True))
        tmp = CACHE.with_suffix(f".{os.getpid()}.npz")
        np.savez(tmp, keys=np.array(list(cached)), vectors=np.stack(list(cached.values())))
        os.replace(tmp, CACHE)
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.stack([cached[k] for k in keys]).astype(np.float32)


def near_duplicates(candidates: list[str], others: list[str]) -> dict[int, str]:
    """Index of each near-duplicate candidate → why (the closest other line and the measure)."""
    cand = encode_cached(candidates)
    other = encode_cached(others)
    lowered = [t.lower() for t in others]
    found: dict[int, str] = {}
    seen: dict[str, int] = {}
    for i, text in enumerate(candidates):
        low = text.lower()
        if low in seen:
            found[i] = f"same as line {seen[low] + 1} of this file"
            continue
        seen[low] = i
        if len(others):
            cos = other @ cand[i]
            j = int(np.argmax(cos))
            if cos[j] >= EMBEDDING_COSINE:
                found[i] = f"cosine {cos[j]:.2f} to {others[j]!r}"
                continue
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(low)
        for j, o in enumerate(lowered):
            matcher.set_seq1(o)
            if (
                matcher.real_quick_ratio() >= STRING_SIMILARITY
                and matcher.quick_ratio() >= STRING_SIMILARITY
                and matcher.ratio() >= STRING_SIMILARITY
            ):
                found[i] = f"string similarity {matcher.ratio():.2f} to {others[j]!r}"
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--against-evaluation", action="store_true", help="compare with the evaluation sets only")
    parser.add_argument("--drop", action="store_true", help="rewrite the file without the near-duplicates")
    args = parser.parse_args()
    path = args.path.resolve()
    sets = sorted(DATA_DIR.glob("crisis_*.tsv"))
    if args.against_evaluation:
        sets = [DATA_DIR / f"{kind}_{split}.tsv" for kind, split in EVALUATION_SETS]
    others = [row.text for p in sets if p.resolve() != path for row in load(*p.stem.rsplit("_", 1))]
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [(n, line) for n, line in enumerate(lines) if line.strip() and not line.startswith("#")]
    found = near_duplicates([line.split("\t", 1)[-1] for _, line in rows], others)
    for k, why in sorted(found.items()):
        print(f"{rows[k][0] + 1}: {rows[k][1].split(chr(9), 1)[-1]!r}: {why}")
    print(f"{len(found)} of {len(rows)} lines are near-duplicates of other sets' lines")
    if args.drop and found:
        drop = {rows[k][0] for k in found}
        path.write_text("\n".join(line for n, line in enumerate(lines) if n not in drop) + "\n", encoding="utf-8")
        print(f"rewrote {path} without them")


if __name__ == "__main__":
    main()

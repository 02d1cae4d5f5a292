"""TF-IDF model of free text (bios, recovery stories, goals).

The vocabulary and IDF weights are fitted once, on the mentor texts of the
pool, when an index is built. Later texts - new or edited mentors, and every
mentee query - are transformed with that fitted model: words the model has
never seen are ignored and IDF weights do not move. That keeps updates cheap
and scores stable between rebuilds; the cost is that a word only new mentors
use carries no weight until the next periodic rebuild (for example a nightly
``MentorIndex.build``). Mentee words missing from the mentor vocabulary
could never match a mentor anyway, so fitting on mentors only loses nothing
for queries.

Settings: English stop words (plus a few filler words common in personal
stories), sublinear term frequency, L2-normalised rows, and terms used by
more than half of the mentors dropped once there are enough mentors for that
to mean something (they carry no ranking signal and slow the inverted index).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

_MAX_DF = 0.5
_MIN_DOCS_FOR_MAX_DF = 20
# Filler that personal stories use constantly; as "shared interests" in an
# explanation they would read as noise.
_EXTRA_STOP_WORDS = frozenset(
    [
        "want",
        "like",
        "going",
        "feel",
        "felt",
        "know",
        "make",
        "made",
        "help",
        "helped",
        "used",
        "really",
        "just",
        "got",
        "way",
        "things",
        "thing",
        "day",
        "days",
        "time",
        "times",
        "years",
        "year",
        "long",
        "lot",
        "ve",
        "ll",
        "don",
        "try",
        "tried",
        "people",
        "person",
        "life",
        "lived",
        "living",
        "love",
        "keep",
        "keeps",
        "kept",
        "finally",
        "ordinary",
        "im",
        "id",
    ]
)
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | _EXTRA_STOP_WORDS)
# Below this many texts a hand-rolled transform beats sklearn's per-call
# validation overhead (about 1 ms), which matters for single queries.
_SMALL_BATCH = 16


class TextModel:
    """A fitted TF-IDF vectoriser producing L2-normalised sparse rows.

    Cosine similarity of two texts is the dot product of their rows. A model
    fitted on no usable text has an empty vocabulary; every text then maps
    to an all-zero row and similarity is 0.
    """

    def __init__(self, vectorizer: TfidfVectorizer | None) -> None:
        self._vectorizer = vectorizer
        if vectorizer is not None:
            self._terms: npt.NDArray[np.str_] = vectorizer.get_feature_names_out()
            self._vocabulary: dict[str, int] = {str(k): int(v) for k, v in vectorizer.vocabulary_.items()}
            self._idf: npt.NDArray[np.float64] = np.asarray(vectorizer.idf_, dtype=np.float64)
            self._analyzer: Callable[[str], list[str]] = vectorizer.build_analyzer()
        else:
            self._terms = np.array([], dtype=str)
            self._vocabulary = {}
            self._idf = np.zeros(0)

    @staticmethod
    def _vectorizer_for(n_docs: int, max_df: float) -> TfidfVectorizer:
        return TfidfVectorizer(
            lowercase=True,
            stop_words=STOP_WORDS,
            sublinear_tf=True,
            max_df=max_df if n_docs >= _MIN_DOCS_FOR_MAX_DF else 1.0,
            dtype=np.float64,
        )

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TextModel:
        return cls.fit_transform(texts)[0]

    @classmethod
    def fit_transform(cls, texts: Sequence[str]) -> tuple[TextModel, sp.csr_matrix]:
        """Fit on ``texts`` and return their rows too (one tokenisation pass)."""
        for max_df in (_MAX_DF, 1.0):
            vectorizer = cls._vectorizer_for(len(texts), max_df)
            try:
                matrix = vectorizer.fit_transform(texts)
            except ValueError:
                # Empty vocabulary (no texts, or only stop words) or a df
                # limit that prunes everything: retry without it, then give up.
                continue
            return cls(vectorizer), _canonical(matrix)
        model = cls(None)
        return model, model.transform(texts)

    @property
    def vocabulary_size(self) -> int:
        return int(self._terms.size)

    @property
    def terms(self) -> npt.NDArray[np.str_]:
        return self._terms

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of shape (len(texts), vocabulary_size), each of norm 1 or 0."""
        if self._vectorizer is None:
            return sp.csr_matrix((len(texts), 0), dtype=np.float64)
        if len(texts) > _SMALL_BATCH:
            return _canonical(self._vectorizer.transform(texts))
        indptr = [0]
        indices: list[npt.NDArray[np.int32]] = []
        data: list[npt.NDArray[np.float64]] = []
        for text in texts:
            idx, val = self.transform_one(text)
            indices.append(idx)
            data.append(val)
            indptr.append(indptr[-1] + idx.size)
        return sp.csr_matrix(
            (
                np.concatenate(data) if data else np.zeros(0),
                np.concatenate(indices) if indices else np.zeros(0, dtype=np.int32),
                np.asarray(indptr),
            ),
            shape=(len(texts), self.vocabulary_size),
        )

    def transform_one(self, text: str) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]:
        """Sorted term indices and L2-normalised weights of one text.

        Same arithmetic as sklearn's transform (sublinear tf, idf, l2 norm).
        """
        counts: dict[int, int] = {}
        vocabulary = self._vocabulary
        for token in self._analyzer(text) if self._vectorizer is not None else ():
            j = vocabulary.get(token)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        if not counts:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        idx = np.fromiter(sorted(counts), dtype=np.int32, count=len(counts))
        tf = np.fromiter((counts[j] for j in idx.tolist()), dtype=np.float64, count=idx.size)
        values = (np.log(tf) + 1.0) * self._idf[idx]
        norm = np.sqrt(np.dot(values, values))
        return idx, values / norm if norm > 0 else values


def _canonical(matrix: sp.spmatrix) -> sp.csr_matrix:
    out = sp.csr_matrix(matrix, dtype=np.float64)
    out.sort_indices()
    return out

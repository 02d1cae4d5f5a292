"""TF-IDF model of free text (bios, recovery stories, goals).

The vocabulary and IDF weights are fitted once, on the mentor texts of the
pool, when an index is built. Later texts - new or edited mentors, and every
mentee query - are transformed with that fitted model: words the model has
never seen are ignored and IDF weights do not move. That keeps updates cheap
and scores stable between rebuilds; the cost is that a word that only new
mentors use carries no weight until the next periodic rebuild (for example a
nightly ``MentorIndex.build``). Mentee words missing from the mentor
vocabulary could never match a mentor anyway, so fitting on mentors only
loses nothing for queries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

# Terms used by more than half of all mentors carry almost no ranking signal
# but make the inverted index slow; drop them once the pool is big enough for
# document frequencies to mean something.
_MAX_DF = 0.5
_MIN_DOCS_FOR_MAX_DF = 20


class TextModel:
    """A fitted TF-IDF vectoriser producing L2-normalised sparse rows.

    Cosine similarity of two texts is the dot product of their rows.
    A model fitted on no usable text has an empty vocabulary; every text then
    maps to an all-zero row and similarity is 0.
    """

    def __init__(self, vectorizer: TfidfVectorizer | None) -> None:
        self._vectorizer = vectorizer
        self._terms: npt.NDArray[np.str_] = (
            vectorizer.get_feature_names_out() if vectorizer is not None else np.array([], dtype=str)
        )

    @classmethod
    def fit(cls, texts: Sequence[str]) -> TextModel:
        max_df = _MAX_DF if len(texts) >= _MIN_DOCS_FOR_MAX_DF else 1.0
        for df_limit in (max_df, 1.0):
            vectorizer = TfidfVectorizer(
                lowercase=True,
                stop_words="english",
                sublinear_tf=True,
                max_df=df_limit,
                dtype=np.float64,
            )
            try:
                vectorizer.fit(texts)
            except ValueError:
                # Empty vocabulary (no texts, or only stop words) or a df
                # limit that prunes everything: retry without it, then give up.
                continue
            return cls(vectorizer)
        return cls(None)

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
        matrix = self._vectorizer.transform(texts)
        out = sp.csr_matrix(matrix, dtype=np.float64)
        out.sort_indices()
        return out
